"""Staff use the Wagtail admin, in Japanese, to change what the public site shows."""

import re

import pytest

from django.contrib.auth import get_user_model

from tests.browser.conftest import sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff_login(site_url):
    get_user_model().objects.create_superuser("operator", "operator@example.jp", "kanri-2026!")
    return {"username": "operator", "password": "kanri-2026!"}


def test_operator_changes_the_phone_number_in_the_admin(page, site_url, staff_login):
    sign_in_to_admin(page, site_url, staff_login["username"], staff_login["password"])
    assert page.locator("html").get_attribute("lang") == "ja"

    page.goto(site_url + "/admin/settings/home/sitesettings/")
    page.get_by_label("電話番号").fill("045-000-9876")
    page.get_by_label("電話受付時間").fill("平日 8:30〜17:30")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()

    page.goto(site_url + "/about/")
    help_block = page.get_by_role("complementary", name="ご相談窓口").inner_text()
    assert "045-000-9876" in help_block
    assert "平日 8:30〜17:30" in help_block


def test_operator_grants_an_office_s_inquiries_to_a_staff_member(
    page, site_url, staff_login, assert_accessible
):
    from django.contrib.auth.models import Group, Permission

    from facilities.models import FacilityPage
    from inquiries.models import InquiryAccess, InquiryLogEntry

    group = Group.objects.create(name="事業所の職員")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_inquiry"]))
    staff = get_user_model().objects.create_user(
        "kanri03", "kanri03@example.jp", "x-2026-pass", last_name="鈴木", first_name="一郎"
    )
    staff.groups.add(group)
    office = FacilityPage.objects.get(slug="demo-03")

    sign_in_to_admin(page, site_url, staff_login["username"], staff_login["password"])
    page.goto(site_url + "/admin/inquiry-access/new/")
    assert_accessible(page)
    # Offices are chosen by search (there are about 10,000), not from a list.
    page.get_by_label("事業所を探す").fill(office.title[:4])
    page.get_by_role("button", name="探す", exact=True).click()
    page.get_by_role("button", name=f"{office.title}を選ぶ").click()
    assert page.get_by_role("radio", name=re.compile(office.title)).is_checked()
    account = page.get_by_role("combobox", name="職員のアカウント")
    account.select_option(label="鈴木 一郎（kanri03）")
    page.get_by_role("button", name="作成").click()
    page.wait_for_url(site_url + "/admin/inquiry-access/")
    assert "鈴木 一郎（kanri03）" in page.content()
    assert_accessible(page)
    access = InquiryAccess.objects.get()
    assert (access.facility_id, access.user_id) == (office.pk, staff.pk)
    assert InquiryLogEntry.objects.filter(action="wagtail.create").count() == 1
