"""Local development: DEBUG on, plain HTTP, mail printed to the console."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env, env_list

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])


def _local_secret_key():
    """Generate a secret key once and keep it in var/ so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _local_secret_key()

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The demo admin account made by `load_demo` exists only where this is true.
DEMO_ADMIN_ACCOUNT = True
# The demo account may skip the second factor here, so `make run` stays two commands.
TWO_FACTOR_SKIP_FOR = ("admin",)
