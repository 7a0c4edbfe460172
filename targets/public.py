"""Targets and achievements on the public page (issue #21): a province's targets once it set
them Final, each kab/kota's share, and the achievement of that year: verified, or computed by
the portal from verified figures (registry achievement sources). Drafts never appear, nor who
set or changed a target."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from pokja.kernel.public_data import (
    CODE,
    DECIMAL,
    TEXT,
    YEAR,
    YES_NO,
    PublicDataset,
    PublicField,
)
from pokja.kernel.registry import registry
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.verification import Status
from targets.models import Achievement, ProvinceTarget, RegionTarget


def target_rows(scope_code: str):
    final = Q(status=ProvinceTarget.Status.FINAL)
    provinces = ProvinceTarget.objects.filter(final).select_related("region", "indicator")
    shares = RegionTarget.objects.filter(
        province_target__status=ProvinceTarget.Status.FINAL
    ).select_related("region", "province_target", "province_target__indicator")
    if scope_code:
        provinces = provinces.filter(region_scope_q("region__code", scope_code))
        shares = shares.filter(region_scope_q("region__code", scope_code))
    rows = [
        (t.region, t.indicator, t.year, t.value, t.measured_by, t.is_illustrative)
        for t in provinces
    ]
    rows += [
        (
            s.region,
            s.province_target.indicator,
            s.province_target.year,
            s.value,
            s.province_target.measured_by,
            s.province_target.is_illustrative,
        )
        for s in shares
    ]
    codes = {region.code for region, *_ in rows}
    years = {year for _, _, year, *_ in rows}
    achieved = {
        (a.region_id, a.indicator_id, a.year): a.value
        for a in Achievement.objects.filter(
            region_id__in=codes,
            year__in=years,
            period=Achievement.YEARLY,
            status=Status.TERVERIFIKASI,
        )
    }
    computed = {}
    for indicator in {indicator.code for _, indicator, *_ in rows}:
        for (code, year), value in registry.computed_achievements(
            indicator, sorted(codes), sorted(years)
        ).items():
            computed[(code, indicator, year)] = value
    rows.sort(key=lambda r: (r[0].code, r[1].order, r[2]))
    for region, indicator, year, value, measured_by, illustrative in rows:
        achievement = computed.get((region.code, indicator.code, year))
        if achievement is None:
            achievement = achieved.get((region.code, indicator.pk, year))
        yield {
            "kode_wilayah": region.code,
            "nama_wilayah": region.name,
            "indikator": indicator.name,
            "satuan": indicator.unit,
            "lebih_baik_bila": indicator.get_direction_display(),
            "tahun": year,
            "target": value,
            "capaian": None if achievement is None else Decimal(str(achievement)),
            "diukur_dengan": measured_by,
            "ilustrasi": illustrative,
        }


TARGETS = PublicDataset(
    slug="target-capaian",
    title="Target dan capaian provinsi",
    description=(
        "Target program yang ditetapkan provinsi dalam Rakerda dan dibagi ke kabupaten/kota, "
        "setelah dinyatakan final, dengan capaian tahun itu."
    ),
    source=(
        "Target: ditetapkan Perwakilan BKKBN Provinsi (hanya yang final). Capaian: angka "
        "tahunan yang diverifikasi, atau dihitung portal dari angka terverifikasi (jumlah "
        "Pokja efektif, jumlah Kampung KB, prevalensi stunting)."
    ),
    fields=(
        PublicField("kode_wilayah", "Kode wilayah", "Kode wilayah Kemendagri.", CODE),
        PublicField("nama_wilayah", "Wilayah", "Nama provinsi atau kabupaten/kota.", TEXT),
        PublicField("indikator", "Indikator", "Nama indikator program.", TEXT),
        PublicField("satuan", "Satuan", "Satuan indikator.", TEXT),
        PublicField(
            "lebih_baik_bila",
            "Lebih baik bila",
            "Arah indikator: lebih tinggi atau lebih rendah lebih baik.",
            TEXT,
            on_page=False,
        ),
        PublicField("tahun", "Tahun", "Tahun target.", YEAR),
        PublicField("target", "Target", "Nilai target.", DECIMAL),
        PublicField("capaian", "Capaian", "Capaian tahunan; kosong bila belum ada.", DECIMAL),
        PublicField(
            "diukur_dengan",
            "Diukur dengan",
            "Sumber data yang angkanya dinilai terhadap target ini (untuk stunting: ssgi, ski "
            "atau eppgbm); kosong bila tidak disebut.",
            TEXT,
            on_page=False,
        ),
        PublicField(
            "ilustrasi", "Ilustrasi", "Target contoh (data demo), bukan angka resmi.", YES_NO
        ),
    ),
    reader=target_rows,
    order=40,
)
