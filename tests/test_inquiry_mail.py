"""Inquiry mail through a real SMTP server on loopback (aiosmtpd), including while it is down,
refuses a mail, or a sender dies holding one."""

import threading
from datetime import timedelta
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from inquiries import outbox
from inquiries.models import Inquiry, OutboxMessage, new_message_id
from tests.conftest import sign_in
from tests.load import SlowInbox, slow_smtp
from tests.test_inquiries import CONTACT, data

pytestmark = pytest.mark.django_db


class RefusingFirst(SlowInbox):
    """A mail server that answers the first mail it gets with a temporary failure."""

    async def answer(self, server, session, envelope):
        if sum(self.received.values()) == 1:
            return "451 4.3.0 Try again later"
        return await super().answer(server, session, envelope)


@pytest.fixture
def counting_smtp(settings):
    """A real SMTP server on loopback that counts what it receives per Message-ID."""

    def start(inbox=None):
        server = slow_smtp(delay=0, inbox=inbox)
        inbox = server.__enter__()
        servers.append(server)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
            "127.0.0.1",
            inbox.port,
            5,
        )
        return inbox

    servers = []
    yield start
    for server in servers:
        server.__exit__(None, None, None)


def test_the_staff_and_the_writer_receive_their_mails(client, demo_site, smtp):
    inbox = smtp()
    client.post(CONTACT + "?kind=general", data())
    inquiry = Inquiry.objects.get()
    assert outbox.send_due() == (2, 0)
    received = {m["to"][0]: m for m in inbox.messages}
    assert set(received) == {"uketsuke@example.jp", "hanako@example.jp"}
    assert inquiry.reference in received["hanako@example.jp"]["subject"]
    assert "受付番号：" + inquiry.reference in received["uketsuke@example.jp"]["body"]
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert outbox.send_due() == (0, 0)  # nothing is sent twice


def test_with_the_mail_server_down_nothing_is_lost(client, demo_site, smtp):
    response = client.post(CONTACT + "?kind=general", data())
    assert response.status_code == 302  # the visitor still gets the thank-you page
    assert outbox.send_due() == (0, 2)
    waiting = OutboxMessage.objects.get(purpose="confirmation")
    assert waiting.attempts == 1 and "Connection" in waiting.last_error
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert waiting.state == "再送待ち（1回失敗）"
    assert outbox.send_due() == (0, 0)  # not before its pause is over

    inbox = smtp()
    later = timezone.now() + timedelta(minutes=2)
    assert outbox.send_due(now=later) == (2, 0)
    assert len(inbox.messages) == 2
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 2


def test_backoff_grows_and_stays_at_its_longest():
    assert [outbox.pause_after(n).total_seconds() for n in (1, 2, 3)] == [60, 300, 900]
    assert outbox.pause_after(20) == outbox.pause_after(6) == timedelta(hours=12)


def test_the_command_for_cron_sends_and_reports(client, demo_site, smtp):
    inbox = smtp()
    client.post(CONTACT + "?kind=general", data())
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "Sent 2, failed 0; 0 waiting."
    assert len(inbox.messages) == 2


def test_failing_mails_are_visible_to_the_operator(client, demo_site, smtp):
    from django.contrib.auth import get_user_model

    client.post(CONTACT + "?kind=general", data())
    outbox.send_due()  # the server is down
    sign_in(client, get_user_model().objects.create_superuser("op", "op@example.jp", "pw"))
    text = client.get("/admin/outbox/", {"failing": "true"}).content.decode()
    assert text.count("再送待ち（1回失敗）") == 2
    assert "ConnectionRefusedError" in text


def test_a_cron_run_takes_no_new_mail_after_its_time(client, demo_site, smtp):
    inbox = smtp()
    client.post(CONTACT + "?kind=general", data())
    assert outbox.send_due(seconds=0) == (0, 0)  # its time is up before the first mail
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
    assert outbox.send_due(seconds=60) == (2, 0)
    assert len(inbox.messages) == 2


def test_a_mail_held_by_another_sender_is_left_to_it(client, demo_site, smtp):
    inbox = smtp()
    client.post(CONTACT + "?kind=general", data())
    held = OutboxMessage.objects.get(purpose="confirmation")
    assert outbox.claim(held, timezone.now())
    assert outbox.send_due() == (1, 0)  # the staff mail only
    assert [m["to"] for m in inbox.messages] == [["uketsuke@example.jp"]]
    # A sender that died holds it only until its claim runs out.
    later = timezone.now() + outbox.claim_time() + timedelta(seconds=1)
    assert outbox.send_due(now=later) == (1, 0)


