"""What the core app puts in the kernel's registry: its record types (pages and queue) and the
achievements it computes."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel import policy
from pokja.kernel.provenance import FigureKind
from pokja.kernel.registry import NavItem, registry
from pokja.record_types import RECORD_TYPES

registry.add_record_types(*RECORD_TYPES)


def _effectiveness_panel(request, region, year, **kwargs):
    from pokja.views.dashboard import effectiveness_panel

    return effectiveness_panel(request, region, year, **kwargs)


registry.add_panel(_effectiveness_panel, order=10)


def effective_pokja_count(region_codes: list[str], years: list[int]) -> dict[tuple, Decimal]:
    """Per kab/kota 1 when the engine judged its Pokja effective that year, else 0; regions
    never assessed have no value. (A province's count is the sum over its kab/kota.)"""
    from pokja.models import Assessment

    rows = Assessment.objects.filter(region_id__in=region_codes, year__in=years).values_list(
        "region_id", "year", "is_effective"
    )
    return {(code, year): Decimal(int(effective)) for code, year, effective in rows}


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


def _always(name: str):
    return lambda user: reverse(name)


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
        NavItem(key, label, _always(f"pokja:{key}"), order=order * 10, group="lists")
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
