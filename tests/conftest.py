import pytest

from wagtail.models import Page, Site

from home import demo
from home.models import SiteSettings, StandardPage


@pytest.fixture
def demo_site(db):
    """The demo site as `load_demo` builds it; returns its home page."""
    demo.load(log=lambda message: None)
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def site_settings(demo_site):
    return SiteSettings.objects.get(site__is_default_site=True)


def make_standard_page(parent: Page, **kwargs) -> StandardPage:
    """Add and publish a standard page under `parent`."""
    kwargs.setdefault("title", "テストページ")
    kwargs.setdefault("slug", "test-page")
    page = parent.add_child(instance=StandardPage(**kwargs))
    page.save_revision().publish()
    return page
