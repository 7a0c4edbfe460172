"""What the core app puts in the kernel's registry: its record types (pages and queue) and the
achievements it computes."""

from decimal import Decimal

from pokja.kernel.registry import registry
from pokja.record_types import RECORD_TYPES

registry.add_record_types(*RECORD_TYPES)


def effective_pokja_count(region_codes: list[str], years: list[int]) -> dict[tuple, Decimal]:
    """Per kab/kota 1 when the engine judged its Pokja effective that year, else 0; regions
    never assessed have no value. (A province's count is the sum over its kab/kota.)"""
    from pokja.models import Assessment

    rows = Assessment.objects.filter(region_id__in=region_codes, year__in=years).values_list(
        "region_id", "year", "is_effective"
    )
    return {(code, year): Decimal(int(effective)) for code, year, effective in rows}


registry.add_achievement_source("pokja-efektif", effective_pokja_count)
