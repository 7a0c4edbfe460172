"""Production settings: refuse to start without secrets, and pass Django's deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
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
        DJANGO_SECRET_KEY="k3y-" + "a1B2c3D4e5F6g7H8" * 4,
        DJANGO_ALLOWED_HOSTS="portal.example.go.id",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_has_no_demo_or_benchmark_data_commands():
    for command in ("seed_demo", "generate_national_data"):
        result = run_manage(
            command,
            DJANGO_SECRET_KEY="k3y-" + "a1B2c3D4e5F6g7H8" * 4,
            DJANGO_ALLOWED_HOSTS="portal.example.go.id",
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
        DJANGO_SECRET_KEY="k3y-" + "a1B2c3D4e5F6g7H8" * 4,
        DJANGO_ALLOWED_HOSTS="portal.example.go.id",
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
        DJANGO_SECRET_KEY="k3y-" + "a1B2c3D4e5F6g7H8" * 4,
        DJANGO_ALLOWED_HOSTS="portal.example.go.id",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_with_health_checks():
    assert production_database_settings() == [60, True]


def test_production_connection_lifetime_comes_from_the_environment():
    assert production_database_settings(CONN_MAX_AGE="0") == [0, True]
