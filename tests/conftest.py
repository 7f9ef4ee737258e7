from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Page, Site

from home.models import SiteSettings, StandardPage


def load_demo():
    """Run `load_demo` as `make run` does; returns what it printed."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_site(db, search_index):
    """The demo site as `load_demo` builds it; returns its home page."""
    load_demo()
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """A keyword index of the test's own, so no test sees another's facilities."""
    from facilities import catalog, search

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    search.reset()
    catalog.clear()
    yield settings.SEARCH_INDEX_DIR
    search.reset()
    catalog.clear()


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
