"""National-scale benchmark data: every province and kabupaten/kota with five years of evidence.

All 38 provinces and 514 kabupaten/kota get a Pokja with four working groups, about ten members
and, for the current year and the four before it, SK decrees, work plans with activities,
planning documents with indicators and budget allocations. The mix of gaps is deliberately
realistic (expired or pending SKs, unverified or missing plans and budgets, draft documents), so
the effectiveness engine and the dashboards work on something like the real spread.

This is benchmark data, built for speed: every table is written with `bulk_create`, so no model
validation runs and no history rows are written. Verified and submitted records point at a fixed
document path (`evidence/bench/...`) without a real file behind it. Everything is labelled
`is_demo=True`, and it is refused under production settings.

The random generator is seeded (42 by default), so the same scope and day give the same data.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pokja.kernel.scoping import region_scope_q
from pokja.models import (
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
    WorkPlanActivity,
)
from pokja.services.regions import load_regions

Status = VerifiableRecord.Status
V, S, D, R = Status.TERVERIFIKASI, Status.DIAJUKAN, Status.DRAF, Status.DITOLAK
Kind = WorkingGroup.Kind
Category = Member.Category

YEARS = 5
SEED = 42
BATCH_SIZE = 2000
EXPECTED_PROVINCES = 38
BENCH_NOTE = "Data benchmark nasional (generate_national_data); bukan data resmi."
BENCH_DOCUMENTS = {
    Decree: "evidence/bench/sk.pdf",
    WorkPlan: "evidence/bench/rencana-kerja.pdf",
    IndicatorDocument: "evidence/bench/dokumen-indikator.pdf",
    BudgetAllocation: "evidence/bench/anggaran.pdf",
}
EVIDENCE_MODELS = (Decree, WorkPlan, IndicatorDocument, BudgetAllocation)
GROUP_KINDS = (
    (Kind.ADVOKASI, "Bidang Advokasi dan KIE"),
    (Kind.KAMPUNG_KB, "Bidang Kampung KB"),
    (Kind.GDPK, "Bidang Grand Design Pembangunan Kependudukan"),
    (Kind.STUNTING, "Tim Percepatan Penurunan Stunting"),
)
INSTITUTIONS = (
    ("Sekretariat Daerah", Category.OPD),
    ("Bappeda", Category.OPD),
    ("Dinas PPKB", Category.OPD),
    ("Dinas Kesehatan", Category.OPD),
    ("Dinas Pendidikan", Category.OPD),
    ("Dinas Sosial", Category.OPD),
    ("Kantor Kementerian Agama", Category.INSTANSI_VERTIKAL),
    ("Perwakilan BKKBN", Category.INSTANSI_VERTIKAL),
    ("Universitas Negeri", Category.PERGURUAN_TINGGI),
    ("TP PKK", Category.PKK),
    ("Muhammadiyah", Category.ORGANISASI_KEAGAMAAN),
    ("Nahdlatul Ulama", Category.ORGANISASI_KEAGAMAAN),
    ("IBI (Ikatan Bidan Indonesia)", Category.ORGANISASI_KEMASYARAKATAN),
    ("Kamar Dagang dan Industri", Category.SWASTA),
    ("RRI", Category.MEDIA),
)
FIRST_NAMES = ("Ahmad", "Siti", "Budi", "Dewi", "Rahmat", "Nur", "Agus", "Fitri", "Hendra", "Rina")
LAST_NAMES = ("Saputra", "Lestari", "Hidayat", "Wulandari", "Rahman", "Pratama", "Sari", "Halim")
ACTIVITIES = (
    "Rapat koordinasi Pokja",
    "Advokasi program Bangga Kencana kepada DPRD",
    "Pembinaan Kampung KB",
    "Sosialisasi pencegahan stunting",
    "Monitoring dan evaluasi capaian indikator",
    "Penyusunan laporan tahunan",
)
INDICATORS = (
    ("tfr", Decimal("2.10"), "per perempuan"),
    ("mcpr", Decimal("63.50"), "%"),
    ("unmet-need", Decimal("7.40"), "%"),
    ("mukp", Decimal("21.90"), "tahun"),
    ("ibangga", Decimal("61.00"), "indeks"),
    ("stunting", Decimal("14.00"), "%"),
)


@dataclass
class GenerationResult:
    region_count: int
    counts: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)


class NationalDataExists(Exception):
    """Regions in scope already have a Pokja and no reset was asked for."""


def generate(
    *,
    province_codes: list[str] | None = None,
    reset: bool = False,
    today: date | None = None,
    seed: int = SEED,
    kecamatan: bool = False,
) -> GenerationResult:
    """Create benchmark Pokja and evidence for every province and kab/kota (or some provinces).

    With `reset`, the demo Pokja in scope (and everything below them) are removed first; a region
    whose Pokja was entered for real is always skipped. Without it, existing Pokja are refused.
    With `kecamatan`, the 7,285 kecamatan get the same data too (loading them first if needed):
    the scale the engine benchmark runs at, not something the portal judges today.
    """
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Benchmark data is never generated with production settings.")
    if Region.objects.filter(level=Region.Level.PROVINSI).count() < EXPECTED_PROVINCES or (
        kecamatan and not Region.objects.filter(level=Region.Level.KECAMATAN).exists()
    ):
        load_regions(include_villages=kecamatan)
    today = today or timezone.localdate()
    regions = list(_regions_in_scope(province_codes, kecamatan).order_by("code"))
    with transaction.atomic():
        existing = Pokja.objects.filter(region__in=regions)
        if reset:
            _delete_demo(existing.filter(is_demo=True))
        elif existing.exists():
            raise NationalDataExists(
                f"{existing.count()} regions in scope already have a Pokja; "
                "pass reset=True (--reset) to replace the demo ones."
            )
        real = set(Pokja.objects.filter(region__in=regions).values_list("region_id", flat=True))
        result = GenerationResult(region_count=len(regions) - len(real), skipped=sorted(real))
        builder = _Builder(random.Random(seed), today, result)  # noqa: S311 - benchmark data
        builder.build([region for region in regions if region.code not in real])
    return result


# ---------------------------------------------------------------------------------------------
# Hook for a later issue: importing a target workbook (the provinces' yearly targets, e.g.
# "jumlah kab/kota dengan Pokja efektif") into the national data set. Not implemented here: the
# workbook's layout is not specified yet. When it is, add `import_target_workbook(path)` to this
# module, call it from `generate_national_data --targets <file.xlsx>` and write EffectiveTarget /
# targets-app rows with bulk_create like the rest of this module.
# ---------------------------------------------------------------------------------------------


def _regions_in_scope(province_codes: list[str] | None, kecamatan: bool = False):
    levels = [Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS]
    if kecamatan:
        levels.append(Region.Level.KECAMATAN)
    judged = Region.objects.filter(level__in=levels)
    if not province_codes:
        return judged
    scope = Q()
    for code in province_codes:
        scope |= region_scope_q("code", code)
    return judged.filter(scope)


def _delete_demo(pokja_queryset) -> None:
    """Remove demo Pokja with everything below them, child tables first.

    Deleted with plain DELETE statements (`_raw_delete`): the ORM's cascade would load every row
    to send signals and write a history row for each, minutes at national scale, and it would
    trip over the PROTECT between evidence and working groups.
    """
    pokja_ids = pokja_queryset.values("pk")
    for queryset in (
        DocumentIndicator.objects.filter(document__pokja__in=pokja_ids),
        WorkPlanActivity.objects.filter(work_plan__pokja__in=pokja_ids),
        *(model.objects.filter(pokja__in=pokja_ids) for model in EVIDENCE_MODELS),
        Member.objects.filter(pokja__in=pokja_ids),
        WorkingGroup.objects.filter(pokja__in=pokja_ids),
        Pokja.objects.filter(pk__in=pokja_ids),
    ):
        queryset._raw_delete(queryset.db)


# ---------------------------------------------------------------------------------------------
# Building the rows
# ---------------------------------------------------------------------------------------------


class _Builder:
    """Draws every region's data from one seeded generator, then writes each table in bulk."""

    def __init__(self, rng: random.Random, today: date, result: GenerationResult):
        self.rng = rng
        self.today = today
        self.result = result
        self.years = list(range(today.year - YEARS + 1, today.year + 1))
        self.verified_at = timezone.make_aware(datetime.combine(today, time(9)))

    def build(self, regions: list[Region]) -> None:
        if not regions:
            return
        pokjas = self._bulk(
            Pokja,
            [
                Pokja(
                    region=region,
                    name=f"Pokja Bangga Kencana {region.name}",
                    formed_on=date(self.years[0] - 1, self.rng.randint(1, 12), 1),
                    notes=BENCH_NOTE,
                    is_demo=True,
                )
                for region in regions
            ],
        )
        groups = self._bulk(
            WorkingGroup,
            [
                WorkingGroup(pokja=pokja, kind=kind, name=name, formed_on=pokja.formed_on)
                for pokja in pokjas
                for kind, name in GROUP_KINDS
            ],
        )
        groups_of = {pokja.pk: groups[i * 4 : i * 4 + 4] for i, pokja in enumerate(pokjas)}
        members, decrees, plans, documents, budgets = [], [], [], [], []
        activities_of, indicators_of = [], []
        for pokja, region in zip(pokjas, regions, strict=True):
            pokja_groups = groups_of[pokja.pk]
            members += self._members(pokja, pokja_groups)
            decrees += self._decrees(pokja, region, pokja_groups)
            for plan, activity_count in self._plans(pokja, pokja_groups):
                plans.append(plan)
                activities_of.append(activity_count)
            for document, indicator_count in self._documents(pokja):
                documents.append(document)
                indicators_of.append(indicator_count)
            budgets += self._budgets(pokja, pokja_groups)
        self._bulk(Member, members)
        self._bulk(Decree, decrees)
        self._bulk(WorkPlan, plans)
        self._bulk(IndicatorDocument, documents)
        self._bulk(BudgetAllocation, budgets)
        self._bulk(
            WorkPlanActivity,
            [
                activity
                for plan, count in zip(plans, activities_of, strict=True)
                for activity in self._activities(plan, count)
            ],
        )
        self._bulk(
            DocumentIndicator,
            [
                DocumentIndicator(
                    document=document, indicator=indicator, target_value=value, unit=u
                )
                for document, count in zip(documents, indicators_of, strict=True)
                for indicator, value, u in self.rng.sample(INDICATORS, count)
            ],
        )

    def _bulk(self, model, objects: list) -> list:
        self.result.counts[model._meta.verbose_name_plural] += len(objects)
        if issubclass(model, VerifiableRecord):
            self.result.statuses.update(obj.status for obj in objects)
        return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)

    # --- what each Pokja gets ------------------------------------------------------------------

    def _members(self, pokja: Pokja, groups: list[WorkingGroup]) -> list[Member]:
        rng = self.rng
        positions = [Member.Position.KETUA, Member.Position.WAKIL, Member.Position.SEKRETARIS]
        positions += [Member.Position.ANGGOTA] * rng.randint(6, 9)
        members = []
        for index, position in enumerate(positions):
            institution, category = rng.choice(INSTITUTIONS)
            members.append(
                Member(
                    pokja=pokja,
                    working_group=None if index < 3 else rng.choice([None, *groups]),
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    position=position,
                    institution=institution,
                    category=category,
                )
            )
        return members

    def _evidence(self, model, pokja: Pokja, status: str, **fields):
        """An evidence record in that status, with what that status requires."""
        extra = {}
        if status in VerifiableRecord.STATUSES_NEEDING_DOCUMENT:
            extra["document"] = BENCH_DOCUMENTS[model]
            extra["document_name"] = BENCH_DOCUMENTS[model].rsplit("/", 1)[1]
        if status == V:
            extra["verified_at"] = self.verified_at
        if status == R:
            extra["rejection_reason"] = "Dokumen belum ditandatangani."
        return model(pokja=pokja, status=status, is_demo=True, **extra, **fields)

    def _status(self, verified_share: float) -> str | None:
        """Verified with that probability; otherwise submitted, draft, rejected or missing."""
        draw = self.rng.random()
        if draw < verified_share:
            return V
        return self.rng.choice((S, S, D, R, None, None))

    def _decrees(self, pokja: Pokja, region: Region, groups: list[WorkingGroup]) -> list[Decree]:
        """The SK history: an old SK, then (mostly) a renewal, some pending, expired or revoked."""
        rng = self.rng
        signer = (
            Decree.Signer.GUBERNUR
            if region.is_province
            else Decree.Signer.WALIKOTA
            if region.level == Region.Level.KOTA
            else Decree.Signer.BUPATI
        )
        if rng.random() < 0.03:  # a few regents' secretaries sign instead: flagged, not refused
            signer = Decree.Signer.SEKDA
        first_start = date(self.years[0] - 1, rng.randint(1, 12), 1)
        first_end = date(first_start.year + 3, first_start.month, 1) - timedelta(days=1)
        number = f"{rng.randint(100, 999)}/KPTS/{{year}}"
        scenario = rng.choices(
            ("renewed", "renewal_pending", "expired", "until_revoked", "revoked", "none"),
            weights=(62, 10, 12, 8, 3, 5),
        )[0]
        if scenario == "none":
            return [
                self._evidence(
                    Decree,
                    pokja,
                    D,
                    number=number.format(year=self.today.year),
                    set_on=self.today - timedelta(days=30),
                    signer=signer,
                    valid_from=self.today,
                    valid_until=self.today + timedelta(days=5 * 365),
                )
            ]
        if scenario == "until_revoked":
            return [
                self._evidence(
                    Decree,
                    pokja,
                    V,
                    number=number.format(year=first_start.year),
                    set_on=first_start - timedelta(days=14),
                    signer=signer,
                    valid_from=first_start,
                    valid_until=None,
                )
            ]
        old = dict(
            number=number.format(year=first_start.year),
            set_on=first_start - timedelta(days=14),
            signer=signer,
            valid_from=first_start,
            valid_until=first_end,
        )
        if scenario == "revoked":
            old["revoked_on"] = first_start + timedelta(days=400)
        decrees = [self._evidence(Decree, pokja, V, **old)]
        if scenario in ("revoked", "expired"):
            return decrees  # the old SK ran out (or was revoked) and nothing replaced it
        renewal_start = first_end + timedelta(days=1)
        decrees.append(
            self._evidence(
                Decree,
                pokja,
                V if scenario == "renewed" else rng.choice((S, S, D)),
                number=number.format(year=renewal_start.year) + "-P",
                set_on=renewal_start - timedelta(days=10),
                signer=signer,
                valid_from=renewal_start,
                valid_until=date(renewal_start.year + rng.choice((3, 5)), 12, 31),
            )
        )
        # The stunting team (TPPS) often has an SK of its own.
        if rng.random() < 0.4:
            decrees.append(
                self._evidence(
                    Decree,
                    pokja,
                    V,
                    number=number.format(year=renewal_start.year) + "-TPPS",
                    set_on=renewal_start,
                    signer=signer,
                    valid_from=renewal_start,
                    valid_until=date(renewal_start.year + 4, 12, 31),
                    working_group=groups[-1],
                )
            )
        return decrees

    def _plans(self, pokja: Pokja, groups: list[WorkingGroup]):
        """One plan of the Pokja per year (the current year's less often verified yet)."""
        diligence = self.rng.uniform(0.6, 1.0)
        for year in self.years:
            share = diligence * (0.7 if year == self.today.year else 0.95)
            status = self._status(share)
            if status is not None:
                plan = self._evidence(
                    WorkPlan,
                    pokja,
                    status,
                    year=year,
                    title=f"Rencana Kerja {pokja.name} {year}",
                    approved_on=date(year, 1, 15) if status == V else None,
                )
                yield plan, self.rng.randint(2, 3)
            if self.rng.random() < 0.25:  # a working group's own plan
                group = self.rng.choice(groups)
                status = self._status(0.8) or D
                yield (
                    self._evidence(
                        WorkPlan,
                        pokja,
                        status,
                        working_group=group,
                        year=year,
                        title=f"Rencana Kerja {group.name} {year}",
                    ),
                    self.rng.randint(2, 3),
                )

    def _activities(self, plan: WorkPlan, count: int) -> list[WorkPlanActivity]:
        rng = self.rng
        activities = []
        for name in rng.sample(ACTIVITIES, count):
            start = rng.randint(1, 10)
            planned = Decimal(rng.randint(5, 80) * 1_000_000)
            past = plan.year < self.today.year
            activities.append(
                WorkPlanActivity(
                    work_plan=plan,
                    name=name,
                    month_start=start,
                    month_end=min(12, start + rng.randint(0, 3)),
                    person_in_charge="Sekretaris Pokja",
                    planned_cost=planned,
                    realisation=WorkPlanActivity.Realisation.SELESAI
                    if past
                    else WorkPlanActivity.Realisation.BERJALAN,
                    realised_cost=(planned * Decimal("0.9")).quantize(Decimal(1)) if past else None,
                )
            )
        return activities

    def _documents(self, pokja: Pokja):
        """A five-year plan (RPJMD or Renstra) for most, plus a yearly RKPD most years."""
        rng = self.rng
        if rng.random() < 0.7:
            kind = rng.choice(
                (IndicatorDocument.DocumentType.RPJMD, IndicatorDocument.DocumentType.RENSTRA)
            )
            status = self._status(0.8) or D
            yield (
                self._evidence(
                    IndicatorDocument,
                    pokja,
                    status,
                    document_type=kind,
                    title=f"{kind.upper()} {self.years[0]}-{self.years[-1]}",
                    year_start=self.years[0],
                    year_end=self.years[-1],
                ),
                rng.randint(1, 3),
            )
        for year in self.years:
            status = self._status(0.75 if year < self.today.year else 0.5)
            if status is None:
                continue
            yield (
                self._evidence(
                    IndicatorDocument,
                    pokja,
                    status,
                    document_type=IndicatorDocument.DocumentType.RKPD,
                    title=f"RKPD {year}",
                    year_start=year,
                    year_end=year,
                ),
                rng.randint(1, 3),
            )

    def _budgets(self, pokja: Pokja, groups: list[WorkingGroup]) -> list[BudgetAllocation]:
        """An operational APBD line most years; DAK BOKB and group lines now and then."""
        rng = self.rng
        budgets = []
        for year in self.years:
            status = self._status(0.8 if year < self.today.year else 0.55)
            if status is not None:
                amount = Decimal(rng.randint(5, 60) * 10_000_000)
                if rng.random() < 0.03:
                    amount = Decimal(0)  # a line entered before its amount was known
                budgets.append(
                    self._evidence(
                        BudgetAllocation,
                        pokja,
                        status,
                        year=year,
                        source=BudgetAllocation.Source.APBD,
                        amount=amount,
                        dpa_reference=f"DPA {year} 2.14.01",
                        realised_amount=(amount * Decimal("0.85")).quantize(Decimal(1))
                        if year < self.today.year
                        else None,
                    )
                )
            if rng.random() < 0.4:  # DAK BOKB for field programmes: not operational
                budgets.append(
                    self._evidence(
                        BudgetAllocation,
                        pokja,
                        self._status(0.8) or D,
                        year=year,
                        source=BudgetAllocation.Source.DAK_BOKB,
                        amount=Decimal(rng.randint(50, 500) * 10_000_000),
                        is_operational=False,
                    )
                )
            if rng.random() < 0.2:
                budgets.append(
                    self._evidence(
                        BudgetAllocation,
                        pokja,
                        self._status(0.8) or D,
                        working_group=rng.choice(groups),
                        year=year,
                        source=BudgetAllocation.Source.APBD,
                        amount=Decimal(rng.randint(1, 20) * 10_000_000),
                    )
                )
        return budgets
