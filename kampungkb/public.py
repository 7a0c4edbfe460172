"""Kampung KB on the public page (issue #21): per province and kab/kota and year, how many
active Kampung KB are in each maturity class. Classes are computed only from verified monthly
profiles (kampungkb.services.classify), so the counts are published as they stand; no village
or person is named."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q
from django.db.models.functions import Substr

from kampungkb.models import MaturityClass
from kampungkb.rules import CLASS_ORDER
from pokja.kernel.public_data import (
    CODE,
    DATE,
    DECIMAL,
    NUMBER,
    TEXT,
    YEAR,
    PublicDataset,
    PublicField,
)
from pokja.kernel.regions import Region
from pokja.kernel.scoping import region_scope_q


def mandiri_share(per_class: dict[str, int]) -> Decimal | None:
    """The share of classified Kampung KB at Mandiri or Berkelanjutan, in percent with one
    decimal, half away from zero (as the portal's dashboards round)."""
    classified = sum(per_class.values())
    if not classified:
        return None
    upper = per_class["mandiri"] + per_class["berkelanjutan"]
    return (Decimal(100 * upper) / classified).quantize(Decimal("0.1"), ROUND_HALF_UP)


def class_rows(scope_code: str):
    """One row per province and per kab/kota and year with a classified Kampung KB: two
    grouped queries (by kab/kota prefix) and the region names."""
    where = Q(kampung__is_active=True)
    if scope_code:
        where &= region_scope_q("kampung__region__code", scope_code)
    grouped = (
        MaturityClass.objects.filter(where)
        .annotate(kabkota=Substr("kampung__region_id", 1, 5))
        .values("kabkota", "year")
        .annotate(**{level: Count("pk", filter=Q(level=level)) for level in CLASS_ORDER})
        .annotate(latest=Max("computed_at"))
        .order_by()
    )
    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(CLASS_ORDER, 0)
    )
    computed: dict[tuple[str, int], object] = {}
    for row in grouped:
        for code in (row["kabkota"], row["kabkota"][:2]):
            if scope_code and not (code == scope_code or code.startswith(scope_code + ".")):
                continue  # a kab/kota's page: not its province's total
            key = (code, row["year"])
            for level in CLASS_ORDER:
                counts[key][level] += row[level]
            computed[key] = max(computed.get(key, row["latest"]), row["latest"])
    names = dict(
        Region.objects.filter(code__in={code for code, _ in counts}).values_list("code", "name")
    )
    for (code, year), per_class in sorted(counts.items()):
        yield {
            "kode_wilayah": code,
            "nama_wilayah": names.get(code, ""),
            "tahun": year,
            **per_class,
            "jumlah_dinilai": sum(per_class.values()),
            "persen_mandiri_ke_atas": mandiri_share(per_class),
            "tanggal_dihitung": computed[(code, year)].date(),
        }


def _class_field(level: str, label: str) -> PublicField:
    return PublicField(
        level, label, f"Jumlah Kampung KB aktif berkelas {label} pada tahun itu.", NUMBER
    )


KAMPUNG_KB_CLASSES = PublicDataset(
    slug="kampung-kb-kelas",
    title="Kampung KB per kelas",
    description=(
        "Jumlah Kampung KB (Kampung Keluarga Berkualitas) aktif per kelas kematangan (Dasar, "
        "Berkembang, Mandiri, Berkelanjutan) per provinsi dan kabupaten/kota setiap tahun."
    ),
    source=(
        "Kelas dihitung portal dengan aturan klasifikasi BKKBN (dua belas indikator input, "
        "proses dan output) dari profil bulanan Kampung KB yang sudah diverifikasi. Persentase "
        "dibulatkan seperti aturan yang dipublikasikan."
    ),
    fields=(
        PublicField("kode_wilayah", "Kode wilayah", "Kode wilayah Kemendagri.", CODE),
        PublicField("nama_wilayah", "Wilayah", "Nama provinsi atau kabupaten/kota.", TEXT),
        PublicField("tahun", "Tahun", "Tahun kelas dihitung.", YEAR),
        _class_field("dasar", "Dasar"),
        _class_field("berkembang", "Berkembang"),
        _class_field("mandiri", "Mandiri"),
        _class_field("berkelanjutan", "Berkelanjutan"),
        PublicField(
            "jumlah_dinilai", "Jumlah dinilai", "Kampung KB aktif yang punya kelas.", NUMBER
        ),
        PublicField(
            "persen_mandiri_ke_atas",
            "% Mandiri ke atas",
            "Persentase Kampung KB berkelas Mandiri atau Berkelanjutan dari yang dinilai, satu "
            "desimal.",
            DECIMAL,
        ),
        PublicField(
            "tanggal_dihitung",
            "Tanggal dihitung",
            "Tanggal kelas terakhir dihitung (setelah profil diverifikasi, atau setiap malam).",
            DATE,
        ),
    ),
    reader=class_rows,
    yearly=True,
    order=20,
)
