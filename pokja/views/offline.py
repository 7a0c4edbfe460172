"""The installable web app for those who work without a connection (the apps say who, through
the policy action "work_offline", and which pages their device keeps, through the registry):
the service worker, the web app manifest, the "Antrean kirim" page and the small status the
device's queue asks before it sends anything.

The service worker is served from the portal's root so that its scope is the whole portal;
the queue itself lives in the browser (static/js/offline-queue.js) and replays each form
through the same view a person would use (see pokja/kernel/replay.py).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pokja.kernel import policy
from pokja.kernel.registry import registry


@require_GET
@login_not_required  # an update check after the session ended must not fail on a redirect
def service_worker(request):
    # No request context: the script is the same for everyone and reads nobody's data.
    script = render_to_string(
        "pokja/offline/sw.js",
        {
            "queue_url": reverse("pokja:offline_queue"),
            "status_url": reverse("pokja:offline_status"),
            "login_url": reverse("login"),
        },
    )
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@login_not_required
def manifest(request):
    icons = [
        {"src": static(f"img/app-icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    data = {
        "name": _("Pokja Bangga Kencana Portal"),
        "short_name": _("Kampung KB"),
        "start_url": reverse("kampungkb:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#0d6efd",
        "lang": request.LANGUAGE_CODE,
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


def _may_work_offline(user) -> bool:
    return "work_offline" in policy.ACTIONS and policy.allows(user, "work_offline")


@require_GET
def queue_page(request):
    """ "Antrean kirim": the forms waiting on this device. The list itself is the browser's
    (IndexedDB); the page gives it its words and places."""
    if not _may_work_offline(request.user):
        raise Http404
    return render(request, "pokja/offline/queue.html")


@require_GET
@never_cache
def status(request):
    """Asked by the queue before it sends: who is signed in (an item is only ever sent by the
    user who filled it), a fresh CSRF token and the pages to keep. An ended session answers
    the login redirect like any page, which the queue reads as "sign in again"."""
    if not _may_work_offline(request.user):
        raise Http404
    pages = [reverse("pokja:home"), reverse("pokja:offline_queue")]
    return JsonResponse(
        {
            "user": request.user.pk,
            "csrf": get_token(request),
            "pages": pages + registry.offline_pages(request.user),
        }
    )
