"""Settings for the test suite: same database and broker choice as local, faster hashing."""

import os
import tempfile
from pathlib import Path

from celery.schedules import crontab

# Before base reads anything: a developer's .env must not change what the tests see.
os.environ["PORTAL_IGNORE_DOTENV"] = "1"

from .base import *  # noqa: E402, F403
from .base import (  # noqa: E402
    CELERY_BEAT_SCHEDULE,
    USES_FILESYSTEM_BROKER,
    env,
    filesystem_broker_options,
)

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "id"

# Pinned: behaviour the tests assert must not follow the machine's environment. (Only the
# database and the broker do, so CI can run the same suite on SQLite and on PostgreSQL + Redis.)
TIME_ZONE = "Asia/Jakarta"
CELERY_TIMEZONE = TIME_ZONE
EFFECTIVENESS_HOUR, EFFECTIVENESS_MINUTE, HOUSEKEEPING_HOUR = 1, 0, 2
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "nightly-effectiveness": {
        **CELERY_BEAT_SCHEDULE["nightly-effectiveness"],
        "schedule": crontab(hour=EFFECTIVENESS_HOUR, minute=EFFECTIVENESS_MINUTE),
    },
    "nightly-housekeeping": {
        **CELERY_BEAT_SCHEDULE["nightly-housekeeping"],
        "schedule": crontab(hour=HOUSEKEEPING_HOUR, minute=0),
    },
    "nightly-reminders": {
        **CELERY_BEAT_SCHEDULE["nightly-reminders"],
        "schedule": crontab(hour=5, minute=30),
    },
}
TARGET_THRESHOLDS = {"tercapai": 100, "hampir": 90}
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
AXES_FAILURE_LIMIT = 5
AXES_IPWARE_PROXY_COUNT = 0
REMINDER_SK_EXPIRY_DAYS = 90
REMINDER_WORKPLAN_MONTH = 10
REMINDER_VERIFICATION_DAYS = 7
REMINDER_RAKERDA_DATE = "02-28"
REMINDER_RAKERDA_LEAD_DAYS = 60
REMINDER_KAMPUNGKB_PROFILE_DAY = 15
PORTAL_BASE_URL = "http://testserver"
API_TOKEN_MAX_DAYS = 365
EXPORT_INLINE_MAX_ROWS = 5000
EXPORT_KEEP_DAYS = 7
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    # a throttling test sets its own rates
    "DEFAULT_THROTTLE_RATES": {"api": "10000/min", "api_user": "10000/min"},
}

# One process per test worker (the live server and the Celery worker are threads in it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each test run gets its own folders, so runs never see each other's files or queued tasks.
_run_dir = Path(tempfile.mkdtemp(prefix="pokja-test-"))
MEDIA_ROOT = _run_dir / "media"
# Files on disk whatever the machine's environment says; the object-storage tests switch to a
# mocked bucket themselves (tests/storage_helpers.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
STATIC_ROOT = _run_dir / "static"
STATIC_ROOT.mkdir()
ENGINE_LOCK_DIR = _run_dir / "locks"
BACKUP_DIR = _run_dir / "backups"
if USES_FILESYSTEM_BROKER:
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(_run_dir)
    CELERY_RESULT_BACKEND = f"file://{_run_dir / 'results'}"
# Use a queue name of our own so a test run never competes with a portal running on the same
# broker.
# Each pytest-xdist worker has its own queue too: its in-process Celery worker must never take
# a task queued by another test process.
CELERY_TASK_DEFAULT_QUEUE = (
    env("CELERY_TEST_QUEUE", default="pokja-test")
    + "-"
    + os.environ.get("PYTEST_XDIST_WORKER", "main")
)

# Demo accounts and records, and the national benchmark generator: development only.
INSTALLED_APPS = [*INSTALLED_APPS, "pokja.devdata"]  # noqa: F405
