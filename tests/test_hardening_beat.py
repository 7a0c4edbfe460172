"""Beat starts with either broker: its schedule folder exists even when Redis is the broker."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def test_beat_starts_with_redis_and_a_fresh_celery_dir(tmp_path):
    celery_dir = tmp_path / "never-created"
    env = {
        **os.environ,
        "CELERY_DIR": str(celery_dir),
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/15",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    celery = Path(sys.executable).with_name("celery")
    beat = subprocess.Popen(  # noqa: S603
        [str(celery), "-A", "config", "beat", "--loglevel=INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and beat.poll() is None:
            if list(celery_dir.glob("beat-schedule*")):
                break
            time.sleep(0.2)
        time.sleep(0.5)
        alive = beat.poll() is None
    finally:
        beat.terminate()
        output = beat.communicate(timeout=20)[0]

    assert alive, output
    assert list(celery_dir.glob("beat-schedule*")), output
    assert "FileNotFoundError" not in output
