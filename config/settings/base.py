"""Settings shared by every environment. Machine-specific values come from the environment."""

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .csp import CONTENT_SECURITY_POLICY, CSP_REPORT_MAX_BYTES  # noqa: F401 (settings)
from .logging import portal_logging
from .storage import portal_storages

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"  # runtime files of the embedded default (database, broker, uploads)

env = environ.Env()
# A developer's .env configures `make run`; the test settings switch it off so it cannot change
# test results (see config/settings/test.py).
if (BASE_DIR / ".env").is_file() and not env.bool("PORTAL_IGNORE_DOTENV", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "pokja.admin_site.PortalAdminConfig",  # django.contrib.admin, see pokja/admin_site.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "simple_history",
    "pokja.axes_app.AxesConfig",  # django-axes, with a readable name in admin
    "health_check",
    "rest_framework",
    "pokja.knox_app.KnoxConfig",  # django-rest-knox, with Indonesian names in admin
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pokja",
    "pokja.api",
    "pokja.reminders",
    "targets",
    "stunting",
    "kampungkb",
]

MIDDLEWARE = [
    # First: every later line of the request's log carries its id, user and client address.
    "pokja.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /kesehatan/ answered before the host check (a load balancer probes by IP address).
    "pokja.middleware.HealthProbeMiddleware",
    "pokja.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (config/settings/csp.py).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pokja.middleware.PortalLocaleMiddleware",  # Indonesian unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a login unless it is marked @login_not_required.
    "pokja.middleware.PortalLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pokja.kernel.context_processors.navigation",
                "pokja.reminders.context_processors.due_items",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections (seconds; 0 closes after each request). Production defaults to 60:
# opening a PostgreSQL connection per request cost 1.2-2.1x throughput on the dashboards. The
# health check drops a connection the database closed meanwhile instead of failing a request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: every request is a transaction (ATOMIC_REQUESTS); a deferred one that
    # reads and then writes cannot wait for another writer and fails at once ("database is
    # locked", a 500 on two concurrent API writes). IMMEDIATE takes the write lock up front and
    # waits for it (up to `timeout` seconds). WAL (write-ahead log; the file keeps the mode):
    # readers never wait for the writer nor it for them. In the default rollback journal a
    # commit waits for every reader, and a write outside a transaction (the session saved after
    # the view) that meets a committing writer fails at once instead of waiting: "database is
    # locked", 50 answers 500 with six clients logging in for 20 s (issue #22; checked by
    # scripts/sqlite_concurrency.py, a CI stage). synchronous=NORMAL, WAL's usual level, is set
    # per connection: a power cut may lose the last commits, never corrupt the file. (An
    # in-memory database, the tests', ignores WAL.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (navbar counts, API throttles, cached dashboard parts: pokja/kernel/pagecache.py).
# Every process must share it (web workers and the Celery worker): Redis in production
# (CACHE_URL=redis://127.0.0.1:6379/1), a folder under var/ by default.
CACHES = {
    "default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}"),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's, reusing its client: a new one on every call cost more than the read.
    CACHES["default"]["BACKEND"] = "pokja.kernel.rediscache.PortalRedisCache"
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 5000
# Sessions are read from the cache (written through to the database): one query less on every
# page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long a rendered dashboard part may be kept; any write makes it obsolete before that.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# The public page (/publik/, no login): requests a minute per client address before a 429
# (0: no limit). A reader clicks a few pages a minute; a crawler at this pace still gets all.
PUBLIC_REQUESTS_PER_MINUTE = env.int("PUBLIC_REQUESTS_PER_MINUTE", default=120)

AUTH_USER_MODEL = "pokja.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pokja.auth_backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# E-mail (password reset links): EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587;
# by default printed on the console. filemail:///path writes files instead. Production refuses
# both (config/settings/production.py).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Portal Pokja Bangga Kencana <noreply@localhost>"
)
# Error mails to ADMINS (a server error, logged by django.request) come from the same sender.
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Who gets a mail on every server error: "Name <address>, other@example.org".
ADMINS = getaddresses([env("DJANGO_ADMINS", default="")])
ADMINS = [(name, address) for name, address in ADMINS if address]
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pokja:home"
LOGOUT_REDIRECT_URL = "login"

