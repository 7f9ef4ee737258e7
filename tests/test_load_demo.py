"""`load_demo` builds a complete site, and running it again changes nothing."""

import re

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Page, Revision, Site

from blog.models import BlogIndexPage
from facilities.models import DirectoryPage, FacilityPage
from home.models import FAQPage, HeaderNavigationItem, HomePage, SiteSettings, StandardPage
from inquiries.models import InquiryPage, InquiryRoute
from tests.conftest import load_demo

run_load_demo = load_demo


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "settings": SiteSettings.objects.count(),
        "menu": HeaderNavigationItem.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_builds_the_whole_site():
    run_load_demo()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "B型ナビ"
    slugs = set(StandardPage.objects.live().values_list("slug", flat=True))
    assert {"about", "access", "operator", "privacy"} <= slugs
    assert FAQPage.objects.live().get().url == "/faq/"
    assert BlogIndexPage.objects.live().get().url == "/blog/"
    contact = InquiryPage.objects.live().get()
    assert contact.url == "/contact/"
    assert InquiryRoute.objects.filter(facility__slug="demo-01").count() == 2
    directory = DirectoryPage.objects.get()
    assert directory.get_parent().pk == site.root_page.pk
    assert directory.url == "/facilities/"
    facilities = FacilityPage.objects.live().child_of(directory)
    assert facilities.count() >= 12
    assert len(set(facilities.values_list("city", flat=True))) >= 3
    # Wagtail's welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_new():
    run_load_demo()
    before = snapshot()
    output = run_load_demo()
    assert snapshot() == before
    assert "0 object(s) created" in output


@pytest.mark.django_db
def test_load_demo_keeps_what_editors_changed():
    run_load_demo()
    about = StandardPage.objects.get(slug="about")
    about.title = "編集したタイトル"
    about.save_revision().publish()
    settings_row = SiteSettings.objects.get()
    settings_row.phone = "03-0000-0000"
    settings_row.save()
    run_load_demo()
    assert StandardPage.objects.get(slug="about").title == "編集したタイトル"
    assert SiteSettings.objects.get().phone == "03-0000-0000"


@pytest.mark.django_db
def test_privacy_policy_states_purpose_retention_and_contact(client):
    run_load_demo()
    html = client.get("/privacy/").text
    for words in [
        "利用する目的",
        "要配慮個人情報",
        "同意",
        "保存する期間",
        "1年",
        "お問い合わせ先",
    ]:
        assert words in html


@pytest.mark.django_db
def test_demo_admin_account_only_where_enabled(settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    settings.DEMO_ADMIN_ACCOUNT = False
    assert "Demo admin login" not in run_load_demo()
    assert not get_user_model().objects.filter(username="admin").exists()

    settings.DEMO_ADMIN_ACCOUNT = True
    output = run_load_demo()
    password = re.search(r"password '([^']+)'", output).group(1)
    signed_in = client.post("/admin/login/", {"username": "admin", "password": password})
    assert signed_in.status_code == 302
    # Development settings let the demo account skip the second factor (`make run` stays
    # two commands); anywhere else it is asked for it like every account.
    settings.TWO_FACTOR_SKIP_FOR = ("admin",)
    assert client.get("/admin/").status_code == 200
    settings.TWO_FACTOR_SKIP_FOR = ()
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")
    # A second run prints the same login and makes no second account.
    assert f"password '{password}'" in run_load_demo()
    assert get_user_model().objects.filter(username="admin").count() == 1
