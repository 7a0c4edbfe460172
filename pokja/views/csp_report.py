"""`/csp-laporan/`: where browsers report what the Content-Security-Policy blocked (the policy's
report-uri, config/settings/base.py). Each report becomes one warning line in the log, so a
script or style the policy stops in production is seen by whoever reads the logs.

Anyone may post here (a blocked page can be the login page), so the view reads at most
CSP_REPORT_MAX_BYTES, keeps only a few short fields and logs at most CSP_REPORT_PER_MINUTE
reports per client address; it answers 204 to everything it accepts or drops.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pokja.client_ip import client_ip

logger = logging.getLogger("pokja.csp")

FIELDS = ("document-uri", "violated-directive", "effective-directive", "blocked-uri")
FIELD_MAX_CHARS = 200


def _within_rate(request: HttpRequest) -> bool:
    key = f"csp-report:{client_ip(request)}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) <= settings.CSP_REPORT_PER_MINUTE
    except ValueError:  # expired between add and incr
        return True


def _summary(body: bytes) -> dict[str, str] | None:
    try:
        report = json.loads(body).get("csp-report")
    except (ValueError, AttributeError):
        return None
    if not isinstance(report, dict):
        return None
    return {field: str(report.get(field, ""))[:FIELD_MAX_CHARS] for field in FIELDS}


@csrf_exempt
@login_not_required
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    summary = _summary(request.read(settings.CSP_REPORT_MAX_BYTES))
    if summary is None:
        return HttpResponse(status=400)
    if _within_rate(request):
        logger.warning("Content-Security-Policy violation: %s", json.dumps(summary))
    return HttpResponse(status=204)
