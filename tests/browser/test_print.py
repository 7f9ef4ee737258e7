"""A facility page on paper: at most two A4 pages, the FAQ answers in the PDF, no site chrome."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def printed(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return reader, "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("slug", ["demo-01", "demo-02"])
def test_a_facility_page_prints_on_at_most_two_a4_pages_with_its_faq(page, site_url, slug):
    from facilities.models import FacilityPage

    office = FacilityPage.objects.get(slug=slug)
    reader, text = printed(page, site_url + office.url)
    assert len(reader.pages) <= 2, len(reader.pages)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    compact = "".join(text.split())
    assert office.title in compact and "この事業所のポイント" in compact
    for faq in office.faqs.all():
        answer = "".join(faq.answer.replace("<p>", "").replace("</p>", "").split())
        assert answer in compact, answer  # answers print open
    for chrome in ("サイト内検索", "ご相談窓口", "見学を申し込む", "このページの内容"):
        assert chrome not in compact, chrome