def test_failure_logs_name_the_mail_not_the_address(client, demo_site, smtp, caplog):
    client.post(CONTACT + "?kind=general", data())
    with caplog.at_level("WARNING", logger="inquiries.outbox"):
        assert outbox.send_due() == (0, 2)
    assert "Mail " in caplog.text
    assert "@" not in caplog.text


def test_each_mail_has_a_message_id_of_its_own_at_the_sites_domain(client, demo_site, settings):
    settings.DEFAULT_FROM_EMAIL = "B型ナビ <info@b-navi.example.jp>"
    client.post(CONTACT + "?kind=general", data())
    ids = list(OutboxMessage.objects.values_list("message_id", flat=True))
    assert len(ids) == len(set(ids)) == 2
    assert all(i.startswith("<") and i.endswith("@b-navi.example.jp>") for i in ids)
    # A sender at localhost (the default): the public address's host, in ASCII for a header.
    settings.DEFAULT_FROM_EMAIL = "no-reply@localhost"
    settings.WAGTAILADMIN_BASE_URL = "https://びーなび.example/"
    assert new_message_id().endswith("@xn--q9jrb06c.example>")


def test_a_refused_mail_goes_again_with_the_same_message_id(client, demo_site, counting_smtp):
    inbox = counting_smtp(RefusingFirst(delay=0))
    client.post(CONTACT + "?kind=general", data())
    assert outbox.send_due() == (1, 1)  # the server refused the first, took the second
    later = timezone.now() + timedelta(minutes=2)
    assert outbox.send_due(now=later) == (1, 0)
    # Three mails reached the server: one of them twice, by the same Message-ID.
    stored = set(OutboxMessage.objects.values_list("message_id", flat=True))
    assert set(inbox.received) == stored
    assert sorted(inbox.received.values()) == [1, 2]
    assert sorted(inbox.acknowledged.values()) == [1, 1]
    # An answered failure is not an interruption.
    assert not OutboxMessage.objects.filter(interrupted__gt=0).exists()


def test_a_mail_whose_sender_died_goes_again_with_the_same_message_id_and_says_so(
    client, demo_site, counting_smtp, caplog
):
    inbox = counting_smtp()
    client.post(CONTACT + "?kind=general", data())
    held = OutboxMessage.objects.get(purpose="confirmation")
    # A sender claims it and hands it to the server, then dies before recording that.
    assert outbox.claim(held, timezone.now())
    outbox.email(held).send()
    assert outbox.send_due() == (1, 0)  # the staff mail; the claim still holds the other
    later = timezone.now() + outbox.claim_time() + timedelta(seconds=1)
    with caplog.at_level("WARNING", logger="inquiries.outbox"):
        assert outbox.send_due(now=later) == (1, 0)

    held.refresh_from_db()
    assert held.sent_at and held.interrupted == 1
    assert inbox.received[held.message_id] == 2  # the same Message-ID both times
    assert sum(inbox.received.values()) == 3
    assert held.resent_note == "前回の送信が途中で止まったため、同じMessage-IDで送り直しました"
    assert f"Mail {held.pk}: its last send was interrupted" in caplog.text
    assert "@" not in caplog.text  # never the address

    # The operator sees it in the outbox's list, against that mail only.
    sign_in(client, get_user_model().objects.create_superuser("op", "op@example.jp", "pw"))
    text = client.get("/admin/outbox/").content.decode()
    assert text.count(OutboxMessage.RESENT_NOTE) == 1
    detail = client.get(f"/admin/outbox/inspect/{held.pk}/").content.decode()
    assert OutboxMessage.RESENT_NOTE in detail
    assert held.message_id.strip("<>") in detail


def test_the_watching_sender_finishes_the_mail_in_hand_and_takes_no_other(
    client, demo_site, counting_smtp
):
    inbox = counting_smtp()
    client.post(CONTACT + "?kind=general", data())
    # Asked to stop while the server has the first mail's DATA (as SIGTERM would ask).
    outbox.watch(stop=lambda: bool(inbox.received), poll_seconds=0.1)
    assert len(inbox.received) == len(inbox.acknowledged) == 1
    first = OutboxMessage.objects.get(message_id__in=inbox.received)
    assert first.sent_at is not None  # recorded before it stopped
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1


def test_a_new_inquiry_starts_no_thread_in_the_web_process(
    client, demo_site, smtp, django_capture_on_commit_callbacks
):
    inbox = smtp()
    before = threading.active_count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONTACT + "?kind=general", data())
    assert threading.active_count() == before  # nothing sends beside the request
    assert inbox.messages == []
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
