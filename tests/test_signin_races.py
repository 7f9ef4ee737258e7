"""One code verifies one session: the same authenticator code, or the same recovery code,
given by several sessions at the same instant lets exactly one of them in (tests/signin_race.py
runs the sessions, in threads with their own connections, on a fresh database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_same_code_at_the_same_instant_verifies_one_session(tmp_path, database_url):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="settings.test",
        DATABASE_URL=database_url or f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.signin_race"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    # Each round: four sessions, one code; exactly one is let in, and the recovery code is
    # used up once.
    assert report["app"] == [1] * 5
    assert report["recovery"] == [1] * 5
    assert report["recovery_left"] == [9] * 5
