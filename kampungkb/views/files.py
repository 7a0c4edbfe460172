"""The Kampung KB's private files, served only after the scope check (outside it: 404): a
profile's RKM as a download, the Kampung KB's photo inline (the page shows it)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from kampungkb.models import KampungKB, Profile
from kampungkb.uploads import IMAGES
from pokja.kernel.stored_files import open_stored
from pokja.kernel.uploads import detected_mime, evidence_response


@require_GET
def profile_rkm(request, pk: int):
    profile = get_object_or_404(Profile.objects.for_user(request.user), pk=pk)
    if not profile.rkm_document:
        raise Http404
    return evidence_response(
        profile.rkm_document, profile.rkm_document_name, f"rkm-{profile.kampung_id}-{pk}"
    )


@require_GET
def kampung_photo(request, pk: int):
    kampung = get_object_or_404(KampungKB.objects.for_user(request.user), pk=pk)
    if not kampung.photo_is_shown:  # none, or stored before photos were re-encoded
        raise Http404
    handle = open_stored(kampung.photo)
    mime = detected_mime(handle)
    if mime not in IMAGES:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
