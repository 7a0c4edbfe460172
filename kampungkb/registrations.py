"""What the Kampung KB app puts in pokja's registry: record types (pages, queue), the region
page panel, the navbar item, the demo seeder, the nightly classification and the
"jumlah-kampung-kb" achievement, and the map layer "kampung-kb"."""

from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kampungkb import (
    map_layer,
    panels,  # noqa: F401  (registers the region page panel)
)
from kampungkb.models import Activity, Profile
from kampungkb.public import KAMPUNG_KB_CLASSES
from kampungkb.record_types import RECORD_TYPES
from pokja.kernel.registry import FigureKind, NavItem, registry

registry.add_record_types(*RECORD_TYPES)
# Dotted paths: the demo module is imported only when demo data is seeded.
registry.add_demo_seeder("kampungkb.devdata.demo.seed_demo_kampung_kb")
registry.add_nightly_job("kampungkb.services.classify.nightly")
# "Perlu tindakan" for the village operator: this month's profile, drafts not submitted.
registry.add_reminder_source("kampungkb.reminders.profile_due")
registry.add_reminder_source("kampungkb.reminders.drafts")

# A verified (or returned) profile or activity reclassifies its Kampung KB at once.
for _model in (Profile, Activity):
    registry.add_verification_listener(_model, "kampungkb.services.classify.verification_changed")


def _nav_url(user):
    return reverse("kampungkb:home") if user.is_authenticated else None


registry.add_nav_item(NavItem("kampungkb", _("Kampung KB"), _nav_url, order=20))


def _offline_pages(user) -> list[str]:
    """What a village operator's device keeps: their Kampung KB's page (with its last known
    class), the forms they fill for it, and their drafts and returned records to correct."""
    from kampungkb.models import KampungKB
    from kampungkb.policy import may_work_offline

    if not may_work_offline(user):
        return []
    kampung = KampungKB.objects.for_user(user).active().first()
    if kampung is None:
        return []
    offline_types = [rt for rt in RECORD_TYPES if rt.offline_when_field]
    pages = [kampung.get_absolute_url(), *(rt.create_url(kampung) for rt in offline_types)]
    for rt in offline_types:
        editable = rt.queryset(user).filter(kampung=kampung, status__in=["draf", "ditolak"])
        pages += [rt.url("edit", record) for record in editable.order_by("-pk")[:5]]
    return pages


registry.add_offline_pages(_offline_pages)


def kampung_kb_count(region_codes: list[str], years: list[int]) -> dict[tuple, Decimal]:
    """The Kampung KB launched by the end of each year and active now, per kab/kota; a
    province's figure is the sum over its kab/kota. Computed from the registry, never typed."""
    from kampungkb.models import KampungKB

    wanted = {code for code in region_codes if code.count(".") <= 1}
    if not wanted:
        return {}
    rows = (
        KampungKB.objects.active()
        .annotate(kabkota=Substr("region_id", 1, 5), province=Substr("region_id", 1, 2))
        .values("kabkota", "province", "launched_on__year")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple, Decimal] = {}
    for row in rows:
        for code in (row["kabkota"], row["province"]):
            if code not in wanted:
                continue
            for year in years:
                if row["launched_on__year"] <= year:
                    counts[(code, year)] = counts.get((code, year), Decimal(0)) + row["n"]
    return counts


registry.add_achievement_source(
    "jumlah-kampung-kb",
    kampung_kb_count,
    provenance=lambda code, year: ("kampung-kb-wilayah", f"{code}/{year}"),
)
registry.add_api_resource(
    "kampung-kb-classes", "kampungkb.api.MaturityClassViewSet", basename="kampungkbclass"
)
registry.add_figure_kind(
    FigureKind("kampung-kb", _("Kampung KB class"), "kampungkb.provenance.class_provenance")
)
registry.add_figure_kind(
    FigureKind(
        "kampung-kb-wilayah",
        _("Kampung KB of a region"),
        "kampungkb.provenance.region_provenance",
    )
)

# Its table on the public page (/publik/): Kampung KB per class.
registry.add_public_dataset(KAMPUNG_KB_CLASSES)

# The Kampung KB map layer (pokja/maps): the share of villages at Mandiri or better.
registry.add_map_layer(map_layer.LAYER)
