"""The keyword index is a cache of the database, on a running site and across servers.

Real servers (`manage.py runserver`, as `make run` starts it) on one database; the import
runs in a process of its own, as an operator runs it from a second terminal.
"""

import re
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.load import Server

ROOT = Path(__file__).resolve().parents[1]
WAM = ROOT.parent / "shared" / "data" / "wam"
TRANSITION_FILE = WAM / "wam_202503_060.csv"  # 就労移行支援: くれよん工房 is in it
_TOTAL = re.compile(r"([\d,]+)件の事業所が見つかりました")


def found(server, query):
    """How many offices the running site's directory lists for `query` (every service)."""
    params = urllib.parse.urlencode({"q": query, "service": "all"})
    with urllib.request.urlopen(f"{server.url}/facilities/?{params}", timeout=60) as response:  # noqa: S310
        match = _TOTAL.search(response.read().decode())
    return int(match.group(1).replace(",", "")) if match else 0


def wait_for(condition, seconds):
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.25)
    return None


@pytest.mark.skipif(not TRANSITION_FILE.exists(), reason="the open data is beside the project")
def test_an_import_in_another_process_reaches_both_running_servers(tmp_path, database_url):
    first = Server(tmp_path / "first", database_url).start()
    database = database_url or f"sqlite:///{tmp_path / 'first' / 'db.sqlite3'}"
    # Its own index folder, the same database: another machine behind the same proxy.
    second = Server(tmp_path / "second", database).start()
    try:
        known = "ひだまり工房"  # a demo office: it must be found all through the import
        assert found(first, known) == 1 and found(second, known) == 1
        assert found(first, "くれよん工房") == 0 and found(second, "くれよん工房") == 0

        answers, stop = [], threading.Event()

        def keep_searching(server):
            while not stop.is_set():
                answers.append(found(server, known))

        searchers = [
            threading.Thread(target=keep_searching, args=(server,)) for server in (first, second)
        ]
        for thread in searchers:
            thread.start()
        out = first.manage("import_wam", str(TRANSITION_FILE))
        assert "Indexed" in out
        stop.set()
        for thread in searchers:
            thread.join()

        # Neither running site needs a restart, and none answered empty meanwhile.
        assert wait_for(lambda: found(first, "くれよん工房") >= 1, 10) is not None
        assert wait_for(lambda: found(second, "くれよん工房") >= 1, 30) is not None
        # (The file has an office of the same name, so 2 once it is in.)
        assert len(answers) >= 4 and min(answers) >= 1, answers

        # A publish on the first server's side reaches the second within seconds.
        first.manage(
            "shell",
            "-c",
            "from facilities.models import DirectoryPage, FacilityPage;"
            "page = FacilityPage(title='ゆずりは舎テスト', slug='yuzuriha-test');"
            "DirectoryPage.objects.get().add_child(instance=page);"
            "page.save_revision().publish()",
        )
        seconds = wait_for(lambda: found(second, "ゆずりは舎テスト") == 1, 15)
        assert seconds is not None and seconds <= 5, seconds
        assert wait_for(lambda: found(first, "ゆずりは舎テスト") == 1, 5) is not None
    finally:
        first.stop()
        second.stop()


def test_a_server_with_an_empty_index_folder_builds_it_before_answering(tmp_path, database_url):
    server = Server(tmp_path / "site", database_url).start()
    try:
        assert found(server, "ひだまり工房") == 1
        server.stop()
        # The folder is lost (a new machine, a cleaned disk); the database is not.
        for path in sorted((tmp_path / "site" / "search").rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        server.start(setup=False)
        assert found(server, "ひだまり工房") == 1
    finally:
        server.stop()
