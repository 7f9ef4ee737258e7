"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code, **env):
    """Run code in a fresh interpreter with the project's import paths and a clean environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "VAR_DIR",
            "BASE_URL",
        }
    }
    environment.update(env)
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "site")])
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def run_manage(*args, **env):
    code = "import sys; sys.argv = ['manage.py', *sys.argv[1:]]; import runpy; "
    code += "runpy.run_path('manage.py', run_name='__main__')"
    environment = {"DJANGO_SETTINGS_MODULE": "settings.production", **env}
    result = run_python(code.replace("sys.argv[1:]", repr(list(args))), **environment)
    return result


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(
        "import settings.production", ALLOWED_HOSTS="example.jp", BASE_URL="https://example.jp"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python("import settings.production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_passes_the_deployment_checks(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k9#Vq2!mZ7@pL4$wR8^tY1&uE5*iO3(aS6)dF0_gH-jK+lX=cB",
        ALLOWED_HOSTS="b-navi.example.jp",
        BASE_URL="https://b-navi.example.jp",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOW_SQLITE="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_sqlite_unless_allowed(tmp_path):
    production = {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.jp",
        "BASE_URL": "https://example.jp",
        "VAR_DIR": str(tmp_path),
    }
    refused = run_python("import settings.production", **production)
    assert refused.returncode != 0
    assert "ALLOW_SQLITE=true" in refused.stderr
    allowed = run_python("import settings.production", ALLOW_SQLITE="true", **production)
    assert allowed.returncode == 0, allowed.stderr
    postgres = run_python(
        "import settings.production", DATABASE_URL="postgres://u@db.local/bnavi", **production
    )
    assert postgres.returncode == 0, postgres.stderr


def test_production_refuses_to_start_without_its_public_address(tmp_path):
    result = run_python(
        "import settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.jp",
        DATABASE_URL="postgres://u@db.local/bnavi",
    )
    assert result.returncode != 0
    assert "BASE_URL is not set" in result.stderr


def test_the_sites_address_reaches_mail_links_canonical_urls_and_the_sitemap(
    tmp_path, database_url
):
    """The production start as the README gives it: migrate, collectstatic, load_demo,
    configure_site, the index built, on a fresh database (PostgreSQL when the suite runs on
    it, as the README's production section has it)."""
    env = {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "b-navi.example.jp",
        "BASE_URL": "https://b-navi.example.jp",
        "VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ALLOW_SQLITE="true")
    commands = [
        ["migrate", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["load_demo"],
        ["configure_site"],
        ["rebuild_facility_index", "--if-stale"],
    ]
    for command in commands:
        result = run_manage(*command, **env)
        assert result.returncode == 0, result.stderr
    code = (
        "import django; django.setup();"
        "from django.test import Client; from django.conf import settings;"
        "c = Client(HTTP_HOST='b-navi.example.jp', HTTP_X_FORWARDED_PROTO='https');"
        "print(c.get('/about/', secure=True).text.count('href=\"https://b-navi.example.jp/about/\"'));"
        "print('https://b-navi.example.jp/about/' in c.get('/sitemap.xml', secure=True).text);"
        "print('localhost' in c.get('/sitemap.xml', secure=True).text);"
        "print(settings.WAGTAILADMIN_BASE_URL)"
    )
    out = run_python(code, DJANGO_SETTINGS_MODULE="settings.production", **env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "True", "False", "https://b-navi.example.jp"]


def test_sqlite_takes_the_write_lock_up_front_and_waits_for_it(tmp_path):
    code = "import settings.dev as s; o = s.DATABASES['default']['OPTIONS']; print(o)"
    options = run_python(code, VAR_DIR=str(tmp_path)).stdout
    assert "'transaction_mode': 'IMMEDIATE'" in options and "'timeout': 20" in options
    assert "journal_mode=WAL" in options


def test_dev_generates_a_secret_key_once_and_keeps_it(tmp_path):
    code = "import settings.dev as s; print(s.SECRET_KEY)"
    first = run_python(code, VAR_DIR=str(tmp_path))
    second = run_python(code, VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50
    assert second.stdout.strip() == key
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_selects_postgresql_and_defaults_to_sqlite_in_var(tmp_path):
    code = "import settings.dev as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    pg = run_python(code, VAR_DIR=str(tmp_path), DATABASE_URL="postgres://u@db.local:5432/bnavi")
    assert pg.stdout.split() == ["django.db.backends.postgresql", "bnavi"]
    default = run_python(code, VAR_DIR=str(tmp_path))
    assert default.stdout.split() == ["django.db.backends.sqlite3", str(tmp_path / "db.sqlite3")]


def test_language_and_time_zone_are_japanese():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
