"""The region search behind every region picker (pokja/region_picker.py)."""

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from pokja.kernel.scoping import CHANGE, VIEW
from pokja.models import Region
from pokja.region_picker import LEVEL_GROUPS, POKJA_LEVEL_GROUPS, search_regions


@transaction.non_atomic_requests
@require_GET
def region_search(request):
    """`?q=banjar&tingkat=provinsi,kabkota&induk=63&tindakan=ubah`: at most 20 regions of the
    user's scope as JSON. A parent outside the scope is a 404; a level the portal does not know
    is ignored."""
    groups = [g for g in request.GET.get("tingkat", "").split(",") if g in LEVEL_GROUPS]
    action = CHANGE if request.GET.get("tindakan") == "ubah" else VIEW
    parent = None
    if request.GET.get("induk"):
        parent = get_object_or_404(
            Region.objects.for_user(request.user, action), code=request.GET["induk"]
        )
    if not groups:
        groups = list(POKJA_LEVEL_GROUPS)
    regions = search_regions(
        request.user, request.GET.get("q", ""), groups=groups, parent=parent, action=action
    )
    response = JsonResponse(
        {
            "results": [
                {
                    "code": region.code,
                    "name": region.name,
                    "value": str(region),
                    "context": region.parent.name if region.parent else "",
                }
                for region in regions
            ]
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response
