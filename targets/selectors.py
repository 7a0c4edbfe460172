"""Read side of targets: the evaluation of every kabupaten/kota for a province and year.

Everything is loaded in a fixed number of queries (targets, shares, achievements of the year and
the years before) and combined in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, OuterRef, Subquery, When

from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.kernel.registry import registry
from targets.models import Achievement, DataSource, Indicator, ProvinceTarget, RegionTarget
from targets.services.evaluation import Evaluation, evaluate
from targets.sourced import SourcedValue

TREND_YEARS = 3


@dataclass
class Cell:
    target: Decimal | None
    achievement: Decimal | None
    evaluation: Evaluation
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)


@dataclass
class IndicatorEvaluation:
    indicator: Indicator
    province_target: ProvinceTarget | None
    province: Cell
    regions: dict[str, Cell]


def achievement_values(
    region_codes: list[str], indicator_ids: list[int], years: list[int]
) -> dict[tuple[str, int, int], Decimal]:
    """The value of each region, indicator and year: the yearly figure, or else the latest
    period's (counts are entered cumulatively within the year). Verified achievements only.
    A typed value that states its source carries it; a typed value of a computed indicator
    (stunting) without a source does not count."""
    rows = (
        Achievement.objects.filter(
            region_id__in=region_codes,
            indicator_id__in=indicator_ids,
            year__in=years,
            status=Achievement.Status.TERVERIFIKASI,
        )
        .exclude(indicator__code__in=list(registry.achievement_sources), source="")
        .order_by("region_id", "indicator_id", "year", "period")
        .values_list(
            "region_id", "indicator_id", "year", "period", "value", "source", "publication"
        )
    )
    values: dict[tuple[str, int, int], Decimal] = {}
    yearly: set[tuple[str, int, int]] = set()
    for region_id, indicator_id, year, period, value, source, publication in rows:
        key = (region_id, indicator_id, year)
        if source:
            value = SourcedValue(
                value,
                source=source,
                source_label=f"{DataSource(source).label} {year}",
                publication=publication,
            )
        if period == Achievement.YEARLY:
            values[key] = value
            yearly.add(key)
        elif key not in yearly:
            values[key] = value  # ordered by period: the last one wins
    values.update(computed_values(region_codes, indicator_ids, years))
    return values


def computed_values(
    region_codes: list[str], indicator_ids: list[int], years: list[int]
) -> dict[tuple[str, int, int], Decimal]:
    """Achievements that an app computes from its own data (a registered achievement source,
    e.g. the number of effective Pokja from the effectiveness engine) rather than typed in."""
    sourced = Indicator.objects.filter(
        pk__in=indicator_ids, code__in=list(registry.achievement_sources)
    ).values_list("pk", "code")
    values = {}
    for indicator_id, code in sourced:
        computed = registry.computed_achievements(code, region_codes, years)
        for (region_code, year), value in computed.items():
            values[(region_code, indicator_id, year)] = value
    return values


def evaluation_for_province(user: User, province: Region, year: int) -> list[IndicatorEvaluation]:
    """Targets, achievements and evaluation of every kab/kota and indicator of a province."""
    regions = list(
        Region.objects.for_user(user).kabupaten_kota().filter(parent=province).order_by("code")
    )
    codes = [r.code for r in regions]
    indicators = list(Indicator.objects.filter(is_active=True))
    targets = {
        t.indicator_id: t
        for t in ProvinceTarget.objects.for_user(user).filter(region=province, year=year)
    }
    shares = {
        (s.province_target.indicator_id, s.region_id): s.value
        for s in RegionTarget.objects.filter(province_target__in=targets.values()).select_related(
            "province_target"
        )
    }
    years = list(range(year - TREND_YEARS, year + 1))
    values = achievement_values([*codes, province.code], [i.pk for i in indicators], years)

    result = []
    for indicator in indicators:
        cells = {}
        for code in codes:
            target = shares.get((indicator.pk, code))
            actual = values.get((code, indicator.pk, year))
            cells[code] = Cell(
                target=target,
                achievement=actual,
                evaluation=evaluate(target, actual, indicator.direction),
                trend=one_source(
                    [(y, values.get((code, indicator.pk, y))) for y in years],
                    targets[indicator.pk].measured_by if indicator.pk in targets else "",
                ),
            )
        province_target = targets.get(indicator.pk)
        result.append(
            IndicatorEvaluation(
                indicator=indicator,
                province_target=province_target,
                province=_province_cell(indicator, province_target, cells, values, province, year),
                regions=cells,
            )
        )
    return result


def one_source(
    points: list[tuple[int, Decimal | None]], measured_by: str = ""
) -> list[tuple[int, Decimal | None]]:
    """A trend of one source only: where values carry their source (a computed achievement such
    as stunting's), the target's source, else the latest value's, is kept and the other
    sources' years are left empty; a line never joins SSGI to SKI or to a typed value."""
    sourced = [v for _y, v in points if getattr(v, "source", None)]
    if not sourced:
        return points
    source = measured_by or sourced[-1].source
    return [(y, v if getattr(v, "source", None) == source else None) for y, v in points]


def _province_cell(indicator, province_target, cells, values, province, year) -> Cell:
    """Roll-up: the sum of the kab/kota for counts; for rates the province's own figure, never an
    average of percentages. A count an app computes gives the province's figure itself (the
    number of effective Pokja counts the province's own Pokja as well as its kab/kota')."""
    target = province_target.value if province_target else None
    computed = values.get((province.code, indicator.pk, year))
    if (
        indicator.is_additive
        and indicator.code in registry.achievement_sources
        and computed is not None
    ):
        actual = computed
    elif indicator.is_additive:
        reported = [c.achievement for c in cells.values() if c.achievement is not None]
        actual = sum(reported, Decimal(0)) if reported else None
    else:
        actual = values.get((province.code, indicator.pk, year))
    return Cell(target, actual, evaluate(target, actual, indicator.direction))


def region_targets_summary(user: User, region: Region, year: int) -> list[dict]:
    """A kab/kota's own targets and achievements for its home page: one query, with the value
    `achievement_values` would give read beside each target, plus the registered sources of
    computed indicators."""
    entered = (
        Achievement.objects.filter(
            region=region,
            indicator=OuterRef("province_target__indicator"),
            year=year,
            status=Achievement.Status.TERVERIFIKASI,
        )
        .exclude(indicator__code__in=list(registry.achievement_sources), source="")
        .order_by(Case(When(period=Achievement.YEARLY, then=0), default=1), "-period")
    )
    shares = list(
        RegionTarget.objects.for_user(user)
        .filter(region=region, province_target__year=year)
        .select_related("province_target__indicator")
        .annotate(entered=Subquery(entered.values("value")[:1]))
    )
    computed = {}  # a computed value wins over a typed one, as in achievement_values
    for code in {share.province_target.indicator.code for share in shares}:
        value = registry.computed_achievements(code, [region.code], [year]).get((region.code, year))
        if value is not None:
            computed[code] = value
    rows = []
    for share in shares:
        indicator = share.province_target.indicator
        actual = computed.get(indicator.code, share.entered)
        rows.append(
            {
                "indicator": indicator,
                "target": share.value,
                "achievement": actual,
                "evaluation": evaluate(share.value, actual, indicator.direction),
                "final": share.province_target.is_final,
            }
        )
    return rows
