"""Inquiry forms: what is stored, what is refused, what is marked for review, what is mailed."""

import datetime
import re
import time
from urllib.error import URLError

import pytest

from django.core import signing
from django.test import Client
from django.utils import timezone

from facilities.models import FacilityPage
from home.models import SiteSettings
from inquiries import spam
from inquiries.models import Inquiry, InquiryRoute, OutboxMessage

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"
NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def ticket(seconds_ago=60, token=None):
    token = token or f"t{time.time_ns()}"
    return signing.dumps({"k": token, "t": time.time() - seconds_ago}, salt=spam.SALT)


def data(**changes):
    values = {
        "writer": "family",
        "name": "山田 花子",
        "name_kana": "やまだ はなこ",
        "email": "hanako@example.jp",
        "phone": "",
        "contact_method": "either",
        "message": "息子の見学をお願いしたいです。",
        "consent": "on",
        "homepage": "",
        "ticket": ticket(),
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def facility(demo_site):
    return FacilityPage.objects.get(slug="demo-01")


def post(client, query="", **changes):
    return client.post(f"{CONTACT}{query}", data(**changes))


def test_a_visit_request_is_stored_and_the_thank_you_page_shows_its_reference(client, facility):
    response = post(
        client,
        f"?kind=visit&facility={facility.pk}",
        date_1=NEXT_WEEK.isoformat(),
        time_1="am",
        certificate="applying",
        support_needs="音に敏感です。",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{CONTACT}thanks/"
    inquiry = Inquiry.objects.get()
    assert (inquiry.kind, inquiry.facility, inquiry.writer) == ("visit", facility, "family")
    assert inquiry.preferred_dates == [{"date": NEXT_WEEK.isoformat(), "time": "am"}]
    assert (inquiry.certificate, inquiry.support_needs) == ("applying", "音に敏感です。")
    thanks = client.get(response["Location"]).content.decode()
    assert inquiry.reference in thanks
    assert facility.title in thanks


def test_dates_must_be_from_today_to_a_year_ahead_and_values_are_kept(client, facility):
    response = post(client, f"?kind=visit&facility={facility.pk}", date_1="2020-01-01")
    text = response.content.decode()
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    assert "まだ送信していません。1か所を確認してください" in text
    assert "今日より後の日を選んでください。" in text
    assert 'value="山田 花子"' in text
    assert "息子の見学をお願いしたいです。" in text


def test_without_consent_nothing_is_stored(client, demo_site):
    response = post(client, consent=None)
    assert Inquiry.objects.count() == 0
    assert "同意いただけないと送信できません。" in response.content.decode()


def test_an_email_or_a_phone_number_is_needed(client, demo_site):
    response = post(client, email="")
    assert Inquiry.objects.count() == 0
    assert "メールアドレスか電話番号の、どちらかを入力してください。" in response.content.decode()
    post(client, email="", phone="090-1234-5678", ticket=ticket(token="phone"))
    assert Inquiry.objects.get().phone == "090-1234-5678"


def test_a_social_worker_gives_their_organisation_and_confirms_the_client_agreed(client, demo_site):
    response = post(client, writer="supporter")
    text = response.content.decode()
    assert "支援者の方は、所属を入力してください。" in text
    assert "ご本人の同意を得てから送信してください。" in text
    post(client, writer="supporter", organisation="相談支援センターみらい", client_consent="on")
    inquiry = Inquiry.objects.get()
    assert (inquiry.organisation, inquiry.client_consent) == ("相談支援センターみらい", True)


def test_the_same_form_sent_twice_makes_one_inquiry(client, demo_site):
    same = ticket(token="double-click")
    first = post(client, ticket=same)
    second = post(client, ticket=same)
    assert first["Location"] == second["Location"]
    assert Inquiry.objects.count() == 1
    assert OutboxMessage.objects.count() == 2  # staff + confirmation, once


def test_refreshing_the_thank_you_page_sends_nothing(client, demo_site):
    response = post(client)
    for _ in range(3):
        client.get(response["Location"])
    assert Inquiry.objects.count() == 1


def test_honeypot_and_speed_keep_the_inquiry_for_review(client, demo_site):
    post(client, homepage="http://spam.example", ticket=ticket(token="a"))
    post(client, ticket=ticket(seconds_ago=0.5, token="b"))
    post(client, ticket="forged")
    reasons = sorted(Inquiry.objects.values_list("review_reason", flat=True))
    assert Inquiry.objects.filter(needs_review=True).count() == 3
    assert any("隠し欄" in r for r in reasons)
    assert any("入力が速すぎました" in r for r in reasons)
    assert any("フォームの情報が読み取れませんでした" in r for r in reasons)


def test_the_rate_limit_answers_429_and_keeps_what_was_typed(client, demo_site, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for n in range(2):
        assert post(client, ticket=ticket(token=f"r{n}")).status_code == 302
    response = post(client, ticket=ticket(token="r3"), message="三通目のメッセージ")
    text = response.content.decode()
    assert response.status_code == 429
    assert "まだ送信していません" in text
    assert "三通目のメッセージ" in text
    assert Inquiry.objects.count() == 2


class FakeAnswer:
    def __init__(self, valid=True, score=0.9):
        self.is_valid = valid
        self.extra_data = {"score": score}


@pytest.fixture
def recaptcha(settings, monkeypatch):
    """django-recaptcha's documented test keys, and its client answering without a network."""
    settings.RECAPTCHA_PUBLIC_KEY = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"
    settings.RECAPTCHA_PRIVATE_KEY = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"  # noqa: S105
    answers = []

    def submit(recaptcha_response, private_key, remoteip):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr("django_recaptcha.client.submit", submit)
    return answers


def test_recaptcha_low_scores_and_outages_keep_the_inquiry_for_review(client, demo_site, recaptcha):
    page = client.get(CONTACT).content.decode()
    assert "g-recaptcha" in page and "パズルなどはありません" in page
    recaptcha += [FakeAnswer(score=0.9), FakeAnswer(score=0.1), URLError("no network")]
    for n in range(3):
        response = post(client, ticket=ticket(token=f"c{n}"), captcha="tok")
        assert response.status_code == 302
    reviewed = dict(Inquiry.objects.values_list("form_token", "review_reason"))
    assert reviewed["c0"] == ""
    assert "スコアが低め" in reviewed["c1"]
    assert "接続できませんでした" in reviewed["c2"]


def test_hostile_input_is_stored_as_typed_and_shown_escaped(client, demo_site):
    message = "<script>alert(1)</script>😀" + "あ" * 9970
    response = post(client, name="悪い\r\nBcc: victim@example.com", message=message)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.message == message
    assert inquiry.name == "悪い Bcc: victim@example.com"  # white space folded to one line
    for mail in OutboxMessage.objects.all():
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert "<script>" not in mail.body
    too_long = post(client, message="あ" * 10001, ticket=ticket(token="long"))
    assert "10,000文字以内で入力してください" in too_long.content.decode()


def test_csrf_is_enforced(demo_site):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(CONTACT, data())
    assert response.status_code == 403
    assert Inquiry.objects.count() == 0


def test_routing_per_kind_with_a_fallback(client, facility):
    facility.inquiry_routes.all().delete()  # the demo's own, replaced by these
    InquiryRoute.objects.create(
        facility=facility, email="kanri@example.jp", visit=True, trial=False, general=True
    )
    InquiryRoute.objects.create(
        facility=facility, email="sabikan@example.jp", visit=False, trial=True, general=False
    )
    for kind in ("visit", "trial"):
        post(client, f"?kind={kind}&facility={facility.pk}", ticket=ticket(token=kind))
    post(client, "?kind=general", ticket=ticket(token="none"))
    staff = {
        i.kind: sorted(i.mails.filter(purpose="staff").values_list("to", flat=True))
        for i in Inquiry.objects.all()
    }
    fallback = SiteSettings.objects.get().inquiry_fallback_email
    assert staff == {
        "visit": ["kanri@example.jp"],
        "trial": ["sabikan@example.jp"],
        "general": [fallback],
    }


def test_staff_mail_carries_no_health_details(client, facility):
    post(
        client,
        f"?kind=trial&facility={facility.pk}",
        support_needs="てんかんの発作があります。",
        message="服薬しています。",
    )
    inquiry = Inquiry.objects.get()
    staff = inquiry.mails.get(purpose="staff")
    assert inquiry.reference in staff.subject and facility.title in staff.subject
    assert "てんかん" not in staff.body and "服薬" not in staff.body
    assert f"/admin/inquiries/inspect/{inquiry.pk}/" in staff.body
    confirmation = inquiry.mails.get(purpose="confirmation")
    assert confirmation.to == "hanako@example.jp"
    assert inquiry.reference in confirmation.subject
    assert "てんかん" not in confirmation.body


@pytest.mark.parametrize(
    "query",
    ["?kind=evil", "?facility=abc", "?facility=99999999", "?kind=visit&facility=-1", "?facility=²"],
)
def test_odd_urls_still_give_a_form(client, demo_site, query):
    response = client.get(f"{CONTACT}{query}")
    assert response.status_code == 200
    assert "送信する" in response.content.decode()


def test_an_office_named_in_the_general_form_is_recorded_for_the_desk(client, facility):
    # The general form without an office says the desk alone reads it: naming an office
    # records which one, and the desk (which may hand it on) is who reads it.
    form = client.get(f"{CONTACT}?kind=general").content.decode()
    assert re.search(r"相談窓口[^。]*の担当者だけが読み", form)
    post(client, "?kind=general", facility_name=f" {facility.title} ", ticket=ticket(token="n1"))
    post(client, "?kind=general", facility_name="まだ決めていません", ticket=ticket(token="n2"))
    named, undecided = Inquiry.objects.order_by("form_token")
    assert named.facility == facility and named.audience == "desk"
    assert list(named.mails.filter(purpose="staff").values_list("to", flat=True)) == [
        "uketsuke@example.jp"
    ]
    assert undecided.facility is None and undecided.office == "まだ決めていません"


@pytest.mark.parametrize(
    "changes",
    [
        {"writer": "hacker"},
        {"contact_method": "pigeon"},
        {"date_1": "not a date", "time_1": "midnight"},
        {"certificate": "gold"},
        {"email": "not-an-address"},
        {"phone": "call me maybe"},
        {"ticket": "x" * 5000},
        {"name": "\x00"},
        {"consent": "yes please", "name": ""},
    ],
)
def test_odd_posts_get_japanese_errors_not_a_server_error(client, facility, changes):
    response = post(client, f"?kind=visit&facility={facility.pk}", **changes)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "まだ送信していません" in response.content.decode()


def test_a_flagged_post_gets_no_confirmation_mail(client, demo_site):
    post(client, "?kind=general", homepage="http://spam.example/", ticket=ticket(token="robot"))
    inquiry = Inquiry.objects.get()
    assert inquiry.needs_review
    assert list(inquiry.mails.values_list("purpose", flat=True)) == ["staff"]


def test_the_confirmation_repeats_nothing_the_visitor_typed(client, demo_site):
    post(
        client,
        "?kind=general",
        name="http://buy.example/ 激安",
        facility_name="<a href=x>今すぐクリック</a>",
        message="ここをクリック http://buy.example/",
    )
    mail = Inquiry.objects.get().mails.get(purpose="confirmation")
    for typed in ("buy.example", "激安", "今すぐクリック", "ここをクリック"):
        assert typed not in mail.subject + mail.body
    assert "事業所：（事業所を決めずにご相談）" in mail.body


def test_behind_a_proxy_each_visitor_has_their_own_limit(client, demo_site, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.INQUIRY_ADDRESS_RATE_LIMIT = 2
    settings.INQUIRY_RATE_LIMIT = 100

    def send(forwarded, n):
        return client.post(
            CONTACT,
            data(email=f"p{n}@example.jp", ticket=ticket(token=f"proxy{n}")),
            HTTP_X_FORWARDED_FOR=forwarded,
            REMOTE_ADDR="10.0.0.2",  # the proxy, the same for everyone
        ).status_code

    assert [send("203.0.113.1", n) for n in range(2)] == [302, 302]
    assert send("203.0.113.1", 2) == 429
    # Another visitor behind the same proxy is not held back by the first.
    assert send("198.51.100.7", 3) == 302
    # A client cannot pick its own address: the proxy's entry is the last one.
    assert send("192.0.2.99, 203.0.113.1", 4) == 429


def test_supporters_sharing_an_office_address_are_not_stopped(client, demo_site, settings):
    settings.INQUIRY_RATE_LIMIT = 5
    for n in range(10):  # ten supporters of one 相談支援事業所, one address
        response = post(client, email=f"staff{n}@soudan.example.jp", ticket=ticket(token=f"s{n}"))
        assert response.status_code == 302
    # One person sending again and again is still stopped.
    for n in range(5):
        post(client, email="flood@example.jp", ticket=ticket(token=f"f{n}"))
    assert post(client, email="flood@example.jp", ticket=ticket(token="f5")).status_code == 429
    assert Inquiry.objects.count() == 15


def test_an_email_typed_in_full_width_is_read_as_half_width(client, demo_site):
    wide = "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ"
    response = client.post(CONTACT + "?kind=general", data(email=wide))
    assert response.status_code == 302
    assert Inquiry.objects.get().email == "hanako@example.jp"
    refused = client.post(CONTACT + "?kind=general", data(email="はなこ＠例"))
    assert "半角で、例：name@example.jp" in refused.content.decode()


def test_a_form_refused_for_its_security_token_says_so_in_japanese(facility):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"{CONTACT}?kind=visit&facility={facility.pk}", data())
    assert response.status_code == 403
    text = response.content.decode()
    assert "まだ送信していません" in text and "「戻る」で前のページに戻ります" in text
    assert "Forbidden" not in text and "CSRF" not in text
    assert Inquiry.objects.count() == 0


def test_a_general_question_is_thanked_as_a_question(client, facility):
    response = post(client, "?kind=general", facility_name="")
    thanks = client.get(response["Location"]).content.decode()
    assert "お問い合わせを受け付けました" in thanks
    assert "お問い合わせのお申し込み" not in thanks and "日にちや時間" not in thanks
    visit = post(client, f"?kind=visit&facility={facility.pk}", ticket=ticket(token="v2"))
    thanks = client.get(visit["Location"]).content.decode()
    assert "見学のお申し込みを受け付けました" in thanks and "日にちや時間を一緒に決めます" in thanks
