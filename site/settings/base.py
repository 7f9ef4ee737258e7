"""Settings shared by every environment.

Secure by default: DEBUG is off, cookies are secure and HTTPS is enforced here; dev.py and
test.py relax what they must. Everything deployment-specific comes from the environment.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
# Local state that never goes into git: the SQLite database, media, the dev secret key.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    """Return an environment variable, treating an empty value as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "facilities",
    "blog",
    "inquiries",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_recaptcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: X-Forwarded-* are believed only from the proxies TRUSTED_PROXIES names.
    "home.middleware.ProxyHeadersMiddleware",
    "home.middleware.SiteHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.middleware.ReadingSupportMiddleware",
    "home.middleware.AdminSignInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Admin sign-in lockout (home/lockouts.py). django-axes counts wrong passwords per account,
# address (see TRUSTED_PROXIES) and browser. The pair (account, address) waits
# SIGNIN_LOCKOUT_MINUTES after SIGNIN_FAILURE_LIMIT; an address alone after
# SIGNIN_ADDRESS_FAILURE_LIMIT (higher: an office's staff share one address). An account
# alone is never locked: past SIGNIN_FAILURE_LIMIT failures over all addresses, browsers
# that have not signed in to it before wait a doubling delay (at most
# SIGNIN_ACCOUNT_DELAY_MAX_SECONDS after the latest failure); its usual browsers do not.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("SIGNIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("SIGNIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "home.lockouts.SignInHandler"
SIGNIN_ADDRESS_FAILURE_LIMIT = int(env("SIGNIN_ADDRESS_FAILURE_LIMIT", "30"))
SIGNIN_ACCOUNT_DELAY_MAX_SECONDS = int(env("SIGNIN_ACCOUNT_DELAY_MAX_SECONDS", "300"))
if SIGNIN_ADDRESS_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "SIGNIN_ADDRESS_FAILURE_LIMIT must be higher than SIGNIN_FAILURE_LIMIT: several people "
        "sign in from one address (an office's network), so it allows more wrong passwords."
    )
