"""The one indicator catalogue: what planning documents name and targets are set for.

Planning documents (`DocumentIndicator`) choose from these codes; the targets app seeds its
editable `Indicator` rows from the same list, so a code means the same indicator everywhere.

Sources: BKKBN Renstra 2020-2024 main indicators (IKU), RPJMN 2020-2024 and Perpres 72/2021.
Admins can edit these and add more in Django admin; `seed_catalogue()` only adds what is
missing, so it never overwrites an admin's edits.
"""

from __future__ import annotations

from decimal import Decimal

HIGHER, LOWER = "higher", "lower"
ADDITIVE, RATE = "additive", "rate"
PROVINCE, KABKOTA = "province", "kabupaten_kota"
MONTHLY, QUARTERLY, YEARLY = "monthly", "quarterly", "yearly"

# code, name, unit, better when, kind, lowest level, data source, frequency, definition
INDICATORS = [
    (
        "tfr",
        "Angka Kelahiran Total (TFR)",
        "anak per perempuan",
        LOWER,
        RATE,
        PROVINCE,
        "SDKI / Long Form SP2020 / SKI",
        YEARLY,
        "Rata-rata jumlah anak yang dilahirkan seorang perempuan selama masa reproduksinya.",
    ),
    (
        "asfr-15-19",
        "ASFR 15-19 tahun",
        "per 1.000 perempuan",
        LOWER,
        RATE,
        PROVINCE,
        "SDKI / SKI",
        YEARLY,
        "Angka kelahiran pada perempuan usia 15-19 tahun.",
    ),
    (
        "mcpr",
        "Angka Prevalensi Kontrasepsi Modern (mCPR)",
        "%",
        HIGHER,
        RATE,
        KABKOTA,
        "Pendataan Keluarga / SKI",
        YEARLY,
        "Persentase PUS 15-49 tahun yang menggunakan alat/cara KB modern.",
    ),
    (
        "unmet-need",
        "Unmet need KB",
        "%",
        LOWER,
        RATE,
        KABKOTA,
        "Pendataan Keluarga / SKI",
        YEARLY,
        "Persentase PUS yang ingin menunda atau membatasi kelahiran tetapi tidak ber-KB.",
    ),
    (
        "pa-mkjp",
        "Peserta KB aktif MKJP",
        "% dari peserta aktif",
        HIGHER,
        RATE,
        KABKOTA,
        "SIGA (pelayanan KB)",
        MONTHLY,
        "Persentase peserta KB aktif yang memakai metode jangka panjang.",
    ),
    (
        "mukp",
        "Median Usia Kawin Pertama perempuan (MUKP)",
        "tahun",
        HIGHER,
        RATE,
        PROVINCE,
        "SDKI / SKI",
        YEARLY,
        "Median usia perempuan saat perkawinan pertama.",
    ),
    (
        "drop-out",
        "Angka putus pakai kontrasepsi (drop-out)",
        "%",
        LOWER,
        RATE,
        PROVINCE,
        "SDKI / SKI",
        YEARLY,
        "Persentase pemakai kontrasepsi yang berhenti dalam 12 bulan.",
    ),
    (
        "ibangga",
        "Indeks Pembangunan Keluarga (iBangga)",
        "skor 0-100",
        HIGHER,
        RATE,
        KABKOTA,
        "Pendataan Keluarga",
        YEARLY,
        "Indeks ketenteraman, kemandirian dan kebahagiaan keluarga.",
    ),
    (
        "keluarga-terjangkau",
        "Keluarga yang terjangkau program",
        "%",
        HIGHER,
        RATE,
        KABKOTA,
        "SIGA",
        YEARLY,
        "Persentase keluarga sasaran yang mendapat layanan program Bangga Kencana.",
    ),
    (
        "peserta-kb-baru",
        "Peserta KB baru",
        "orang",
        HIGHER,
        ADDITIVE,
        KABKOTA,
        "SIGA (pelayanan KB)",
        MONTHLY,
        "Jumlah peserta KB baru, kumulatif dalam tahun berjalan.",
    ),
    (
        "peserta-kb-aktif",
        "Peserta KB aktif",
        "orang",
        HIGHER,
        ADDITIVE,
        KABKOTA,
        "SIGA (pelayanan KB)",
        MONTHLY,
        "Jumlah peserta KB aktif pada akhir periode.",
    ),
    (
        "jumlah-kampung-kb",
        "Jumlah Kampung KB",
        "kampung",
        HIGHER,
        ADDITIVE,
        KABKOTA,
        "Dashboard Kampung KB",
        QUARTERLY,
        "Jumlah Kampung KB yang terbentuk.",
    ),
    (
        "pokja-efektif",
        "Jumlah Pokja Bangga Kencana yang efektif",
        "Pokja",
        HIGHER,
        ADDITIVE,
        KABKOTA,
        "Portal Pokja Bangga Kencana",
        YEARLY,
        "Pokja yang memiliki SK, rencana kerja, indikator dalam dokumen perencanaan dan anggaran.",
    ),
    (
        "stunting",
        "Prevalensi stunting balita",
        "%",
        LOWER,
        RATE,
        KABKOTA,
        "SSGI / SKI",
        YEARLY,
        "Persentase balita dengan tinggi badan menurut umur di bawah -2 SD.",
    ),
]

# Counts whose province figure takes in the province's own unit as well as its kab/kota':
# BKKBN counts "Pokja Bangga Kencana Provinsi dan Kabupaten/Kota yang efektif" (Kalimantan
# Selatan 2025: its own Pokja and 9 kab/kota, 10). A province target of these keeps one unit
# for the province itself and splits the rest over its kab/kota.
PROVINCE_COUNTS_ITSELF = frozenset({"pokja-efektif"})

NATIONAL_TARGETS_2024 = [
    ("tfr", Decimal("2.10"), "RPJMN 2020-2024 / Renstra BKKBN 2020-2024"),
    ("mcpr", Decimal("63.41"), "RPJMN 2020-2024 / Renstra BKKBN 2020-2024"),
    ("unmet-need", Decimal("7.40"), "RPJMN 2020-2024 / Renstra BKKBN 2020-2024"),
    ("stunting", Decimal("14.00"), "Perpres 72/2021 tentang Percepatan Penurunan Stunting"),
]


def seed_catalogue(indicator_model, national_target_model) -> None:
    """Add the missing catalogue entries (used by a data migration and by tests)."""
    for order, row in enumerate(INDICATORS):
        code, name, unit, direction, kind, level, source, frequency, definition = row
        indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "kind": kind,
                "lowest_level": level,
                "data_source": source,
                "frequency": frequency,
                "definition": definition,
                "order": order,
            },
        )
    for code, value, source in NATIONAL_TARGETS_2024:
        national_target_model.objects.get_or_create(
            indicator=indicator_model.objects.get(code=code),
            year=2024,
            defaults={"value": value, "source": source},
        )


OTHER = "lainnya"


def document_indicator_choices() -> list[tuple[str, str]]:
    """The indicators a planning document may name: the catalogue, then "other"."""
    return [(row[0], row[1]) for row in INDICATORS] + [(OTHER, "Lainnya (tulis namanya)")]


# The largest value an achievement of these indicators can plausibly have (rates in % stop at
# 100 without being listed). Anything above is refused as a typing error (see
# targets/plausibility.py); admins never need to change these.
PLAUSIBLE_MAX = {
    "tfr": Decimal("10"),
    "asfr-15-19": Decimal("300"),
    "mukp": Decimal("40"),
    "ibangga": Decimal("100"),
}
# An achievement above this many times the region's target is refused as a typing error.
TIMES_TARGET_MAX = 10
