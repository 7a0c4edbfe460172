"""The in-portal user guides ("Panduan", see pokja/guides.py) and the "Tentang" page, which
holds the attribution of the data the portal is built on (the page footer used to)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pokja import guides


@require_GET
def guide_index(request):
    """Panduan: the guide of the user's own role."""
    return redirect("pokja:guide", slug=guides.guide_for(request.user))


@require_GET
def guide(request, slug: str):
    if slug not in guides.GUIDES:
        raise Http404
    return render(
        request,
        "pokja/guides/guide.html",
        {
            "guide": guides.render(slug),
            "own_guide": guides.guide_for(request.user),
            "all_guides": [guides.render(each) for each in guides.GUIDES],
        },
    )


@require_GET
def about(request):
    return render(request, "pokja/guides/about.html")
