"""How every public URL is served: without a session, in Indonesian, throttled per client
address, its query string bounded, and the whole response cached and never stale.

- **No session.** The public templates are rendered without a request (no context processor
  reads `request.user`, no CSRF token is made) and `pokja.middleware.RequestContextMiddleware`
  does not look up the user of a public view, so nothing touches the session: no Set-Cookie,
  no `Vary: Cookie`, and a shared cache (nginx, a CDN of the ministry) may keep the answer.
- **Bounded query.** Each view names the parameters it reads and the values each may take
  (`tahun` in the year selector's years). Any other parameter (`utm_source` of a shared link)
  is ignored and left out of the cache key; a known one with another value is a 404. So the
  cache holds at most one entry per page and allowed value, whatever the clients send.
- **No transaction.** The views only read; ATOMIC_REQUESTS would cost two round trips a
  request even when the answer comes from the cache.
- **Cached.** The key holds the path, the known parameters, the page cache's data generation
  (pokja/kernel/pagecache.py: every write replaces it), the code version and the date; only
  200 answers are kept. The ETag is that key's digest: a client that has the page gets a 304.
- **Throttled.** At most PUBLIC_REQUESTS_PER_MINUTE requests a minute per client address
  (pokja/client_ip.py, behind the proxies the deployment declares), counted in the shared
  cache; over it, a 429 page in Indonesian with Retry-After.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from pokja.client_ip import client_ip
from pokja.kernel import pagecache

PUBLIC_LANGUAGE = "id"


def within_rate(request) -> bool:
    limit = settings.PUBLIC_REQUESTS_PER_MINUTE
    if limit <= 0:
        return True
    key = f"public-rate:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        return True


def render_page(template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """A public template rendered without the request: no context processor, no session."""
    return HttpResponse(render_to_string(template, context), status=status)


def _bounded(request, params: dict[str, Callable[[], Iterable]]) -> dict[str, str]:
    """The known parameters' values (one each); 404 for a value outside its set."""
    query = {}
    for name, allowed in params.items():
        value = request.GET.get(name)
        if value is None:
            continue
        if value not in {str(choice) for choice in allowed()}:
            raise Http404
        query[name] = value
    return query


def _key(request, query: dict[str, str]) -> str:
    named = f"{request.path}?{sorted(query.items())}"
    digest = hashlib.sha1(named.encode(), usedforsecurity=False).hexdigest()
    return ":".join(
        (
            "public",
            digest,
            timezone.localdate().isoformat(),
            pagecache.code_version(),
            pagecache.generation(),
        )
    )


def _finish(response: HttpResponse, etag: str | None = None) -> HttpResponse:
    response["Content-Language"] = PUBLIC_LANGUAGE
    if etag:
        response["ETag"] = etag
        # Shared caches may keep it but must ask again: a write may have changed it.
        response["Cache-Control"] = "public, no-cache"
    return response


def public_view(params: dict[str, Callable[[], Iterable]] | None = None):
    """Serve a view as a public page (see the module's docstring). The view receives the
    bounded `query` as a keyword argument and returns an HttpResponse."""
    params = params or {}

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not within_rate(request):
                response = render_page("public/429.html", {}, status=429)
                response["Retry-After"] = "60"
                return _finish(response)
            with translation.override(PUBLIC_LANGUAGE):
                try:
                    query = _bounded(request, params)
                    key = _key(request, query)
                    etag = f'"{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()}"'
                    if request.headers.get("If-None-Match") == etag:
                        return _finish(HttpResponseNotModified(), etag)
                    kept = cache.get(key)
                    if kept is None:
                        response = view(request, *args, query=query, **kwargs)
                        kept = (response.content, response["Content-Type"])
                        cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
                    response = HttpResponse(kept[0], content_type=kept[1])
                except Http404:
                    response = render_page("public/404.html", {}, status=404)
                    etag = None
            return _finish(response, etag)

        wrapper.public_page = True  # RequestContextMiddleware leaves the session alone
        # Read-only: no transaction (ATOMIC_REQUESTS) to open and close around a cached answer.
        return login_not_required(transaction.non_atomic_requests(require_safe(wrapper)))

    return decorate
