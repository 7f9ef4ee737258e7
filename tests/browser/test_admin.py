"""Staff use the Wagtail admin, in Japanese, to change what the public site shows."""

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
