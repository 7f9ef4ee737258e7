"""Production: everything secure from base.py, and a refusal to start half-configured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without a secret key: "
        "set SECRET_KEY in the environment to a long random value."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Give the site's host names, comma separated."
    )

DEBUG = False
SESSION_COOKIE_AGE = 60 * 60 * 8
DEMO_ADMIN_ACCOUNT = env_bool("DEMO_ADMIN_ACCOUNT", False)
