"""What office staff are shown and sent about their own page: completeness, stale facts with
links to the field's tab, and the monthly reminder (outbox, real SMTP, opt-out)."""

import re
from datetime import timedelta
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from facilities.freshness import review
from facilities.models import FacilityPage
from inquiries import outbox, reminders
from inquiries.claims import office_group
from inquiries.models import FactReminder, OutboxMessage
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo_site):
    page = FacilityPage.objects.get(title="アトリエはなみずき")
    page.openings = "open"
    page.fax, page.parking = "", ""  # two facts staff have not written yet
    page.openings_confirmed_on = timezone.localdate() - timedelta(days=40)
    page.save_revision().publish()
    return page


@pytest.fixture
def staff(office):
    user = get_user_model().objects.create_user(
        "hanamizuki", "hana@example.jp", "pw", last_name="森", first_name="さくら"
    )
    user.groups.add(office_group(office))
    return user


def test_the_dashboard_shows_staff_what_their_page_lacks_and_what_is_old(office, staff):
    page = sign_in(Client(), staff).get("/admin/").content.decode()
    assert "あなたの事業所のページ" in page
    result = review(office)
    assert f"（{result.total}項目のうち{result.known}項目を登録済み）" in page
    assert [item.label for item in result.missing] == ["FAX", "駐車場・駐輪場"]
    # The stale 空き状況 links to the tab where it is edited.
    stale = re.search(r'<a href="([^"]+)">空き状況（(\d+)年', page)
    assert stale and stale[1].endswith("#tab-" + "u898bu5b66u4f53u9a13u7a7au304d")
    for item in result.missing:
        assert f'<a href="{item.url}">{item.label}</a>' in page
        assert "#tab-u" in item.url

    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    dashboard = sign_in(Client(), operator).get("/admin/").content.decode()
    assert "あなたの事業所のページ" not in dashboard


def test_confirming_the_openings_clears_them_from_the_stale_list(office):
    assert [item.label.split("（")[0] for item in review(office).stale] == ["空き状況"]
    office.openings_confirmed_on = timezone.localdate()
    assert review(office).stale == []


def test_the_monthly_reminder_is_sent_once_and_can_be_turned_off(office, staff, smtp):
    inbox = smtp()
    out = StringIO()
    call_command("send_fact_reminders", stdout=out)
    assert "Wrote 1 reminder" in out.getvalue()
    call_command("send_fact_reminders", stdout=out)  # a second run the same month
    assert OutboxMessage.objects.filter(purpose=reminders.PURPOSE).count() == 1
    assert outbox.send_due() == (1, 0)
    mail = inbox.messages[0]
    assert mail["to"] == ["hana@example.jp"]
    assert "森 さくら 様" in mail["body"]
    assert "確かめ直してください：空き状況" in mail["body"]
    assert f"/admin/pages/{office.pk}/edit/#tab-" in mail["body"]
    assert "/admin/fact-reminders/" in mail["body"]

    # The person turns it off; next month nothing is written.
    client = sign_in(Client(), staff)
    response = client.post("/admin/fact-reminders/", {}, follow=True)
    assert "毎月のお知らせメールを受け取りません。" in response.content.decode()
    FactReminder.objects.filter(user=staff).update(last_sent_at=timezone.now() - timedelta(days=31))
    assert reminders.send_monthly() == 0
    client.post("/admin/fact-reminders/", {"enabled": "on"})
    assert reminders.send_monthly() == 1
