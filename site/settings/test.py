"""Settings for the test suite: fast hashing, plain HTTP, mail kept in memory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
MEDIA_ROOT = tempfile.mkdtemp(prefix="bnavi-test-media-")
# Never the developer's own index under var/; tests point each test at its own folder.
SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="bnavi-test-index-"))
# Tests do not run collectstatic; the manifest storage would refuse unknown files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# No reCAPTCHA by default (browser tests never reach Google); the inquiry tests turn it on
# with django-recaptcha's documented test keys and a patched client.
RECAPTCHA_PUBLIC_KEY = ""
RECAPTCHA_PRIVATE_KEY = ""
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

DEMO_ADMIN_ACCOUNT = False
TWO_FACTOR_SKIP_FOR = ()
# Every directory search looks for changes made by other processes (the tests make them).
SEARCH_SYNC_SECONDS = 0
# Tests see the catalogue of their own transaction at once (a background thread would not see
# uncommitted data); test_directory turns the background build on where it is the subject.
CATALOG_BUILD_IN_BACKGROUND = False
