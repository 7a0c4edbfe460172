"""The latest effectiveness run of a province as a small fragment, polled by the province page
after "Recompute now" so the status changes in place (static/js/run_status.js)."""

from django.db import transaction
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from pokja.effectiveness import selectors
from pokja.kernel.policy import may_manage_province
from pokja.models import AssessmentRun, Region

FINISHED = {AssessmentRun.Status.DONE, AssessmentRun.Status.FAILED, AssessmentRun.Status.SKIPPED}


@transaction.non_atomic_requests
@require_GET
def run_status(request, code: str):
    """{"finished": bool, "html": the status badge}; 404 for anyone who may not recompute."""
    region = Region.objects.for_user(request.user).filter(code=code).first()
    if region is None or not region.is_province or not may_manage_province(request.user, code):
        raise Http404
    run = selectors.latest_run_for(region.code)
    html = render_to_string(
        "pokja/dashboard/partials/run_status.html", {"run": run}, request=request
    )
    finished = run is None or run.status in FINISHED
    response = JsonResponse(
        {"finished": finished, "status": run.status if run else "", "html": html}
    )
    response["Cache-Control"] = "no-store"
    return response
