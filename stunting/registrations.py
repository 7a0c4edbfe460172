"""What the stunting app puts in the kernel's registry: its record types (pages and queue), the
region-page panel, the navbar item, the nightly overdue job, the demo seeder and the achievement
source of the targets app's stunting indicator, and the map layer "stunting"."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.registry import FigureKind, NavItem, registry
from stunting import (
    map_layer,
    panels,  # (registers the region page panel)
)
from stunting.public import STUNTING_PREVALENCE
from stunting.record_types import RECORD_TYPES

registry.add_record_types(*RECORD_TYPES)
for _kind in panels.returned_kinds():
    registry.add_returned_kind(_kind)
registry.add_nightly_job("stunting.services.nightly")
# Dotted paths: the demo module is imported only when demo data is seeded.
registry.add_demo_seeder("stunting.devdata.demo.seed_demo_stunting")


def _nav_url(user) -> str | None:
    if not (user.is_authenticated and user.is_active):
        return None
    if user.has_national_scope:
        return reverse("stunting:national")
    if user.is_village_operator:
        # An operator's scope is one desa/kelurahan: no stunting page is in it.
        return None
    if user.region_id and user.is_coordinator:
        return reverse("stunting:region", args=[user.region_id])
    if user.region_id:
        return reverse("stunting:province", args=[user.region_id])
    return None


registry.add_nav_item(NavItem("stunting", _("Stunting"), _nav_url, order=60))


def stunting_achievement(region_codes: list[str], years: list[int]) -> dict[tuple, Decimal]:
    """The achievement of the "stunting" indicator: the region's verified figure of the source
    its target is measured by (else the setting's, by default the year's national survey), as a
    Decimal that carries that figure (`stunting.achievement.SourcedValue`)."""
    from stunting.achievement import achievement_values

    return achievement_values("stunting", region_codes, years)


registry.add_achievement_source(
    "stunting", stunting_achievement, provenance=lambda code, year: ("stunting", f"{code}/{year}")
)
registry.add_figure_kind(
    FigureKind("prevalensi", _("Stunting prevalence"), "stunting.provenance.figure_provenance")
)
registry.add_figure_kind(
    FigureKind("stunting", _("Stunting achievement"), "stunting.provenance.achievement_provenance")
)

# Its table on the public page (/publik/): verified prevalence, one row per source and period.
registry.add_public_dataset(STUNTING_PREVALENCE)

# The stunting map layer (pokja/maps): one source and one year per map.
registry.add_map_layer(map_layer.LAYER)
