"""Staff edit facilities and the lists they pick from in the Japanese admin."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from facilities.directory import search
from facilities.models import FacilityPage, WorkType


def test_facility_editor_groups_fields_in_japanese_tabs(directory, admin_client):
    facility = FacilityPage.objects.get(title="ひだまり工房さがみ")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[facility.pk])).text
    for tab in [
        "基本情報",
        "所在地・連絡先",
        "作業・工賃",
        "アクセス・送迎",
        "支援・職員",
        "時間・費用",
        "見学・体験・空き",
    ]:
        assert tab in html, tab
    for label in ["事業所番号", "平均工賃（月額）", "工賃の年度", "空き状況の確認日", "最寄り駅"]:
        assert label in html, label
    assert "平均工賃を計算した年度" in html  # help text


def test_new_facility_form_opens_under_the_directory(directory, admin_client):
    url = reverse("wagtailadmin_pages:add", args=["facilities", "facilitypage", directory.pk])
    assert admin_client.get(url).status_code == 200


def test_taxonomies_are_snippets_staff_can_extend(directory, admin_client):
    url = reverse("wagtailsnippets_facilities_worktype:add")
    response = admin_client.post(url, {"name": "木工", "sort_order": 5})
    assert response.status_code == 302
    assert WorkType.objects.filter(name="木工").exists()
    listing = admin_client.get(reverse("wagtailsnippets_facilities_worktype:list")).text
    assert "木工" in listing and "軽作業" in listing


def test_generate_facilities_command_makes_live_searchable_pages(directory, client):
    out = StringIO()
    call_command("generate_facilities", 40, stdout=out)
    assert "Generated 40 facilities" in out.getvalue()
    generated = FacilityPage.objects.live().filter(slug__startswith="synthetic-")
    assert generated.count() == 40
    sample = generated.first()
    assert sample.work_types.exists() and sample.stations.exists()
    assert client.get(sample.url).status_code == 200
    assert sample.pk in set(int(pk) for pk in search.search(sample.title.split()[0]))
    # The tree stays valid: the directory knows its children and the pages their URLs.
    directory.refresh_from_db()
    assert directory.numchild == FacilityPage.objects.child_of(directory).count()
    assert sample.url == f"/facilities/{sample.slug}/"
    # Running it again continues the numbering instead of colliding.
    call_command("generate_facilities", 5, stdout=StringIO())
    assert FacilityPage.objects.filter(slug__startswith="synthetic-").count() == 45


def test_changing_the_openings_dates_them_today(directory, admin_client):
    from django.utils import timezone

    from tests.forms import form_data

    facility = FacilityPage.objects.get(title="ひだまり工房さがみ")
    facility.openings, facility.openings_confirmed_on = "open", date(2026, 10, 29)
    facility.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[facility.pk])
    form = form_data(admin_client.get(url).text, "page-edit-form")
    form["openings"] = ["waitlist"]
    form["action-publish"] = ["action-publish"]
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.text[:2000]
    facility.refresh_from_db()
    assert facility.openings == "waitlist"
    assert facility.openings_confirmed_on == timezone.localdate()
    page = admin_client.get(facility.url).text
    assert f"空きなし（順番待ち）（{timezone.localdate():%Y年%-m月%-d日}に確認）" in page

    # Saving without touching the openings keeps the date the staff member gave.
    form = form_data(admin_client.get(url).text, "page-edit-form")
    form["openings_confirmed_on"] = ["2026-11-01"]
    form["action-publish"] = ["action-publish"]
    admin_client.post(url, form)
    facility.refresh_from_db()
    assert facility.openings_confirmed_on == date(2026, 11, 1)
