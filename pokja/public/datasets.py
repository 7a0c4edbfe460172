"""The core's public dataset: Pokja effectiveness, the four criteria as yes/no.

The engine's judgement (pokja.models.Assessment) rests on verified evidence only, so it is
published as it stands; nothing of the evidence itself (decree numbers, documents, amounts,
who entered or verified it) is.
"""

from __future__ import annotations

from django.db.models import Q

from pokja.kernel.public_data import (
    CODE,
    DATE,
    TEXT,
    YEAR,
    YES_NO,
    PublicDataset,
    PublicField,
)
from pokja.kernel.scoping import region_scope_q
from pokja.public.regions import PUBLIC_LEVELS

REGION_FIELDS = (
    PublicField("kode_wilayah", "Kode wilayah", "Kode wilayah Kemendagri (63, 63.03).", CODE),
    PublicField("nama_wilayah", "Wilayah", "Nama provinsi atau kabupaten/kota.", TEXT),
)


def effectiveness_rows(scope_code: str):
    from pokja.models import Assessment

    where = region_scope_q("region__code", scope_code) if scope_code else Q()
    rows = (
        Assessment.objects.filter(where, region__level__in=PUBLIC_LEVELS)
        .order_by("region_id", "year")
        .values(
            "region_id",
            "region__name",
            "year",
            "has_pokja",
            "sk_met",
            "plan_met",
            "indicator_met",
            "budget_met",
            "is_effective",
            "assessed_on",
            "computed_at",
        )
    )
    for row in rows:
        yield {
            "kode_wilayah": row["region_id"],
            "nama_wilayah": row["region__name"],
            "tahun": row["year"],
            "ada_pokja": row["has_pokja"],
            "sk_pembentukan": row["sk_met"],
            "rencana_kerja": row["plan_met"],
            "indikator_bangga_kencana": row["indicator_met"],
            "anggaran_operasional": row["budget_met"],
            "efektif": row["is_effective"],
            "tanggal_penilaian": row["assessed_on"],
            "tanggal_dihitung": row["computed_at"].date(),
        }


EFFECTIVENESS = PublicDataset(
    slug="efektivitas-pokja",
    title="Efektivitas Pokja Bangga Kencana",
    description=(
        "Untuk setiap provinsi dan kabupaten/kota per tahun: apakah Pokja Bangga Kencana "
        "memenuhi empat syarat (SK pembentukan, rencana kerja, indikator Bangga Kencana dalam "
        "dokumen perencanaan, anggaran operasional). Pokja disebut efektif bila keempatnya "
        "terpenuhi."
    ),
    source=(
        "Dihitung otomatis oleh portal setiap malam dari bukti yang sudah diverifikasi oleh "
        "Perwakilan BKKBN Provinsi. Bukti yang masih draf, diajukan atau ditolak tidak dihitung."
    ),
    fields=(
        *REGION_FIELDS,
        PublicField("tahun", "Tahun", "Tahun yang dinilai.", YEAR),
        PublicField("ada_pokja", "Ada Pokja", "Pokja sudah tercatat di portal.", YES_NO),
        PublicField(
            "sk_pembentukan",
            "SK pembentukan",
            "Ada SK pembentukan Pokja yang berlaku dan terverifikasi pada tanggal penilaian.",
            YES_NO,
        ),
        PublicField(
            "rencana_kerja",
            "Rencana kerja",
            "Ada rencana kerja Pokja terverifikasi untuk tahun itu.",
            YES_NO,
        ),
        PublicField(
            "indikator_bangga_kencana",
            "Indikator Bangga Kencana",
            "Dokumen perencanaan terverifikasi (RPJMD, Renstra, RKPD atau Renja) untuk tahun itu "
            "memuat paling sedikit satu indikator Bangga Kencana.",
            YES_NO,
        ),
        PublicField(
            "anggaran_operasional",
            "Anggaran operasional",
            "Anggaran operasional Pokja terverifikasi untuk tahun itu lebih dari Rp 0 (hanya "
            "ada/tidak, tanpa rincian).",
            YES_NO,
        ),
        PublicField("efektif", "Efektif", "Keempat syarat terpenuhi.", YES_NO),
        PublicField(
            "tanggal_penilaian",
            "Tanggal penilaian",
            "Keadaan pada tanggal ini yang dinilai: 31 Desember, atau hari penilaian untuk tahun "
            "berjalan.",
            DATE,
        ),
        PublicField(
            "tanggal_dihitung",
            "Tanggal dihitung",
            "Tanggal penilaian terakhir kali dihitung ulang dengan hasil berubah.",
            DATE,
            on_page=False,
        ),
    ),
    reader=effectiveness_rows,
    yearly=True,
    order=10,
)
