"""The facility chooser of the blog editor and the author snippet: the directory's Japanese
search, staff's own offices first, and a page whose size does not grow with the directory."""

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from blog.models import BlogIndexPage, BlogPage
from facilities.models import FacilityPage
from inquiries.claims import office_group
from tests.conftest import make_facility, sign_in
from tests.test_blog_admin import article_form

pytestmark = pytest.mark.django_db
SEARCH = "/admin/facility-chooser/"


@pytest.fixture
def operator(demo_site):
    user = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    return sign_in(Client(), user)


def found(client, text):
    return [item["title"] for item in client.get(SEARCH, {"q": text}).json()["results"]]


def test_the_search_finds_imported_offices_by_kana_and_address(operator, directory):
    make_facility(
        directory,
        "くれよん工房",
        "kureyon",
        name_kana="くれよんこうぼう",
        prefecture="01",
        city="札幌市中央区",
        source_name="WAM NET",
    )
    assert found(operator, "くれよん") == ["くれよん工房"]
    assert found(operator, "クレヨン") == ["くれよん工房"]
    assert "くれよん工房" in found(operator, "札幌市中央区")
    reply = operator.get(SEARCH, {"q": "存在しない名前"}).json()
    assert reply["results"] == [] and "見つかりませんでした" in reply["message"]
    place = operator.get(SEARCH, {"q": "くれよん"}).json()["results"][0]["place"]
    assert place.startswith("北海道札幌市中央区")


def test_staff_see_their_own_office_first(directory):
    mine = FacilityPage.objects.get(title="アトリエはなみずき")
    staff = get_user_model().objects.create_user("hanamizuki", "h@example.jp", "pw")
    staff.groups.add(office_group(mine))
    client = sign_in(Client(), staff)
    everything = client.get(SEARCH, {"q": ""}).json()["results"]
    assert [(r["title"], r["mine"]) for r in everything] == [("アトリエはなみずき", True)]
    results = client.get(SEARCH, {"q": "工房"}).json()["results"]
    assert results and all(not r["mine"] for r in results)  # はなみずき has no 工房
    results = client.get(SEARCH, {"q": "相模原"}).json()["results"]  # はなみずき is there too
    assert [r["mine"] for r in results] == [True] + [False] * (len(results) - 1)
    assert results[0]["title"] == "アトリエはなみずき" and len(results) > 2


def test_the_editor_lists_only_the_chosen_offices_and_saves_the_choice(operator, directory):
    index = BlogIndexPage.objects.get()
    add_url = f"/admin/pages/add/blog/blogpage/{index.pk}/"
    before = len(operator.get(add_url).content)
    call_command("generate_facilities", 300, stdout=StringIO())
    after = operator.get(add_url).content.decode()
    assert abs(len(after.encode()) - before) < 200  # the directory's size does not matter
    assert len(after.encode()) < 300_000
    assert "事業所を探す" in after and "synthetic" not in after

    chosen = FacilityPage.objects.get(title="アトリエはなみずき")
    form = article_form()
    form.update(facilities=[str(chosen.pk)])
    assert operator.post(add_url, form).status_code == 302
    article = BlogPage.objects.get(slug="first-trial-report")
    assert list(article.facilities.all()) == [chosen]
    edit = operator.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f'value="{chosen.pk}" checked' in edit and "アトリエはなみずき" in edit


def test_an_author_is_tied_to_one_office_through_the_chooser(operator, directory):
    from blog.models import BlogAuthor

    office = FacilityPage.objects.get(title="アトリエはなみずき")
    add = "/admin/snippets/blog/blogauthor/add/"
    page = operator.get(add).content.decode()
    assert 'type="radio" name="facility" value="" checked' in page and "事業所を探す" in page
    author_form = {"name": "森 さくら", "role": "職業指導員", "facility": office.pk}
    response = operator.post(add, author_form)
    assert response.status_code == 302
    author = BlogAuthor.objects.get(name="森 さくら")
    assert author.facility == office
    edit = operator.get(f"/admin/snippets/blog/blogauthor/edit/{author.pk}/").content.decode()
    assert f'value="{office.pk}" checked' in edit
    operator.post(
        f"/admin/snippets/blog/blogauthor/edit/{author.pk}/",
        {"name": "森 さくら", "role": "職業指導員", "facility": ""},
    )
    author.refresh_from_db()
    assert author.facility is None


def test_the_modal_chooser_of_blocks_finds_imported_offices_by_kana(operator, directory):
    make_facility(
        directory, "くれよん工房", "kureyon", name_kana="くれよんこうぼう", source_name="WAM NET"
    )
    found_page = operator.get("/admin/facility_chooser/results/", {"q": "クレヨン"})
    assert found_page.status_code == 200
    text = found_page.content.decode()
    assert "くれよん工房" in text and "アトリエはなみずき" not in text
    modal = operator.get("/admin/facility_chooser/").json()
    assert "事業所を探す（名前・ふりがな・所在地）" in modal["html"]
