"""Exactly one Celery beat for the whole portal.

Beat sends the nightly jobs. Two beats (a second host started with the same units, a manual
`celery beat` left running) send every job twice: two nightly recomputes, two digests per user.
Beat takes a lock when it starts and refuses to start if another beat holds it:

- on Redis (production), a key in the broker's database with a time to live, renewed on every
  tick; a beat that stops releases it, a beat that dies lets it expire (BEAT_LOCK_SECONDS), after
  which another beat may start. Every host shares the broker, so this guards the whole cluster.
- on the filesystem broker (the embedded default, one machine), an flock on a file in
  CELERY_DIR, released by the kernel when the process ends however it ends.

The refused beat logs who holds the lock and exits with status 1 (`systemd` retries it after
`RestartSec`, so a second beat unit waits as a standby and takes over once the first is gone).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import uuid
from pathlib import Path

import redis
from celery.beat import PersistentScheduler
from django.conf import settings
from redis.exceptions import LockNotOwnedError, RedisError

logger = logging.getLogger(__name__)

REDIS_KEY = "pokja:celery-beat"
FILE_NAME = "beat.lock"


class BeatLockHeld(Exception):
    """Another beat holds the lock; the message names it."""


def _holder() -> str:
    """Who holds the lock, as an operator looks for it: host name and process id."""
    return f"{socket.gethostname()} pid {os.getpid()} ({uuid.uuid4().hex[:8]})"


class RedisBeatLock:
    """A Redis key with a time to live (redis-py's Lock: set-if-absent, owner-checked renewal)."""

    def __init__(self, url: str, seconds: int):
        self.client = redis.Redis.from_url(url)
        self.lock = self.client.lock(REDIS_KEY, timeout=seconds, thread_local=False)
        self.where = f"{REDIS_KEY} on {_without_password(url)}"

    def acquire(self) -> None:
        if not self.lock.acquire(blocking=False, token=_holder()):
            held_by = self.client.get(REDIS_KEY)
            raise BeatLockHeld(f"{held_by.decode() if held_by else 'another beat'} ({self.where})")

    def renew(self) -> None:
        """Push the expiry back. A lock that expired meanwhile (the host was suspended, Redis
        restarted) is taken again if nobody else took it; if another beat did, this one stops."""
        try:
            self.lock.reacquire()
        except LockNotOwnedError:
            self.acquire()
        except RedisError as error:
            # Redis is briefly away: the broker is too, so beat sends nothing meanwhile. The lock
            # lives on until its expiry; the next tick renews it.
            logger.warning("beat: cannot renew the beat lock (%s): %s", self.where, error)

    def release(self) -> None:
        # Expired or taken over: nothing of ours to release.
        with contextlib.suppress(LockNotOwnedError, RedisError):
            self.lock.release()


class FileBeatLock:
    """An flock on a file: one machine only, released by the kernel when the process ends."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / FILE_NAME
        self.where = str(self.path)
        self.handle = None

    def acquire(self) -> None:
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for the lock's whole life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            held_by = handle.read().strip() or "another beat"
            handle.close()
            raise BeatLockHeld(f"{held_by} ({self.where})") from None
        handle.truncate(0)
        handle.write(_holder())
        handle.flush()
        self.handle = handle

    def renew(self) -> None:
        pass  # held until released or the process ends

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file drops the flock
            self.handle = None


def beat_lock(broker_url: str, *, seconds: int, folder: Path) -> RedisBeatLock | FileBeatLock:
    """The lock that fits the broker: Redis for a Redis broker, a file otherwise."""
    if broker_url.startswith(("redis://", "rediss://")):
        return RedisBeatLock(broker_url, seconds)
    if not broker_url.startswith("filesystem://"):
        logger.warning("beat: the lock for this broker guards this machine only (%s)", folder)
    return FileBeatLock(folder)


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


class SingleBeatScheduler(PersistentScheduler):
    """beat's usual scheduler (the schedule's state in CELERY_BEAT_SCHEDULE_FILENAME) that holds
    the beat lock from its start to its close. Celery builds the scheduler before its main loop,
    so a refusal here stops the process before it opens the schedule or sends anything."""

    lock = None

    def setup_schedule(self):
        lock = beat_lock(
            self.app.conf.broker_url,
            seconds=settings.BEAT_LOCK_SECONDS,
            folder=Path(settings.CELERY_DIR),
        )
        try:
            lock.acquire()
        except BeatLockHeld as held:
            logger.critical(
                "beat: refusing to start, another beat is running: %s. "
                "Run exactly one beat for the whole portal.",
                held,
            )
            raise SystemExit(1) from None
        self.lock = lock
        logger.info("beat: holding the beat lock (%s)", lock.where)
        super().setup_schedule()

    def tick(self, *args, **kwargs):
        try:
            self.lock.renew()
        except BeatLockHeld as held:
            logger.critical("beat: stopping, another beat took the beat lock: %s", held)
            self.lock = None  # not ours to release
            raise SystemExit(1) from None
        # Wake often enough to renew the lock well before it expires.
        return min(super().tick(*args, **kwargs), settings.BEAT_LOCK_SECONDS / 3)

    def close(self):
        try:
            super().close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None
