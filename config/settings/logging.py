"""The LOGGING dictionary (pokja/logs.py): every line with its UTC time, level, logger and,
within a request, the request id, user id and client address. "text" reads well in a terminal;
production writes "json", one object per line, for a log collector.

base.py and production.py call portal_logging with their LOG_FORMAT and LOG_LEVEL.
"""


def portal_logging(log_format: str, level: str) -> dict:
    formatter = {"json": "pokja.logs.JsonFormatter"}.get(log_format, "pokja.logs.TextFormatter")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_context": {"()": "pokja.logs.RequestContextFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {"portal": {"()": formatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "portal",
                "filters": ["request_context"],
            },
            "mail_admins": {
                "level": "ERROR",
                "class": "django.utils.log.AdminEmailHandler",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            # A server error (django.request) is mailed to ADMINS too; it still reaches the log.
            "django": {"handlers": ["mail_admins"], "level": "INFO"},
        },
    }
