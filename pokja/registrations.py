"""What the core app puts in the kernel's registry: its record types (pages, queue, what the
province sends back), the models whose writes change a cached page, the achievements it
computes, the effectiveness map layer and the map panel of the region pages."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.effectiveness import map_layer as effectiveness_map
from pokja.kernel import policy
from pokja.kernel.registry import FigureKind, NavItem, registry
from pokja.public.datasets import EFFECTIVENESS
from pokja.record_types import RECORD_TYPES
from pokja.returned import record_type_kind

registry.add_record_types(*RECORD_TYPES)
for _record_type in RECORD_TYPES:
    if _record_type.verifiable:
        registry.add_returned_kind(record_type_kind(_record_type))


def _effectiveness_panel(request, region, year, **kwargs):
    from pokja.views.dashboard import effectiveness_panel

    return effectiveness_panel(request, region, year, **kwargs)


registry.add_panel(_effectiveness_panel, order=10)


def effective_pokja_count(region_codes: list[str], years: list[int]) -> dict[tuple, Decimal]:
    """Per kab/kota 1 when the engine judged its Pokja effective that year, else 0. A province
    counts as BKKBN's indicator does ("Pokja Bangga Kencana Provinsi dan Kabupaten/Kota yang
    efektif"): its own Pokja and its kab/kota' (Kalimantan Selatan 2025: 1 + 9 = 10). Regions
    never assessed have no value; a province has one when it or any of its kab/kota was assessed.
    """
    from django.db.models import Q

    from pokja.models import Assessment, Region

    rows = Assessment.objects.filter(
        Q(region_id__in=region_codes)
        | Q(region__parent_id__in=region_codes, region__level__in=Region.KABUPATEN_KOTA_LEVELS),
        year__in=years,
    ).values_list("region_id", "region__parent_id", "region__level", "year", "is_effective")
    wanted = set(region_codes)
    counts: dict[tuple, Decimal] = {}
    for code, parent, level, year, effective in rows:
        counted = [code] if code in wanted else []
        if parent in wanted and level in Region.KABUPATEN_KOTA_LEVELS:
            counted.append(parent)  # a kab/kota counts in its province's figure too
        for region in counted:
            counts[(region, year)] = counts.get((region, year), Decimal(0)) + int(effective)
    return counts


def _effective_count_figure(region_code: str, year: int) -> tuple[str, str]:
    """A kab/kota's 0 or 1 is its own judgement; a province's count, its kab/kota's."""
    kind = "efektivitas" if "." in region_code else "efektif-jumlah"
    return kind, f"{region_code}/{year}"


registry.add_achievement_source(
    "pokja-efektif", effective_pokja_count, provenance=_effective_count_figure
)
registry.add_figure_kind(
    FigureKind(
        "efektivitas",
        _("Pokja effectiveness"),
        "pokja.effectiveness.provenance.assessment_provenance",
    )
)
registry.add_figure_kind(
    FigureKind(
        "efektif-jumlah",
        _("Effective kab/kota"),
        "pokja.effectiveness.provenance.effective_count_provenance",
    )
)


def _evidence_list(name: str):
    return lambda user: policy.may_read_evidence_lists(user) and reverse(name)


for order, (key, label) in enumerate(
    [
        ("decree_list", _("SK decrees")),
        ("workplan_list", _("Work plans")),
        ("indicatordocument_list", _("Planning documents")),
        ("budgetallocation_list", _("Budgets")),
        ("gdpk_list", _("GDPK in force")),
        ("workplan_gap_list", _("Without a work plan")),
    ]
):
    registry.add_nav_item(
        NavItem(key, label, _evidence_list(f"pokja:{key}"), order=order * 10, group="lists")
    )
registry.add_nav_item(
    NavItem(
        "verification_queue",
        _("Verification queue"),
        lambda user: (
            policy.may_use_verification_queue(user) and reverse("pokja:verification_queue")
        ),
        order=10,
    )
)
registry.add_nav_item(
    NavItem(
        "admin",
        _("Account administration"),
        lambda user: policy.may_administer_accounts(user) and reverse("admin:index"),
        order=900,
    )
)

# The core's table on the public page (pokja/public/): effectiveness, the four criteria.
registry.add_public_dataset(EFFECTIVENESS)

# The effectiveness map layer (pokja/maps): each region's own Pokja.
registry.add_map_layer(effectiveness_map.LAYER)


def _map_panel(request, region, year, **kwargs):
    from pokja.maps.panel import map_panel

    return map_panel(request, region, year, **kwargs)


def _map_panel_above_tables(request, region, year, **kwargs):
    """The nation's and a province's map: a leader reads the map before the tables."""
    return "" if region.is_kabupaten_kota else _map_panel(request, region, year, **kwargs)


def _map_panel_below_own_status(request, region, year, **kwargs):
    """A kab/kota's place in its province: after its own effectiveness and returned items,
    which its coordinator comes to the page for."""
    return _map_panel(request, region, year, **kwargs) if region.is_kabupaten_kota else ""


registry.add_panel(_map_panel_above_tables, order=5)
registry.add_panel(_map_panel_below_own_status, order=20)
