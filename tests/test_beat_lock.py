"""Exactly one Celery beat: a second beat on the same broker refuses to start (config/beat.py)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from config.beat import REDIS_KEY, BeatLockHeld, FileBeatLock, RedisBeatLock, beat_lock

BASE_DIR = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/4"  # this test's own database: the key name is fixed


@pytest.fixture
def broker():
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(REDIS_KEY)
    yield client
    client.delete(REDIS_KEY)


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_second_redis_lock_is_refused_and_names_the_holder(broker):
    first = RedisBeatLock(REDIS_URL, seconds=60)
    first.acquire()
    with pytest.raises(BeatLockHeld, match=f"pid {os.getpid()}.*{REDIS_KEY} on {REDIS_URL}"):
        RedisBeatLock(REDIS_URL, seconds=60).acquire()

    first.release()
    RedisBeatLock(REDIS_URL, seconds=60).acquire()


def test_a_lock_nobody_renews_expires_and_another_beat_may_start(broker):
    RedisBeatLock(REDIS_URL, seconds=1).acquire()  # a beat killed with SIGKILL: never released
    assert 0 < broker.pttl(REDIS_KEY) <= 1000

    assert wait_until(lambda: not broker.exists(REDIS_KEY), seconds=10)
    RedisBeatLock(REDIS_URL, seconds=60).acquire()


def test_renewing_keeps_the_lock_and_stops_a_beat_whose_lock_was_taken(broker):
    first = RedisBeatLock(REDIS_URL, seconds=60)
    first.acquire()
    broker.pexpire(REDIS_KEY, 500)
    first.renew()
    assert broker.pttl(REDIS_KEY) > 50_000

    broker.delete(REDIS_KEY)  # expired while this beat was suspended, and another one started
    RedisBeatLock(REDIS_URL, seconds=60).acquire()
    with pytest.raises(BeatLockHeld):
        first.renew()


def test_the_filesystem_broker_locks_a_file_in_the_celery_folder(tmp_path):
    lock = beat_lock("filesystem://", seconds=60, folder=tmp_path)
    assert isinstance(lock, FileBeatLock)
    lock.acquire()
    with pytest.raises(BeatLockHeld, match=f"pid {os.getpid()}.*beat.lock"):
        beat_lock("filesystem://", seconds=60, folder=tmp_path).acquire()

    lock.release()
    beat_lock("filesystem://", seconds=60, folder=tmp_path).acquire()


def start_beat(tmp_path: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "CELERY_DIR": str(tmp_path / name),  # each its own schedule file, as on two hosts
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    celery = Path(sys.executable).with_name("celery")
    beat = subprocess.Popen(  # noqa: S603
        [str(celery), "-A", "config", "beat", "--loglevel=INFO", f"--logfile={log}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return beat, log


def test_a_second_beat_on_the_same_redis_refuses_to_start(broker, tmp_path):
    first, first_log = start_beat(tmp_path, "first")
    second = None
    try:
        assert wait_until(lambda: broker.exists(REDIS_KEY) or first.poll() is not None, 90)
        assert first.poll() is None, first_log.read_text()

        second, second_log = start_beat(tmp_path, "second")
        assert second.wait(timeout=90) == 1
        refusal = second_log.read_text()
        assert "refusing to start, another beat is running" in refusal
        assert f"pid {first.pid}" in refusal
        assert first.poll() is None
    finally:
        for beat in (first, second):
            if beat is not None and beat.poll() is None:
                beat.terminate()
                beat.wait(timeout=30)

    # Stopped cleanly: the lock is released at once (another beat may start, as above).
    assert not broker.exists(REDIS_KEY)
