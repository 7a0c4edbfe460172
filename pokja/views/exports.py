"""A user's big list exports: the job page (polled while the worker writes), the download, a
restart, and "My downloads". Only the owner reaches a job; anyone else gets a 404."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pokja.broker import WorkerUnreachable
from pokja.kernel.stored_files import open_stored
from pokja.list_exports import CONTENT_TYPES
from pokja.models import ExportJob
from pokja.services.exports import export_job_restart

RECENT = 20


def _own_job(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)


def _context(**kwargs) -> dict:
    return {"keep_days": settings.EXPORT_KEEP_DAYS, **kwargs}


@require_GET
def export_job_list(request):
    jobs = ExportJob.objects.for_user(request.user)[:RECENT]
    return render(request, "pokja/exports/job_list.html", _context(jobs=jobs))


@require_GET
def export_job_detail(request, pk: int):
    return render(request, "pokja/exports/job_detail.html", _context(job=_own_job(request, pk)))


@transaction.non_atomic_requests
@require_GET
def export_job_status(request, pk: int):
    """{"finished": bool, "percent": int, "html": the status fragment}, polled by the job page
    (static/js/run_status.js, as the recompute status is)."""
    job = _own_job(request, pk)
    html = render_to_string(
        "pokja/exports/partials/job_status.html", _context(job=job), request=request
    )
    response = JsonResponse(
        {"finished": job.finished, "status": job.status, "percent": job.percent, "html": html}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_job_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    handle = open_stored(job.file)
    response = FileResponse(handle, as_attachment=True, filename=job.filename)
    response["Content-Type"] = CONTENT_TYPES[job.export_format]
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def export_job_again(request, pk: int):
    """Start the same export again: after a failure, or for today's data."""
    job = _own_job(request, pk)
    try:
        again = export_job_restart(job=job)
    except WorkerUnreachable as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    messages.success(request, _("The export was started again."))
    return redirect(again)
