"""Production settings. Nothing is guessed: every setting whose default only suits one machine
(SQLite, a folder as broker and cache, mail on the console, links to 127.0.0.1) must be given."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env
from .logging import portal_logging

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Each has a default for `make run`; in production a missing one silently meant SQLite, a folder
# as broker or cache, mails to nowhere, links to 127.0.0.1:8000. deploy/pokja.env.example has them.
REQUIRED_VARIABLES = {
    "DATABASE_URL": "postgres://pokja:…@127.0.0.1:5432/pokja",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp+tls://user:password@smtp.example.org:587",
    "PORTAL_BASE_URL": "https://pokja.example.go.id",
    "DEFAULT_FROM_EMAIL": "Portal Pokja <noreply@example.go.id>",
}
for _name, _example in REQUIRED_VARIABLES.items():
    if not env.str(_name, default="").strip():
        raise ImproperlyConfigured(
            f"Set the environment variable {_name} (e.g. {_example}): production has no default."
        )

# Mail that goes nowhere (console, files, memory, dummy) would be logged as sent.
REFUSED_MAIL_BACKENDS = ("console", "filebased", "locmem", "dummy")
if EMAIL_BACKEND.split(".")[-2] in REFUSED_MAIL_BACKENDS:  # noqa: F405
    raise ImproperlyConfigured(
        f"EMAIL_URL selects {EMAIL_BACKEND}, which sends nothing: production needs a mail "  # noqa: F405
        "server (smtp://, smtp+tls:// or smtps://)."
    )
if "@" not in DEFAULT_FROM_EMAIL:  # noqa: F405
    raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must hold an e-mail address.")
_base_url = urlsplit(PORTAL_BASE_URL)  # noqa: F405
if _base_url.scheme not in ("http", "https") or not _base_url.netloc:
    raise ImproperlyConfigured(
        "PORTAL_BASE_URL must be the portal's address as users reach it, e.g. "
        "https://pokja.example.go.id"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

STORAGES = {
    **STORAGES,  # noqa: F405  the portal's files: object storage or disk, chosen in base
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SEED_DEMO_ALLOWED = False

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

# One JSON object per log line (pokja/logs.py); LOG_FORMAT=text for a person reading the journal.
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = portal_logging(LOG_FORMAT, LOG_LEVEL)  # noqa: F405

# Error reports to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set.
# No personal data: no user names, addresses, cookies or request bodies leave the portal.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
