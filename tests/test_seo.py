"""What search engines and link previews read: sitemap, robots.txt, descriptions, canonical."""

import pytest

from facilities.models import FacilityPage

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_live_pages_only(client, demo_site):
    hidden = FacilityPage.objects.get(slug="demo-02")
    hidden.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/about/", "/facilities/", "/facilities/demo-01/", "/contact/", "/privacy/"):
        assert f"<loc>http://localhost{path}</loc>" in xml, path
    assert "/facilities/demo-02/" not in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_robots_out_of_private_pages(client, demo_site):
    text = client.get("/robots.txt").content.decode()
    assert text.startswith("User-agent: *\n")
    assert "Disallow: /admin/" in text and "Disallow: /facilities/compare/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize(
    "path", ["/", "/about/", "/facilities/", "/facilities/demo-01/", "/contact/"]
)
def test_every_page_has_a_description_canonical_and_open_graph(client, demo_site, path):
    html = client.get(path).content.decode()
    assert '<meta name="description" content="' in html
    assert '<link rel="canonical" href="http://localhost' in html
    assert '<meta property="og:title" content="' in html
    assert '<meta property="og:locale" content="ja_JP">' in html


def test_a_facility_without_a_description_gets_one_from_its_facts(client, demo_site):
    html = client.get("/facilities/demo-01/").content.decode()
    assert "神奈川県相模原市南区の就労継続支援B型「ひだまり工房さがみ」の事業所情報です。" in html


def test_every_page_has_an_icon_and_favicon_ico_is_not_a_404(client, demo_site):
    home = client.get("/").content.decode()
    assert 'rel="icon"' in home and "favicon.svg" in home
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
