"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They run in their own pytest process (`make test-browser`, `pytest -m browser`): Wagtail's
admin URLs have been seen to fail to reverse when browser tests share a process with the rest.
Never download a browser: Playwright is pointed at /usr/bin/chromium.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import load_demo

CHROMIUM = Path("/usr/bin/chromium")
# Not under test-results/: pytest-playwright empties that folder when a session starts.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA that axe-core knows.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    missing = not CHROMIUM.exists()
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # Locally a missing browser skips with the install line; in CI it must fail.
            if missing and not os.environ.get("CI"):
                item.add_marker(
                    pytest.mark.skip(reason="apt-get install chromium fonts-ipafont-gothic")
                )


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread, which makes Django refuse
    ORM calls there; the test's own calls (building data) are synchronous and safe. Only for
    the browser tests, so it never leaks into a deployment check."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


@pytest.fixture
def site_url(live_server, transactional_db):
    """The live server's address, with the demo site loaded and indexed.

    Transactional tests empty the database after each test, so the demo is loaded again
    where it is missing; the keyword index (the test's own folder) is rebuilt to match.
    """
    from facilities.directory import indexing

    load_demo()
    indexing.rebuild()
    return live_server.url


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core's WCAG 2.x A/AA rules on the page as it is now; fail with the report."""

    def check(page):
        # Colours are judged as they stay, not half-way through a fade-in (Wagtail's messages
        # animate their background); endless animations are not waited for.
        page.evaluate(
            "Promise.all(document.getAnimations()"
            ".filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)"
            ".map(a => a.finished.catch(() => null)))"
        )
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def screenshot():
    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in_to_admin(page, site_url, username, password):
    """Sign in as a person does: password, then the authenticator app (set up on the first
    sign-in from the key the page prints). Returns the recovery codes when it set one up."""
    from tests.test_admin_signin import app_code

    page.goto(site_url + "/admin/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
    if "/two-factor/setup/" in page.url:
        key = page.locator(".two-factor-key").inner_text()
        page.get_by_label("アプリに表示された6桁の数字").fill(app_code(key))
        page.get_by_role("button", name="設定を完了する").click()
        page.get_by_role("heading", name="予備コード").wait_for()
        codes = page.locator(".two-factor-codes code").all_inner_texts()
        page.get_by_role("link", name="保管しました。管理画面へ進む").click()
        page.wait_for_url(site_url + "/admin/")
        return codes
    return None
