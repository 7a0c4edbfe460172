"""What each demo region's evidence looks like: the scenarios, their pattern over a province's
kab/kota and the regions pinned to one (see pokja.devdata.records)."""

from __future__ import annotations

from dataclasses import dataclass

from pokja.models import (
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Member,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
)

Status = VerifiableRecord.Status
V, S, D, R = Status.TERVERIFIKASI, Status.DIAJUKAN, Status.DRAF, Status.DITOLAK
Kind = WorkingGroup.Kind
Category = Member.Category

DEMO_PROVINCES = ("63", "73")
PROVINCIAL_STAFF = {"63": "staf-kalsel", "73": "staf-sulsel"}
DEMO_NOTE = "Data demo untuk mencoba portal; bukan data resmi."
EVIDENCE_MODELS = (Decree, WorkPlan, IndicatorDocument, BudgetAllocation)


@dataclass(frozen=True)
class Scenario:
    """How far one Pokja's evidence has got.

    Pairs are (previous year, current year); a status says how far that record got, None that it
    was never entered. `sk` is the pattern of the SK establishing the Pokja, see `_decrees()`.
    """

    key: str
    note: str
    sk: str = "in_force"
    plans: tuple[str | None, str | None] = (V, V)
    rpjmd: str | None = V
    rkpd: tuple[str | None, str | None] = (V, V)
    current_rkpd_without_indicators: bool = False
    apbd: tuple[str | None, str | None] = (V, V)
    dak_bokb: bool = True  # a verified DAK BOKB line, not for operations: never counts


COMPLETE = Scenario("lengkap", "Bukti lengkap dan terverifikasi.")
BUDGET_SUBMITTED = Scenario(
    "anggaran_diajukan", "Anggaran tahun ini diajukan, menunggu verifikasi.", apbd=(V, S)
)
SK_EXPIRED = Scenario(
    "sk_berakhir", "SK Pokja berakhir 31 Desember tahun lalu; SK baru masih draf.", sk="expired"
)
SK_LAPSED = Scenario("sk_lewat", "SK Pokja berakhir pertengahan tahun lalu.", sk="lapsed")
PLAN_REJECTED = Scenario("rencana_ditolak", "Rencana kerja tahun ini ditolak.", plans=(V, R))
PLAN_SUBMITTED = Scenario(
    "rencana_diajukan", "Rencana kerja tahun ini menunggu verifikasi.", plans=(V, S)
)
INDICATORS_MISSING = Scenario(
    "indikator_belum",
    "RKPD tahun ini belum memuat indikator Bangga Kencana; perubahan RPJMD masih draf.",
    rpjmd=D,
    current_rkpd_without_indicators=True,
)
FIRST_BUDGET = Scenario(
    "anggaran_pertama", "Anggaran operasional pertama dialokasikan tahun ini.", apbd=(None, V)
)
NO_BUDGET = Scenario(
    "tanpa_anggaran", "Belum ada anggaran operasional Pokja (hanya DAK BOKB).", apbd=(None, None)
)
NEW_POKJA = Scenario(
    "pokja_baru",
    "Pokja baru dibentuk akhir tahun lalu.",
    sk="new",
    plans=(None, D),
    rpjmd=None,
    rkpd=(None, D),
    apbd=(None, S),
    dak_bokb=False,
)
DORMANT = Scenario(
    "belum_aktif",
    "SK Pokja masih draf; belum ada bukti lain.",
    sk="draft",
    plans=(None, None),
    rpjmd=None,
    rkpd=(None, None),
    apbd=(None, None),
    dak_bokb=False,
)

# Kab/kota get these in turn, by their position (in code order) within their province.
KAB_KOTA_PATTERN = (
    COMPLETE,
    SK_EXPIRED,
    PLAN_REJECTED,
    INDICATORS_MISSING,
    COMPLETE,
    PLAN_SUBMITTED,
    FIRST_BUDGET,
    NO_BUDGET,
    COMPLETE,
    SK_LAPSED,
    NEW_POKJA,
    BUDGET_SUBMITTED,
    DORMANT,
)
# Regions with demo logins get a known state whatever the pattern says.
PINNED = {
    "63": COMPLETE,
    "73": COMPLETE,
    "63.71": BUDGET_SUBMITTED,
    "63.72": COMPLETE,
    "73.71": COMPLETE,
}
# SKs signed by the sekda instead of the regional head: recorded, flagged, still counted.
SIGNED_BY_SEKDA = {"63.05", "73.09"}

REJECTION_REASONS = (
    "Dokumen rencana kerja belum ditandatangani Ketua Pokja dan belum memuat jadwal kegiatan; "
    "mohon unggah versi yang telah disahkan.",
    "Biaya kegiatan dalam rencana kerja tidak sesuai dengan DPA; mohon diperbaiki dan diajukan "
    "kembali.",
)
