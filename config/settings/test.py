"""Settings for the test suite: same database and broker choice as local, faster hashing."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import USES_FILESYSTEM_BROKER, env, filesystem_broker_options

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "id"

# Each test run gets its own folders, so runs never see each other's files or queued tasks.
_run_dir = Path(tempfile.mkdtemp(prefix="pokja-test-"))
MEDIA_ROOT = _run_dir / "media"
STATIC_ROOT = _run_dir / "static"
STATIC_ROOT.mkdir()
ENGINE_LOCK_DIR = _run_dir / "locks"
if USES_FILESYSTEM_BROKER:
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(_run_dir)
    CELERY_RESULT_BACKEND = f"file://{_run_dir / 'results'}"
# Use a queue name of our own so a test run never competes with a portal running on the same
# broker.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TEST_QUEUE", default="pokja-test")
