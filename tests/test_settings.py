"""Production settings: refuse to start without secrets, and pass Django's deploy checks."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PRODUCTION_ENV, production_environment

ROOT = Path(__file__).resolve().parent.parent


SECRETS = {name: PRODUCTION_ENV[name] for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")}
REQUIRED = [name for name in PRODUCTION_ENV if name not in SECRETS]


def run_manage(*args, **env):
    """manage.py under production settings; by default with every required variable but the
    secrets (each test names the ones it gives)."""
    environment = production_environment(**{name: None for name in SECRETS} | env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="portal.example.go.id")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **SECRETS,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_has_no_demo_or_benchmark_data_commands():
    for command in ("seed_demo", "generate_national_data"):
        result = run_manage(
            command,
            **SECRETS,
        )

        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr


def test_production_never_imports_the_development_data():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "import sys; print(sorted(m for m in sys.modules if 'devdata' in m))",
        **SECRETS,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def production_database_settings(**env):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; import json; d = settings.DATABASES['default'];"
        " print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))",
        **SECRETS,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_with_health_checks():
    assert production_database_settings() == [60, True]


def test_production_connection_lifetime_comes_from_the_environment():
    assert production_database_settings(CONN_MAX_AGE="0") == [0, True]


@pytest.mark.parametrize("name", REQUIRED)
def test_production_refuses_to_start_without(name):
    # Each had a default that silently meant SQLite, a folder as broker or cache, mail printed
    # to the console, or links to 127.0.0.1:8000.
    result = run_manage("check", **SECRETS, **{name: None})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the environment variable {name} " in result.stderr


@pytest.mark.parametrize("url", ["consolemail://", "filemail:///tmp/mail", "memorymail://"])
def test_production_refuses_mail_that_goes_nowhere(url):
    result = run_manage("check", **SECRETS, EMAIL_URL=url)

    assert result.returncode != 0
    assert "EMAIL_URL selects" in result.stderr


def test_production_refuses_a_portal_address_that_is_not_a_url():
    result = run_manage("check", **SECRETS, PORTAL_BASE_URL="pokja.example.go.id")

    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be" in result.stderr


def production_value(expression: str, **env):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; import json; print(json.dumps({expression}))",
        **SECRETS,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_reads_every_required_variable():
    assert production_value(
        "[settings.DATABASES['default']['NAME'], settings.CELERY_BROKER_URL,"
        " settings.CACHES['default']['BACKEND'], settings.EMAIL_BACKEND, settings.EMAIL_PORT,"
        " settings.PORTAL_BASE_URL, settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL]",
        PORTAL_BASE_URL="https://portal.example.go.id/",
    ) == [
        "prodsafe_unused",
        "redis://127.0.0.1:6379/2",
        "pokja.kernel.rediscache.PortalRedisCache",  # Django's, reusing its client
        "django.core.mail.backends.smtp.EmailBackend",
        8225,
        "https://portal.example.go.id",  # no trailing slash: the digest's links add the path
        "Portal Pokja <noreply@portal.example.go.id>",
        "Portal Pokja <noreply@portal.example.go.id>",
    ]


def test_admins_get_server_errors_by_mail():
    admins = production_value(
        "[settings.ADMINS, [h['class'] for n, h in settings.LOGGING['handlers'].items()"
        " if n in settings.LOGGING['loggers']['django']['handlers']]]",
        DJANGO_ADMINS="Tim TI <ti@bkkbn.go.id>, ops@bkkbn.go.id",
    )

    assert admins == [
        [["Tim TI", "ti@bkkbn.go.id"], ["", "ops@bkkbn.go.id"]],
        ["django.utils.log.AdminEmailHandler"],
    ]


def test_production_logs_json_and_sentry_stays_off_without_a_dsn():
    assert production_value(
        "[settings.LOGGING['formatters']['portal']['()'],"
        " __import__('sentry_sdk').is_initialized()]"
    ) == ["pokja.logs.JsonFormatter", False]


def test_sentry_reports_errors_without_personal_data_when_a_dsn_is_set():
    # nothing listens on this port: no event is sent by `shell`
    client = production_value(
        "[__import__('sentry_sdk').is_initialized(),"
        " __import__('sentry_sdk').get_client().options['send_default_pii']]",
        SENTRY_DSN="http://public@127.0.0.1:8226/1",
    )

    assert client == [True, False]


def test_the_example_environment_file_starts_production():
    # deploy/pokja.env.example, followed literally (only the secret key changed), passes the
    # deploy check: it names every variable production requires.
    lines = (ROOT / "deploy" / "pokja.env.example").read_text().splitlines()
    example = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    example["DJANGO_SECRET_KEY"] = SECRETS["DJANGO_SECRET_KEY"]

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **example)

    assert result.returncode == 0, result.stderr
    assert set(REQUIRED) <= example.keys()
    # behind the shipped nginx: lock out the client, not nginx (pokja/client_ip.py)
    assert example["AXES_PROXY_COUNT"] == "1"
