"""Production: everything secure from base.py, and a refusal to start half-configured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, SECRET_KEY, env, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without a secret key: "
        "set SECRET_KEY in the environment to a long random value."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Give the site's host names, comma separated."
    )

if not env("BASE_URL"):
    raise ImproperlyConfigured(
        "BASE_URL is not set. Give the site's public address, e.g. https://b-navi.example.jp: "
        "it is in the links of staff mails, and `manage.py configure_site` gives it to the "
        "Wagtail site for canonical URLs and the sitemap."
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "ALLOW_SQLITE", False
):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set, so production would use an SQLite file. Set DATABASE_URL to "
        "a PostgreSQL database, or ALLOW_SQLITE=true for a small site on one server."
    )

DEBUG = False
# Every admin account gives a second factor in production: no setting or variable skips it.
TWO_FACTOR_REQUIRED = True
TWO_FACTOR_SKIP_FOR = ()
DEMO_ADMIN_ACCOUNT = env_bool("DEMO_ADMIN_ACCOUNT", False)
