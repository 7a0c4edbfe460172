"""The log lines an operator reads: one JSON shape for Django, gunicorn and Celery, with the
UTC time, the request id, the user and the real client address (pokja/logs.py)."""

import datetime
import io
import json
import logging
import types

import pytest
from django.test import override_settings
from django.utils import timezone
from gunicorn.config import Config

from pokja.logs import GunicornLogger, JsonFormatter, RequestContextFilter, TextFormatter
from pokja.models import AssessmentRun
from pokja.tasks import recompute_effectiveness


@pytest.fixture(autouse=True)
def _logging_as_configured():
    """Each test starts from the logging the settings configure: a test elsewhere on the same
    worker may have left levels raised, loggers disabled or logging switched off (a Celery
    worker started in process sets the root and "celery.task" loggers to its own level; a
    dictConfig disables the loggers that existed before it), which would silence the lines
    these tests read."""
    loggers = [logging.getLogger(name) for name in ("", "celery.task", "pokja.test")]
    task_logger = logging.getLogger("celery.task.test")
    levels = [logger.level for logger in loggers]
    logging.disable(logging.NOTSET)
    for logger in (*loggers, task_logger):
        logger.setLevel(logging.INFO)
        logger.disabled = False
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def json_lines():
    """The root logger's lines as production writes them, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_every_response_carries_a_request_id(client, db):
    first = client.get("/masuk/")["X-Request-ID"]
    second = client.get("/masuk/")["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_nginx_request_id_is_kept_and_a_forged_one_replaced(client, db):
    from_nginx = "5f2b1c0e9a8d47f6b3e2d1c0a9b8e7f6"

    assert client.get("/masuk/", HTTP_X_REQUEST_ID=from_nginx)["X-Request-ID"] == from_nginx
    forged = client.get("/masuk/", HTTP_X_REQUEST_ID='x" injected\nline')["X-Request-ID"]
    assert "injected" not in forged and len(forged) == 32


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_a_request_line_names_the_request_the_user_and_the_real_client(
    client_for, koord_6371, json_lines
):
    client = client_for(koord_6371)

    response = client.get(
        "/tidak-ada/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.1"
    )

    [line] = [line for line in json_lines() if line["logger"] == "django.request"]
    assert response.status_code == 404
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /tidak-ada/"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == koord_6371.pk
    assert line["client_ip"] == "203.0.113.9"  # the client nginx saw, not nginx


@override_settings(TIME_ZONE="Asia/Jakarta")
def test_times_are_utc_whatever_the_portal_time_zone(json_lines):
    logging.getLogger("pokja.test").info("hello")

    [line] = json_lines()
    assert line["time"].endswith("Z")
    written = datetime.datetime.fromisoformat(line["time"].replace("Z", "+00:00"))
    assert abs(written - timezone.now()) < datetime.timedelta(minutes=1)
    assert line["request_id"] is None  # outside a request


def test_the_readable_format_has_time_level_and_request_fields():
    record = logging.LogRecord("pokja.x", logging.INFO, __file__, 1, "saved %s", ("it",), None)
    record.request_id, record.user_id, record.client_ip = "abc123", 7, "203.0.113.9"

    line = TextFormatter().format(record)

    assert line.endswith("Z INFO pokja.x [abc123 7 203.0.113.9] saved it")


def gunicorn_access_line(capsys, environ: dict) -> dict:
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    response = types.SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = types.SimpleNamespace(headers=[("USER-AGENT", "wrk")])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/wilayah/63/",
        "PATH_INFO": "/wilayah/63/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": "wrk",
        **environ,
    }
    logger.access(response, request, environ, datetime.timedelta(milliseconds=87))
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_gunicorn_access_line_is_json_with_what_django_saw(capsys, monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    line = gunicorn_access_line(
        capsys,
        {"pokja.request_id": "r-42abcdef", "pokja.user_id": 7, "pokja.client_ip": "203.0.113.9"},
    )

    assert line["logger"] == "gunicorn.access"
    assert line["time"].endswith("Z")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/wilayah/63/", 200)
    assert (line["bytes"], line["duration_ms"]) == (1234, 87)
    assert (line["request_id"], line["user_id"], line["client_ip"]) == (
        "r-42abcdef",
        7,
        "203.0.113.9",
    )


def test_gunicorn_access_line_of_a_request_django_never_saw(capsys, monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    line = gunicorn_access_line(capsys, {})

    assert (line["request_id"], line["user_id"], line["client_ip"]) == (None, None, "127.0.0.1")


def test_the_nightly_run_logs_its_counts(banjarmasin, caplog):
    caplog.set_level(logging.INFO, logger="pokja.effectiveness.engine")

    run_id = recompute_effectiveness.apply().get()

    run = AssessmentRun.objects.get(pk=run_id)
    [record] = [r for r in caplog.records if getattr(r, "run_id", None) == run_id]
    this_year = timezone.localdate().year
    assert record.regions_assessed == run.region_count > 0
    assert record.effective == {str(this_year - 1): 0, str(this_year): 0}
    assert record.changed == run.change_count
    assert record.seconds >= 0
    assert record.getMessage().startswith(f"Effectiveness run {run_id} (nightly) done: ")


def test_celery_lines_name_the_task(settings):
    from celery import signals

    settings.LOG_FORMAT = "json"
    stream = io.StringIO()
    task_logger = logging.getLogger("celery.task.test")
    task_logger.addHandler(logging.StreamHandler(stream))
    signals.after_setup_task_logger.send(sender=None, logger=task_logger)

    from config.celery_app import app

    @app.task(name="tests.log_something")
    def log_something():
        task_logger.warning("working")

    log_something.apply(task_id="t-123")

    line = json.loads(stream.getvalue().splitlines()[-1])
    assert (line["message"], line["task_name"], line["task_id"]) == (
        "working",
        "tests.log_something",
        "t-123",
    )
    task_logger.handlers.clear()
