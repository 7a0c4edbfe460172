"""Which regions the public sees: every province and kab/kota, less the provinces that switched
their public page off (PublicPageSetting) and their kab/kota."""

from __future__ import annotations

from django.http import Http404

from pokja.models import PublicPageSetting, Region

PUBLIC_LEVELS = (Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS)


def hidden_provinces() -> frozenset[str]:
    """The codes of the provinces whose public page is switched off (one query)."""
    rows = PublicPageSetting.objects.filter(is_published=False).values_list("region_id", flat=True)
    return frozenset(rows)


def hidden_codes(provinces: frozenset[str]) -> frozenset[str]:
    """Those provinces and their kab/kota: what a map draws grey."""
    if not provinces:
        return frozenset()
    kabkota = Region.objects.filter(
        parent_id__in=provinces, level__in=Region.KABUPATEN_KOTA_LEVELS
    ).values_list("code", flat=True)
    return frozenset(provinces) | frozenset(kabkota)


def public_region(code: str, hidden: frozenset[str]) -> Region:
    """The province or kab/kota of a public URL; 404 for any other level, an unknown code or a
    province switched off (and its kab/kota)."""
    if code.split(".")[0] in hidden:
        raise Http404
    region = Region.objects.filter(code=code, level__in=PUBLIC_LEVELS).select_related("parent")
    region = region.first()
    if region is None:
        raise Http404
    return region


def children(region: Region | None, hidden: frozenset[str]) -> list[Region]:
    """The regions a page links to: the provinces (nation) or a province's kab/kota."""
    if region is None:
        rows = Region.objects.provinces().exclude(code__in=hidden)
    elif region.is_province:
        rows = Region.objects.kabupaten_kota().filter(parent=region)
    else:
        return []
    return list(rows.order_by("code").only("code", "name", "level"))
