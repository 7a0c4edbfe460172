"""The Pokja page of a region, and forming or editing the Pokja itself."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pokja import selectors
from pokja.forms import PokjaForm
from pokja.kernel import policy, workflow
from pokja.kernel.records import conflict_page
from pokja.kernel.scoping import CHANGE
from pokja.models import Pokja, Region
from pokja.record_types import RECORD_TYPES


@require_GET
def pokja_detail(request, code: str):
    region = selectors.region_for_user(request.user, code)
    if not (region.is_province or region.is_kabupaten_kota):
        raise Http404
    context = selectors.pokja_page(request.user, region)
    context.update(
        region=region,
        record_types={rt.slug: rt for rt in RECORD_TYPES},
        may_change=Region.objects.for_user(request.user, CHANGE).filter(pk=region.pk).exists(),
        may_verify=policy.may_verify(request.user),
    )
    return render(request, "pokja/pokja_detail.html", context)


@require_http_methods(["GET", "POST"])
def pokja_form(request, code: str):
    """Form a region's Pokja (when it has none) or edit it."""
    region = get_object_or_404(
        Region.objects.for_user(request.user, CHANGE).filter(
            level__in=[Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS]
        ),
        code=code,
    )
    pokja = Pokja.objects.filter(region=region).first() or Pokja(
        region=region, name=_("Pokja Bangga Kencana %(region)s") % {"region": region.name}
    )
    form = PokjaForm(request.POST or None, instance=pokja, user=request.user, parent=region)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.record_save(
                record=form.instance,
                user=request.user,
                expected_version=form.cleaned_data["expected_version"],
            )
        except workflow.StaleRecord as stale:
            return conflict_page(
                request,
                record=form.instance,
                current=stale.current,
                return_url=request.path,
                fields=list(PokjaForm.Meta.fields),
            )
        messages.success(request, _("The Pokja has been saved."))
        return redirect(pokja.get_absolute_url())
    return render(request, "pokja/pokja_form.html", {"form": form, "region": region})
