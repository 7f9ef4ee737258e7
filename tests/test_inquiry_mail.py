"""Inquiry mail through a real SMTP server on loopback (aiosmtpd), including while it is down."""

from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from inquiries import outbox
from inquiries.models import Inquiry, OutboxMessage
from tests.conftest import sign_in
from tests.test_inquiries import CONTACT, data

pytestmark = pytest.mark.django_db


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
    later = timezone.now() + outbox.CLAIM + timedelta(seconds=1)
    assert outbox.send_due(now=later) == (1, 0)


def test_failure_logs_name_the_mail_not_the_address(client, demo_site, smtp, caplog):
    client.post(CONTACT + "?kind=general", data())
    with caplog.at_level("WARNING", logger="inquiries.outbox"):
        assert outbox.send_due() == (0, 2)
    assert "Mail " in caplog.text
    assert "@" not in caplog.text
