"""Rendered parts of the busiest pages (dashboards, the Rakerda page, the lists), kept in Django's
cache and never stale.

Every key carries the data's *generation*: a token in the cache that every write replaces
(`bump`). A saved or deleted row of the portal's apps bumps it through model signals; writers
that bypass signals (bulk inserts of the effectiveness engine, the nightly jobs, Excel imports,
region loading, demo and bench data) call `bump` themselves; so does `migrate`. A page rendered
before a write is thus never served after it: its key names a generation that no longer exists.

What a page shows depends on the data and on who looks: the role and the region of the account
(the policy and the scope rules read nothing else), the language and today's date. Those are in
the key too, so two users share a cached part only when they would see the same thing; and so
is the code's version, so an upgrade never serves what the old code rendered. The views check
the scope before they look in the cache.

A form's CSRF token belongs to one session: it is cut out before a part is stored and the
requester's own token is put back in when it is served.

The cache must be shared by every process (web workers, the Celery worker): settings read it
from CACHE_URL (Redis in production, a folder by default).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Hashable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

GENERATION_KEY = "pagecache:generation"
# The portal's own apps: a write to any of their models may change a cached page.
DATA_APPS = ("pokja", "targets", "stunting", "kampungkb")
# Models of those apps that no cached page shows, written often (beat's heartbeat every few
# minutes, an export job's progress every chunk would otherwise empty the cache each time) or
# rewritten in bulk by a job that bumps the generation itself (the stunting overdue reports).
NOT_SHOWN = {"pokja.workerheartbeat", "pokja.exportjob", "stunting.overduereport"}

_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = "__pagecache_csrf__"
# Only this exact attribute is filled in again: text from the data is HTML-escaped, so it can
# never contain it with its quotes.
_CSRF_SLOT = f'name="csrfmiddlewaretoken" value="{_CSRF_PLACEHOLDER}"'


def generation() -> str:
    """The current data generation (a new one when the cache has lost it)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        new = uuid.uuid4().hex
        cache.add(GENERATION_KEY, new, None)  # a bump meanwhile wins
        value = cache.get(GENERATION_KEY) or new
    return value


def _replace_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def bump() -> None:
    """Forget every cached part: now, and again when the current transaction commits.

    Now, so that the writing request itself (and a test inside one transaction) never reads an
    old part; at commit, because a reader may have cached the data as it was before the commit
    under the generation set now.
    """
    _replace_generation()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # already committed: once is enough
    pending = any(func is _replace_generation for _ids, func, _robust in connection.run_on_commit)
    if not pending:
        transaction.on_commit(_replace_generation)


def _on_write(sender, **kwargs) -> None:
    if sender._meta.app_label not in DATA_APPS or sender._meta.label_lower in NOT_SHOWN:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login changes no page
    bump()


def _on_migrate(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    """Bump on every save and delete of the data apps' models (called once at start-up), and
    on `migrate`, which every upgrade runs: parts rendered by the old code are not served by
    the new one. Receivers are connected per model: one connected for every sender would stop
    Django's fast deletes (a delete of every row of any model would then send a signal a row)."""
    for model in apps.get_models():
        if model._meta.app_label in DATA_APPS and model._meta.label_lower not in NOT_SHOWN:
            for signal in (post_save, post_delete):
                signal.connect(_on_write, sender=model, dispatch_uid=f"pagecache-{signal}-{model}")
    m2m_changed.connect(_on_write, dispatch_uid="pagecache-m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="pagecache-migrate")


# What the code version is read from: the code, templates, translations and static files.
_CODE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".js", ".css"}
_NOT_CODE = {".venv", "var", ".git", "tests", "docs", "__pycache__", "node_modules"}


@functools.cache
def code_version() -> str:
    """A fingerprint of the deployed code and collected static files (their names, sizes and
    times), taken once per process: a part rendered by other code (an upgrade, whose web
    workers start after collectstatic, or other settings on the same cache) is never served."""
    # (Overridden settings, as in tests, have no module name: the environment's is the same.)
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    digest = hashlib.sha1(settings_module.encode(), usedforsecurity=False)
    for folder, subfolders, files in os.walk(settings.BASE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_CODE)
        for name in sorted(files):
            if os.path.splitext(name)[1] in _CODE_SUFFIXES:
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    manifest = os.path.join(settings.STATIC_ROOT, "staticfiles.json")
    if os.path.exists(manifest):
        digest.update(str(os.stat(manifest).st_mtime_ns).encode())
    return digest.hexdigest()[:12]


def _viewer(user) -> tuple:
    return (user.role, user.region_id or "")


def cached_parts(request, name: str, args: tuple[Hashable, ...], build: Callable[[], dict]) -> dict:
    """The page parts `build()` renders (a dict of strings), from the cache when this page was
    rendered for the same kind of viewer since the last write."""
    key = ":".join(
        str(part)
        for part in (
            "pagecache",
            name,
            *args,
            *_viewer(request.user),
            translation.get_language(),
            timezone.localdate().isoformat(),
            code_version(),
            generation(),
        )
    )
    parts = cache.get(key)
    if parts is None:
        parts = {field: _without_token(value) for field, value in build().items()}
        cache.set(key, parts, settings.PAGE_CACHE_SECONDS)
    return {field: _with_token(request, value) for field, value in parts.items()}


def _same_safety(original, text: str):
    """Keep a rendered template's HTML marked safe after putting a token in or out: the new
    text is the template's output with only the token's attribute value changed."""
    return mark_safe(text) if isinstance(original, SafeString) else text  # noqa: S308


def _without_token(value):
    if not isinstance(value, str):
        return value
    return _same_safety(value, _CSRF_INPUT.sub(rf"\g<1>{_CSRF_PLACEHOLDER}\g<2>", value))


def _with_token(request, value):
    if not isinstance(value, str) or _CSRF_SLOT not in value:
        return value
    token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return _same_safety(value, value.replace(_CSRF_SLOT, token))