# Language, time zone and formats: Bahasa Indonesia first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # the language chosen in the switch is remembered
TIME_ZONE = env("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploaded evidence is private: it lives outside the static tree and is served only by views
# that check the user's scope, never by a public MEDIA_URL.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Where the portal's files live (config/settings/storage.py): a private S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME names one (several web hosts share it), else this host's disk under
# MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = portal_storages(env)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# Content-Security-Policy: CONTENT_SECURITY_POLICY and CSP_REPORT_MAX_BYTES come from
# config/settings/csp.py (imported above); the reports per minute logged from one address (more
# are answered but dropped) from the environment.
CSP_REPORT_PER_MINUTE = env.int("CSP_REPORT_PER_MINUTE", default=20)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"  # ours: templates/

# Login throttling (django-axes): five wrong passwords lock that username from that address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Number of reverse proxies in front of the portal (nginx alone: 1); pokja/client_ip.py reads
# the client's address from X-Forwarded-For accordingly.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "pokja.client_ip.client_ip"
# A load balancer probes /kesehatan/ over plain HTTP, straight at gunicorn: never redirect it.
SECURE_REDIRECT_EXEMPT = [r"^kesehatan/$"]

# Celery. The embedded default needs no Redis: kombu's filesystem transport in var/celery.
CELERY_DIR = env.path("CELERY_DIR", default=str(VAR_DIR / "celery"))
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")


def filesystem_broker_options(folder: Path) -> dict:
    """kombu's filesystem transport: one folder as queue. It must exist before anyone connects."""
    for sub in ("queue", "processed", "results", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


USES_FILESYSTEM_BROKER = CELERY_BROKER_URL.startswith("filesystem://")
if USES_FILESYSTEM_BROKER:
    CELERY_BROKER_TRANSPORT = "config.kombu_filesystem:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(Path(CELERY_DIR))
    _default_result_backend = f"file://{Path(CELERY_DIR) / 'results'}"
else:
    _default_result_backend = CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=_default_result_backend)
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(Path(CELERY_DIR) / "beat-schedule")
# Exactly one beat for the whole portal (config/beat.py): beat holds a lock in the broker's Redis
# (a file in CELERY_DIR on the filesystem broker); a second beat refuses to start. A beat that
# dies without releasing it holds it this long at most.
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
BEAT_LOCK_SECONDS = env.int("BEAT_LOCK_SECONDS", default=60)
# The effectiveness engine's lock file on SQLite (PostgreSQL uses an advisory lock instead).
ENGINE_LOCK_DIR = env.path("ENGINE_LOCK_DIR", default=str(CELERY_DIR))
# A button run still queued after this long lost its message and is marked failed.
QUEUED_RUN_TIMEOUT_MINUTES = env.int("QUEUED_RUN_TIMEOUT_MINUTES", default=60)
# A list export of more rows than this is written by the worker (pokja/services/exports.py);
# the user downloads the file from its job page. Job rows and files go after EXPORT_KEEP_DAYS.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5000)
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
# Where `backup_portal` writes its archives when given no path (the nightly timer,
# deploy/systemd/pokja-backup.timer). Created 0700 if missing; each archive is 0600.
BACKUP_DIR = env.path("BACKUP_DIR", default=str(VAR_DIR / "backups"))
# A TPPS semester report is overdue this many days after its semester ends.
STUNTING_REPORT_DUE_DAYS = env.int("STUNTING_REPORT_DUE_DAYS", default=30)
# The first year whose semester reports are counted as owed.
STUNTING_FIRST_REPORT_YEAR = env.int("STUNTING_FIRST_REPORT_YEAR", default=2024)
HOUSEKEEPING_HOUR = env.int("HOUSEKEEPING_HOUR", default=2)
EFFECTIVENESS_HOUR = env.int("EFFECTIVENESS_HOUR", default=1)
EFFECTIVENESS_MINUTE = env.int("EFFECTIVENESS_MINUTE", default=0)
# "Perlu tindakan" and the digests: after the effectiveness run, before the working day.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=5)
CELERY_BEAT_SCHEDULE = {
    "nightly-effectiveness": {
        "task": "pokja.tasks.recompute_effectiveness",
        "schedule": crontab(hour=EFFECTIVENESS_HOUR, minute=EFFECTIVENESS_MINUTE),
    },
    "nightly-housekeeping": {
        "task": "pokja.tasks.nightly_housekeeping",
        "schedule": crontab(hour=HOUSEKEEPING_HOUR, minute=0),
    },
    "nightly-reminders": {
        "task": "pokja.reminders.tasks.nightly_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=30),
    },
    # Proof for the health page that beat schedules and a worker runs what it schedules.
    "beat-tick": {
        "task": "pokja.tasks.beat_tick",
        "schedule": timedelta(minutes=5),
    },
}

# The health page (/kesehatan/rinci/): when a probe turns red or amber.
HEALTH_BEAT_MAX_AGE_MINUTES = env.int("HEALTH_BEAT_MAX_AGE_MINUTES", default=15)
HEALTH_NIGHTLY_MAX_AGE_HOURS = env.int("HEALTH_NIGHTLY_MAX_AGE_HOURS", default=26)
HEALTH_MIN_FREE_DISK_MB = env.int("HEALTH_MIN_FREE_DISK_MB", default=500)

# Achievement status thresholds, in % of target (tercapai / hampir tercapai / belum tercapai).
TARGET_THRESHOLDS = {
    "tercapai": env.int("TARGET_THRESHOLD_TERCAPAI", default=100),
    "hampir": env.int("TARGET_THRESHOLD_HAMPIR", default=90),
}

# --- REST API (/api/v1/, pokja/api/) ----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a request without credentials gets 401 with "WWW-Authenticate: Token".
        "knox.auth.TokenAuthentication",  # personal API tokens: "Authorization: Token ..."
        "rest_framework.authentication.SessionAuthentication",  # the browser (and Swagger UI)
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON only: DRF's browsable pages would list related objects in their forms' dropdowns.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "pokja.api.parsers.ObjectJSONParser",  # a JSON object, nothing else (400 otherwise)
        "rest_framework.parsers.MultiPartParser",  # a record with its evidence file
    ],
    "DEFAULT_PAGINATION_CLASS": "pokja.api.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "pokja.api.throttling.PerTokenThrottle",
        "pokja.api.throttling.PerUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api": env("API_THROTTLE_RATE", default="120/min"),
        # all of one user's tokens together: two tools at full speed, not ten
        "api_user": env("API_USER_THROTTLE_RATE", default="240/min"),
    },
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "pokja.api.errors.exception_handler",
}
KNOX_TOKEN_MODEL = "knox.AuthToken"  # noqa: S105 (a model name; TokenName points at it)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DEFAULT_DAYS", default=90)),
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=10),
    "AUTO_REFRESH": False,
}
# The longest expiry a user may give a personal token.
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal Pokja Bangga Kencana API",
    "DESCRIPTION": "Records of the Pokja Bangga Kencana, effectiveness, targets and achievements. "
    "Every endpoint shows only what the user's region scope allows (outside it: 404).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar's files: the docs work on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation's error answers (400/401/403/404/406/409/415/429) with shared body shapes.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pokja.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "VerificationStatusEnum": "pokja.kernel.verification.Status",
        "KampungKbSignerEnum": "kampungkb.models.profiles.Signer",
        "KampungKbFrequencyEnum": "kampungkb.models.profiles.Frequency",
    },
}