# Users change their own email only through a link mailed to the new address (the account
# page's 「メールアドレス」, home/accounts.py); operators change it in 設定 → ユーザー.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Refused tries are not counted: guessing during a lock neither tests passwords nor makes
# the wait longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "home.clients.client_address"
AXES_LOCKOUT_CALLABLE = "home.signin_views.lockout"
AXES_RESET_ON_SUCCESS = False
# Successful sign-ins are not kept with their addresses; failures are, until they expire.
AXES_DISABLE_ACCESS_LOG = True
# The second factor (home/twofactor.py): every admin account sets up an authenticator app at
# its first sign-in. Development settings let the demo account skip it; production never.
TWO_FACTOR_REQUIRED = True
TWO_FACTOR_SKIP_FOR = ()
OTP_TOTP_ISSUER = env("SITE_NAME", "B型ナビ")
# An admin session ends after ADMIN_IDLE_MINUTES without an admin request, and
# ADMIN_SESSION_HOURS after sign-in in any case (home.middleware.AdminSignInMiddleware).
ADMIN_IDLE_MINUTES = int(env("ADMIN_IDLE_MINUTES", "120"))
ADMIN_SESSION_HOURS = int(env("ADMIN_SESSION_HOURS", "10"))
SESSION_COOKIE_AGE = ADMIN_SESSION_HOURS * 60 * 60
# Password reset: the mail goes through the outbox; at most PASSWORD_RESET_LIMIT mails per
# account and PASSWORD_RESET_ADDRESS_LIMIT requests per address in PASSWORD_RESET_WINDOW
# seconds; a link works for a day.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "inquiries.password_reset.PasswordResetForm"  # noqa: S105
PASSWORD_RESET_LIMIT = int(env("PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(env("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_WINDOW = int(env("PASSWORD_RESET_WINDOW", "3600"))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Content-Security-Policy on the public site: only this site's own scripts, styles and
# images. A page adds what it needs for itself (map tiles, reCAPTCHA on the inquiry forms)
# with home.middleware.allow_sources. The Wagtail admin sets inline styles and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

ROOT_URLCONF = "urls"
# A form refused for its CSRF token gets a page in Japanese that says nothing was sent.
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_identity",
                "home.reading.context",
                "facilities.shortlist.context_processors.shortlist",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests write at once (inquiries, sessions): take the write lock when a
    # transaction starts rather than fail half-way with "database is locked", wait for it
    # instead of giving up at once, and let readers go on beside a writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every app server when REDIS_URL is set (redis://host:6379/0); otherwise
# each process keeps its own in memory. What is cached is keyed so that it is never stale
# (e.g. a facility page's facts, keyed on the keyword index's generation); whole pages are
# not cached, as they carry per-visitor state (the shortlist, CSRF tokens).
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "bnavi",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Japanese first: the public site and the admin. Set before the first migrate so that
# Wagtail's default locale is created as "ja".
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# Japanese for the admin strings Wagtail ships untranslated (see locale/ja/).
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Everyone works in Japan: with one zone Wagtail leaves the time-zone choice (about 600 zone
# names, in English) off the account page, and with one language its whole 言語 panel.
WAGTAIL_USER_TIME_ZONES = ["Asia/Tokyo"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# reCAPTCHA v3 keys; the inquiry forms only add the invisible check when both are set.
RECAPTCHA_PUBLIC_KEY = env("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = env("RECAPTCHA_PRIVATE_KEY", "")

WAGTAIL_SITE_NAME = env("SITE_NAME", "B型ナビ")
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The facility keyword index (Whoosh); rebuilt with `manage.py rebuild_facility_index`.
SEARCH_INDEX_DIR = Path(env("SEARCH_INDEX_DIR", VAR_DIR / "search"))
# How often (seconds) a process looks for facility changes other processes or servers made
# (one indexed query) before a directory search.
SEARCH_SYNC_SECONDS = float(env("SEARCH_SYNC_SECONDS", "2"))
# Map tiles for the directory's results map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
# (use a tile server whose terms allow your traffic). Empty: no map, and no request to any
# third party; the list of results is complete without it.
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are never fetched from gravatar.com (it would learn a hash of each address).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Secure defaults; relaxed only in dev.py and test.py.
# Believed only from TRUSTED_PROXIES (home.middleware.ProxyHeadersMiddleware drops it otherwise).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# Wagtail's preview views override this with SAMEORIGIN where they need a frame.
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# The reverse proxies in front of the app, by address or network (comma separated, IPv4 or
# IPv6, e.g. 10.0.0.0/8,127.0.0.1). X-Forwarded-For and X-Forwarded-Proto are believed only
# on connections from them (home.middleware.ProxyHeadersMiddleware, home.clients); empty:
# none, the visitor's address is REMOTE_ADDR. Used by sign-in lockout, all limits and reCAPTCHA.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or network (e.g. 10.0.0.0/8,::1)."
        ) from None
if env("TRUSTED_PROXY_COUNT") is not None:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer used: a count let a client that connects directly "
        "choose its own address. Set TRUSTED_PROXIES to your reverse proxies' addresses or "
        "networks instead (e.g. TRUSTED_PROXIES=127.0.0.1 or 10.0.0.0/8), and unset "
        "TRUSTED_PROXY_COUNT."
    )
# Inquiries: at most INQUIRY_RATE_LIMIT per person (email or phone) and
# INQUIRY_ADDRESS_RATE_LIMIT per address per INQUIRY_RATE_WINDOW seconds; kept for
# INQUIRY_RETENTION_DAYS after they are closed (`manage.py purge_inquiries`).
INQUIRY_RATE_LIMIT = int(env("INQUIRY_RATE_LIMIT", "5"))
INQUIRY_ADDRESS_RATE_LIMIT = int(env("INQUIRY_ADDRESS_RATE_LIMIT", "30"))
INQUIRY_RATE_WINDOW = int(env("INQUIRY_RATE_WINDOW", "3600"))
INQUIRY_RETENTION_DAYS = int(env("INQUIRY_RETENTION_DAYS", "365"))
# An inquiry nobody closed is anonymised this long after it came in.
INQUIRY_OPEN_RETENTION_DAYS = int(env("INQUIRY_OPEN_RETENTION_DAYS", "730"))
# Mail is sent by `manage.py send_outbox` only (never by web workers). With --watch it looks
# for mail every OUTBOX_POLL_SECONDS (on PostgreSQL new mail also wakes it at once), and a
# mail whose sender died is sent again once its claim of OUTBOX_CLAIM_SECONDS runs out: longer
# than one SMTP attempt can take (several EMAIL_TIMEOUTs).
OUTBOX_POLL_SECONDS = float(env("OUTBOX_POLL_SECONDS", "2"))
OUTBOX_CLAIM_SECONDS = float(env("OUTBOX_CLAIM_SECONDS", "600"))
