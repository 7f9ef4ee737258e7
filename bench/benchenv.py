"""What every benchmark does first: the project on sys.path and Django set up on its own
database under bench/var/, with the test settings (DEBUG off, nothing sent anywhere)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]


def configure_django(var, database_url=None):
    """Set Django up with `var` as its VAR_DIR (SQLite there unless a URL is given)."""
    os.environ["VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{var / 'db.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_INDEX_DIR = var / "search"
    return var