# --- Reminders ("Perlu tindakan", pokja/reminders/) and the e-mail digest ---------------------
# An SK that expires within this many days (or has expired) is due for renewal.
REMINDER_SK_EXPIRY_DAYS = env.int("REMINDER_SK_EXPIRY_DAYS", default=90)
# From this month on, a Pokja without a work plan for next year is reminded.
REMINDER_WORKPLAN_MONTH = env.int("REMINDER_WORKPLAN_MONTH", default=10)
# A submission waiting longer than this is reminded to its verifiers.
REMINDER_VERIFICATION_DAYS = env.int("REMINDER_VERIFICATION_DAYS", default=7)
# The Rakerda (month-day) by which a year's province targets should be final, and how many days
# before it the reminder starts.
REMINDER_RAKERDA_DATE = env("REMINDER_RAKERDA_DATE", default="02-28")
REMINDER_RAKERDA_LEAD_DAYS = env.int("REMINDER_RAKERDA_LEAD_DAYS", default=60)
# A Kampung KB's monthly profile is due by this day of its month (before the kab/kota's monthly
# program-control meeting reviews it); the operator is reminded from the month's first day.
REMINDER_KAMPUNGKB_PROFILE_DAY = env.int("REMINDER_KAMPUNGKB_PROFILE_DAY", default=15)
# The address the digest's links start with (the portal as users reach it).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Demo data may be seeded everywhere except production (production.py turns this off).
SEED_DEMO_ALLOWED = True

# Logs (config/settings/logging.py, pokja/logs.py): "text" reads well in a terminal; production
# writes "json", one object per line, for a log collector.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = portal_logging(LOG_FORMAT, LOG_LEVEL)
