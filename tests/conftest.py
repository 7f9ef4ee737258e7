import os
import uuid
from io import StringIO
from urllib.parse import urlsplit, urlunsplit

import pytest

from django.core.management import call_command

from wagtail.models import Page, Site

from home.models import SiteSettings, StandardPage
from tests.mail import smtp  # noqa: F401 (a fixture: a real SMTP server on loopback)


def load_demo():
    """Run `load_demo` as `make run` does; returns what it printed."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the demo site, built once for the whole session.

    Every test runs in a transaction that is rolled back, so each one starts from this
    same demo site whatever the test before it changed.
    """
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo_site(db, search_index):
    """The demo site (see django_db_setup), with a keyword index of the test's own.

    The index is rebuilt from the database, so it holds what this test's database holds.
    """
    from facilities.directory import indexing

    indexing.rebuild()
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """A keyword index of the test's own, so no test sees another's facilities."""
    from facilities.directory import catalog, indexing, search

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    search.reset()
    catalog.clear()
    indexing._pending.pks = set()  # ids left by an earlier test's rolled-back transaction
    yield settings.SEARCH_INDEX_DIR
    # A catch-up thread this test started must not run on into the next test's index.
    indexing.wait_for_catch_up(timeout=60)
    search.reset()
    catalog.clear()


def sign_in(client, user):
    """Sign `user` in to the admin as after both steps: password, then the authenticator app.
    (tests/test_admin_signin.py goes through the steps themselves.)"""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, signed in with the second factor too."""
    return sign_in(client, admin_user)


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


def make_facility(directory, title, slug, *, stations=(), work_types=(), **fields):
    """Add and publish a facility under `directory`; stations are (name, line, minutes)."""
    from facilities.models import FacilityPage, FacilityStation

    page = FacilityPage(title=title, slug=slug, **fields)
    page.work_types.set(work_types)
    page.stations = [
        FacilityStation(station=name, line=line, walk_minutes=minutes, sort_order=i)
        for i, (name, line, minutes) in enumerate(stations)
    ]
    directory.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_imported_office(directory, **fields):
    """An office as the open data gives it: official facts and its source, but no stations,
    work types or inquiry address of its own (its requests go to the desk)."""
    values = dict(
        name_kana="くれよんこうぼう",
        phone="011-555-0123",
        prefecture="01",
        city="札幌市中央区",
        source_name="WAM NET 2025年3月",
        source_id="A0000009999",
    )
    values.update(fields)
    return make_facility(directory, "くれよん工房", "kureyon-koubou", **values)


@pytest.fixture
def directory(demo_site):
    from facilities.models import DirectoryPage

    return DirectoryPage.objects.get()


@pytest.fixture
def database_url():
    """For tests that start real servers: a fresh SQLite file (None), or a fresh PostgreSQL
    database beside the test database when DATABASE_URL names PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None  # a fresh SQLite file in the server's VAR_DIR
        return
    import psycopg

    name = f"bnavi_load_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
