"""The portal's log lines: one shape for Django, gunicorn and Celery.

Every line carries the time (UTC, ISO 8601, whatever TIME_ZONE says: the web, the worker and
gunicorn's own lines then sort together), the level, the logger and the message; lines written
while a request is served also carry its request id, the signed-in user's id and the client's
address (pokja.middleware.RequestContextMiddleware fills them in). Production writes one JSON
object per line (LOG_FORMAT=json) for a log collector; elsewhere the same fields as readable text.

This module is imported by gunicorn's configuration before Django is set up: it must not touch
the settings or the models at import time.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import os

from gunicorn.glogging import Logger as GunicornBaseLogger
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

# The request being served by this thread (or task); empty outside a request.
request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "request_context", default=None
)
# The request's fields, also written into the WSGI environ so that gunicorn's access line (written
# after Django returned) carries the same values.
CONTEXT_FIELDS = ("request_id", "user_id", "client_ip")
ENVIRON_PREFIX = "pokja."


def utc_timestamp(created: float) -> str:
    moment = datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and client_ip to every record (None outside a request), and in
    a Celery task its name and id."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = request_context.get() or {}
        for field in CONTEXT_FIELDS:
            if not hasattr(record, field):
                setattr(record, field, context.get(field))
        from celery import current_task  # here: gunicorn's master imports this module too

        if current_task and current_task.request.id and not hasattr(record, "task_id"):
            record.task_id = current_task.request.id
            record.task_name = current_task.name
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, the request's fields, and any
    `extra=` the caller passed (an exception's traceback as exc_info)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*_RESERVED, "color_message"])
        super().__init__("{levelname}{name}{message}", *args, style="{", **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        log_data["time"] = utc_timestamp(record.created)
        super().add_fields(log_data, record, message_dict)


_RESERVED = [
    *logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys(),
    "message",
    "asctime",
    "request",  # Django's request logger passes the request object: its repr says nothing more
]


class TextFormatter(logging.Formatter):
    """The readable default: `2026-12-06T07:01:02.345Z INFO pokja.x [request user client] text`."""

    def __init__(self, *args, **kwargs):
        super().__init__("%(levelname)s %(name)s%(context)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        values = [getattr(record, field, None) for field in CONTEXT_FIELDS]
        record.context = (
            " [" + " ".join("-" if v is None else str(v) for v in values) + "]"
            if any(v is not None for v in values)
            else ""
        )
        return utc_timestamp(record.created) + " " + super().format(record)


def formatter_for(kind: str) -> logging.Formatter:
    """LOG_FORMAT's two values: "json" (production's default) or "text"."""
    return JsonFormatter() if kind == "json" else TextFormatter()


def use_portal_format(logger: logging.Logger, kind: str) -> None:
    """Give a logger's handlers the portal's format and request fields (Celery's own loggers,
    which Celery sets up with its own format before any task runs)."""
    for handler in logger.handlers:
        handler.setFormatter(formatter_for(kind))
        if not any(isinstance(f, RequestContextFilter) for f in handler.filters):
            handler.addFilter(RequestContextFilter())


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's error and access logs in the portal's format (deploy/gunicorn.conf.py).

    The access line names the request's fields as Django saw them: the request id, the user and
    the real client's address behind nginx (pokja/client_ip.py), which the request's middleware
    leaves in the WSGI environ. A request Django never saw falls back to gunicorn's own peer."""

    log_format = "json"

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.log_format = os.environ.get("LOG_FORMAT", "json")
        for log in (self.error_log, self.access_log):
            use_portal_format(log, self.log_format)

    def access(self, resp, req, environ, request_time) -> None:
        if self.log_format != "json":
            super().access(resp, req, environ, request_time)  # access_log_format, as text
            return
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        status = atoms["s"]
        extra = {
            "method": atoms["m"],
            "path": atoms["U"],
            "status": int(status) if str(status).isdigit() else status,
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "user_agent": atoms["a"],
            "referer": atoms["f"],
            "request_id": environ.get(ENVIRON_PREFIX + "request_id")
            or environ.get("HTTP_X_REQUEST_ID"),
            "user_id": environ.get(ENVIRON_PREFIX + "user_id"),
            "client_ip": environ.get(ENVIRON_PREFIX + "client_ip") or atoms["h"],
        }
        try:
            self.access_log.info(
                "%s %s %s %sms", atoms["m"], atoms["U"], status, atoms["M"], extra=extra
            )
        except Exception:
            self.exception("access log line failed")
