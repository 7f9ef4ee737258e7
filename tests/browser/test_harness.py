"""The accessibility check itself must be able to fail, or a green run means nothing."""

from tests.browser.conftest import AXE_OPTIONS


def test_axe_reports_violations_on_a_broken_page(page, axe):
    page.set_content(
        '<html><body><img src="x.png"><input type="text">'
        '<p style="color:#bbb;background:#fff">薄い文字</p></body></html>'
    )
    results = axe.run(page, options=AXE_OPTIONS)
    found = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label", "color-contrast", "html-has-lang"} <= found
