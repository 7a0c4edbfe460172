"""Rendered parts of the busiest pages (dashboards, the Rakerda page, the lists), kept in Django's
cache and never stale.

Every part is kept with the data's *generation*: a token in the cache that every write replaces
(`bump`), read in the same round trip as the part and compared with the one it was kept with.
The apps register, in their `ready()`, the models a cached page shows
(`registry.add_cached_models`): a saved or deleted row of one of them bumps it through model
signals. Writers that bypass signals (bulk inserts and updates: the effectiveness engine's run,
the nightly jobs, Excel imports, region loading, demo and bench data) call `bump` themselves,
and tests/test_pagecache.py runs each of them to show a cached list changes; `migrate` bumps too.
A page rendered before a write is thus never served after it: it was kept with a generation that
no longer exists.

A page is kept under its whole URL (the view, its path with every path parameter, and its query
string), so two pages of one view with different path parameters (one region's and another's)
never share a key.

What a page shows depends on the data and on who looks: the role and the region of the account
(the policy and the scope rules read nothing else), the language and today's date. Those are in
the key too, so two users share a cached part only when they would see the same thing; and so
is the code's version, so an upgrade never serves what the old code rendered. The views check
the scope before they look in the cache.

A form's CSRF token belongs to one session: it is cut out before a part is stored and the
requester's own token is put back in when it is served. A part is stored already cut at its
forms' token slots, so serving it joins the pieces around the token without searching the
part again (a province page's part is some 50 KB), and a request masks its token once for
every slot of the page (as Django's `{% csrf_token %}` does within one rendering: each masking
draws 32 random characters, a system call each).

The cache must be shared by every process (web workers, the Celery worker): settings read it
from CACHE_URL (Redis in production, a folder by default).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

GENERATION_KEY = "pagecache:generation"

_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = "__pagecache_csrf__"
CSRF_PLACEHOLDER = _CSRF_PLACEHOLDER  # the token to render a part with that `with_token` fills
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


class _Pending:
    """The generation write owed at the next commit (see `bump`)."""

    written = False


_local = threading.local()


def _replace_at_commit(pending: _Pending) -> None:
    # Every bump of a transaction registers this; the first to run after the commit writes.
    if not pending.written:
        pending.written = True
        _local.pending = None
        _replace_generation()


def bump() -> None:
    """Forget every cached part: now, and again when the current transaction commits.

    Now, so that the writing request itself (and a test inside one transaction) never reads an
    old part; at commit, because a reader may have cached the data as it was before the commit
    under the generation set now. Outside a transaction the write is already committed: one
    generation write is enough. Inside one, each bump registers a commit callback that shares
    one `_Pending` with the others, so a transaction of many writes replaces the generation
    once at its commit; a rolled-back transaction drops its callbacks and leaves the `_Pending`
    unwritten, so the next transaction's commit still writes.
    """
    _replace_generation()
    if transaction.get_autocommit():
        return  # already committed: once is enough
    pending = getattr(_local, "pending", None)
    if pending is None or pending.written:
        pending = _local.pending = _Pending()
    transaction.on_commit(functools.partial(_replace_at_commit, pending))


def _on_write(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login changes no page
    bump()


def _on_m2m_change(sender, instance, model, **kwargs) -> None:
    # `sender` is the through model; either end being shown is enough.
    if is_cached(type(instance)) or is_cached(model) or is_cached(sender):
        bump()


def _on_migrate(sender, **kwargs) -> None:
    bump()


_cached_models: set[str] = set()


def is_cached(model) -> bool:
    """Whether a write to this model may change a cached page (its app registered it)."""
    return model._meta.label_lower in _cached_models


def watch(model) -> None:
    """Bump on every save and delete of `model` (the registry calls this for the models the
    apps register). Receivers are connected per model: one connected for every sender would
    stop Django's fast deletes (a delete of every row of any model would then send a signal a
    row), so a model written often that no page shows, or rewritten in bulk by a job that bumps
    itself, is simply not registered."""
    _cached_models.add(model._meta.label_lower)
    for signal in (post_save, post_delete):
        signal.connect(_on_write, sender=model, dispatch_uid=f"pagecache-{signal}-{model}")


def connect_signals() -> None:
    """Bump on a change of a registered model's many-to-many relations, and on `migrate`,
    which every upgrade runs: parts rendered by the old code are not served by the new one
    (called once at start-up)."""
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")
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


def page_key(request) -> str:
    """What names a page: its view and its whole URL (path parameters and query string). Hashed:
    a URL holds the user's text, a cache key must stay short and plain."""
    url = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"{request.resolver_match.view_name}:{url}"


def cached_parts(request, build: Callable[[], dict]) -> dict:
    """The page parts `build()` renders (a dict of strings), from the cache when this URL was
    rendered for the same kind of viewer since the last write."""
    key = ":".join(
        str(part)
        for part in (
            "pagecache",
            page_key(request),
            *_viewer(request.user),
            translation.get_language(),
            timezone.localdate().isoformat(),
            code_version(),
        )
    )
    # One round trip for the generation and the part (a Redis read costs the worker about
    # 0.1 ms of CPU, as much as the rest of serving the part).
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    kept = found.get(key)
    if kept is not None and kept[0] == current:
        parts = kept[1]
    else:
        parts = {field: _cut_at_slots(_without_token(value)) for field, value in build().items()}
        cache.set(key, (current, parts), settings.PAGE_CACHE_SECONDS)
    return {field: _served(request, value) for field, value in parts.items()}


class _Slotted(NamedTuple):
    """A stored part cut at its token slots."""

    safe: bool  # rendered HTML, marked safe
    pieces: tuple[str, ...]


def _cut_at_slots(value):
    if not isinstance(value, str) or _CSRF_SLOT not in value:
        return value
    return _Slotted(isinstance(value, SafeString), tuple(value.split(_CSRF_SLOT)))


def _served(request, value):
    if not isinstance(value, _Slotted):
        return value
    text = _token_attribute(request).join(value.pieces)
    return mark_safe(text) if value.safe else text  # noqa: S308 (the template's output)


def _same_safety(original, text: str):
    """Keep a rendered template's HTML marked safe after putting a token in or out: the new
    text is the template's output with only the token's attribute value changed."""
    return mark_safe(text) if isinstance(original, SafeString) else text  # noqa: S308


def _without_token(value):
    if not isinstance(value, str):
        return value
    return _same_safety(value, _CSRF_INPUT.sub(rf"\g<1>{_CSRF_PLACEHOLDER}\g<2>", value))


def with_token(request, value):
    """`value` with the requester's own CSRF token in each form's slot (a part rendered with
    `CSRF_PLACEHOLDER` as its token, or stored by `cached_parts`)."""
    if not isinstance(value, str) or _CSRF_SLOT not in value:
        return value
    return _same_safety(value, value.replace(_CSRF_SLOT, _token_attribute(request)))


def _token_attribute(request) -> str:
    """The slot filled with the requester's CSRF token, masked once a request (again only if
    the request's secret changed meanwhile, as at a login)."""
    kept = getattr(request, "_pagecache_token", None)
    if kept is not None and kept[0] == request.META.get("CSRF_COOKIE"):
        return kept[1]
    attribute = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    request._pagecache_token = (request.META.get("CSRF_COOKIE"), attribute)
    return attribute
