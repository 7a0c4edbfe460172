"""Portal pages of the core app: each role's home, region pages and the national page."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pokja import selectors
from pokja.scoping import code_in_scope


@require_GET
def home(request):
    """Send each role to its own landing page."""
    user = request.user
    if user.region_id:
        return redirect("pokja:region_detail", code=user.region_id)
    return redirect("pokja:national")


@require_GET
def region_detail(request, code: str):
    region = selectors.region_for_user(request.user, code)
    parent = region.parent
    return render(
        request,
        "pokja/region_detail.html",
        {
            "region": region,
            "parent": parent,
            "parent_visible": bool(parent and code_in_scope(request.user, parent.code)),
            "children": selectors.visible_children(request.user, region),
        },
    )


@require_GET
def national(request):
    if not request.user.has_national_scope:
        raise Http404
    return render(
        request,
        "pokja/national.html",
        {"provinces": selectors.provinces_overview(request.user)},
    )
