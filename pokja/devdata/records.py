"""Demo Pokja records for Kalimantan Selatan (63) and Sulawesi Selatan (73). Never in production.

Every province and kabupaten/kota of the two gets a Pokja with working groups, members and
evidence, deliberately uneven so that an effectiveness dashboard shows a real spread. Which
scenario a region gets follows a fixed pattern over its position in its province (a few named
regions are pinned, see `PINNED`); names, amounts and dates are drawn from a random generator
seeded with the region's code, so every run produces the same data.

Everything is labelled: `is_demo=True` on the Pokja and on every evidence record, "DATA DEMO" in
every generated PDF and a note on the Pokja. A rerun first removes the demo evidence and the
members of demo Pokja (with the history rows those deletions write), then creates them again; a
region whose Pokja was entered for real is skipped, and non-demo evidence is never touched.

The published GDPK documents of the regions that have one and a few advocacy activities, with
their follow-up, come from `demo_programs`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pokja.devdata.demo_programs import DEMO_ADVOCACY, PROGRAM_MODELS, PUBLISHED_GDPK
from pokja.devdata.demo_scenarios import (
    DEMO_NOTE,
    DEMO_PROVINCES,
    DORMANT,
    EVIDENCE_MODELS,
    KAB_KOTA_PATTERN,
    PINNED,
    PROVINCIAL_STAFF,
    REJECTION_REASONS,
    SIGNED_BY_SEKDA,
    Category,
    D,
    Kind,
    R,
    Scenario,
    V,
)
from pokja.devdata.demo_wording import (
    ACTIVITIES,
    DEGREES,
    MEMBER_POOL,
    PROVINCE_FLAVOUR,
    RKPD_INDICATORS,
    ROMAN_MONTHS,
    RPJMD_INDICATORS,
    WORKING_GROUPS,
)
from pokja.kernel.scoping import region_scope_q
from pokja.models import (
    AdvocacyActivity,
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    GdpkDocument,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    User,
    WorkingGroup,
    WorkPlan,
    WorkPlanActivity,
)


def seed_demo_records() -> dict[str, int]:
    """Create or refresh the demo Pokja records; returns how many demo rows of each kind exist."""
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is never seeded with production settings.")
    with transaction.atomic():
        regions = list(
            Region.objects.filter(code__in=DEMO_PROVINCES)
            | Region.objects.kabupaten_kota().filter(parent_id__in=DEMO_PROVINCES)
        )
        # Positions over all kab/kota, so that skipping one never shifts the others' scenario.
        positions = {}
        for province in DEMO_PROVINCES:
            kab_kota = sorted(r.code for r in regions if r.parent_id == province)
            positions.update({code: i for i, code in enumerate(kab_kota)})
        existing = {p.region_id: p for p in Pokja.objects.filter(region__in=regions)}
        real = {code for code, pokja in existing.items() if not pokja.is_demo}
        _clear([p.pk for p in existing.values() if p.is_demo])
        seeder = _Seeder(today=timezone.localdate())
        contexts = seeder.pokjas([r for r in regions if r.code not in real], existing, positions)
        seeder.fill(contexts)
    counts = demo_record_counts()
    counts["skipped_regions"] = len(real)
    return counts


def demo_record_counts() -> dict[str, int]:
    """How many demo rows the two provinces hold, by kind (members and groups of demo Pokja)."""
    in_scope = Q()
    for province in DEMO_PROVINCES:
        in_scope |= region_scope_q("region__code", province)
    pokjas = Pokja.objects.filter(in_scope, is_demo=True)
    evidence = {"pokja__in": pokjas, "is_demo": True}
    return {
        "pokja": pokjas.count(),
        "working_groups": WorkingGroup.objects.filter(pokja__in=pokjas).count(),
        "members": Member.objects.filter(pokja__in=pokjas).count(),
        "decrees": Decree.objects.filter(**evidence).count(),
        "work_plans": WorkPlan.objects.filter(**evidence).count(),
        "activities": WorkPlanActivity.objects.filter(
            work_plan__in=WorkPlan.objects.filter(**evidence)
        ).count(),
        "indicator_documents": IndicatorDocument.objects.filter(**evidence).count(),
        "indicators": DocumentIndicator.objects.filter(
            document__in=IndicatorDocument.objects.filter(**evidence)
        ).count(),
        "budgets": BudgetAllocation.objects.filter(**evidence).count(),
        "gdpk_documents": GdpkDocument.objects.filter(in_scope, is_demo=True).count(),
        "advocacy_activities": AdvocacyActivity.objects.filter(
            working_group__pokja__in=pokjas, is_demo=True
        ).count(),
    }


def _clear(pokja_ids: list[int]) -> None:
    """Remove the demo evidence and the members of demo Pokja, with their history and files.

    Working groups stay (a non-demo record entered on a demo Pokja may point at one); missing
    ones are added again later.
    """
    files = []
    regions = Pokja.objects.filter(pk__in=pokja_ids).values("region_id")
    for model, parent in (
        *((model, {"pokja_id__in": pokja_ids}) for model in EVIDENCE_MODELS),
        (GdpkDocument, {"region_id__in": regions}),
        (AdvocacyActivity, {"working_group__pokja_id__in": pokja_ids}),
    ):
        records = model.objects.filter(**parent, is_demo=True)
        ids = list(records.values_list("pk", flat=True))
        files += [name for name in records.values_list("document", flat=True) if name]
        records.delete()
        model.history.filter(id__in=ids).delete()
        if model is WorkPlan:
            WorkPlanActivity.history.filter(work_plan_id__in=ids).delete()
        if model is IndicatorDocument:
            DocumentIndicator.history.filter(document_id__in=ids).delete()
    Member.objects.filter(pokja_id__in=pokja_ids).delete()
    Member.history.filter(pokja_id__in=pokja_ids).delete()
    storage = Decree._meta.get_field("document").storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)


def demo_pdf(*lines: str) -> bytes:
    """A small valid one-page PDF stamped "DATA DEMO" with the given lines."""

    def escape(text: str) -> str:
        text = text.replace("–", "-").encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = ("DATA DEMO - BUKAN DOKUMEN RESMI", *lines)
    text = "".join(
        f"({escape(line)}) Tj 0 -20 Td " if i else f"({escape(line)}) Tj 0 -28 Td /F1 11 Tf "
        for i, line in enumerate(shown)
    )
    stream = f"BT /F1 14 Tf 60 780 Td {text}ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def scenario_for(region: Region, position: int) -> Scenario:
    """The scenario of a region; `position` is its index among its province's kab/kota."""
    return PINNED.get(region.code) or KAB_KOTA_PATTERN[position % len(KAB_KOTA_PATTERN)]


@dataclass
class _Context:
    """What the generators need to know about one region."""

    region: Region
    pokja: Pokja
    scenario: Scenario
    position: int
    rng: random.Random
    groups: dict[str, WorkingGroup]
    verifier: User | None
    author: User | None
    sk_numbers: set[str] = field(default_factory=set)

    @property
    def province(self) -> str:
        return self.region.province_code

    @property
    def full_name(self) -> str:
        return f"Provinsi {self.region.name}" if self.region.is_province else self.region.name

    @property
    def short_name(self) -> str:
        return self.region.name.removeprefix("Kabupaten ").removeprefix("Kota ")

    @property
    def head(self) -> str:
        if self.region.is_province:
            return Decree.Signer.GUBERNUR
        if self.region.level == Region.Level.KOTA:
            return Decree.Signer.WALIKOTA
        return Decree.Signer.BUPATI

    @property
    def regulation(self) -> str:
        return {"gubernur": "Pergub", "walikota": "Perwali", "bupati": "Perbup"}[self.head]

    @property
    def slug(self) -> str:
        return self.region.code.replace(".", "")


class _Seeder:
    def __init__(self, *, today: date):
        self.today = today
        self.current = today.year
        self.previous = today.year - 1
        users = User.objects.filter(username__startswith="staf-") | User.objects.filter(
            username__startswith="koord-"
        )
        self.users = {user.username: user for user in users}
        self.new = {model: [] for model in (*EVIDENCE_MODELS, *PROGRAM_MODELS, Member)}
        self.entered: dict[int, datetime] = {}  # id(record) -> when the demo says it was entered
        # A GDPK entered for real stands: the published one is not added beside it.
        self.real_gdpk = set(
            GdpkDocument.objects.filter(
                region_id__in=[gdpk.region for gdpk in PUBLISHED_GDPK], is_demo=False
            ).values_list("region_id", flat=True)
        )
        self.activities: list[tuple[WorkPlan, list[WorkPlanActivity]]] = []
        self.indicators: list[tuple[IndicatorDocument, list[DocumentIndicator]]] = []

    # Pokja and working groups -------------------------------------------------------------

    def pokjas(
        self, regions: list[Region], existing: dict[str, Pokja], positions: dict[str, int]
    ) -> list[_Context]:
        contexts, to_create, to_update = [], [], []
        for region in sorted(regions, key=lambda r: r.code):
            position = positions.get(region.code, 0)
            scenario = scenario_for(region, position)
            pokja = existing.get(region.code) or Pokja(region=region, is_demo=True)
            pokja.name = f"Pokja Bangga Kencana {region.name}"
            if region.is_province:
                pokja.name = f"Pokja Bangga Kencana Provinsi {region.name}"
            pokja.is_active = scenario is not DORMANT
            pokja.notes = f"{DEMO_NOTE} {scenario.note}"
            (to_update if pokja.pk else to_create).append(pokja)
            coordinator = self.users.get(f"koord-{region.code.replace('.', '')}")
            staff = self.users.get(PROVINCIAL_STAFF[region.province_code])
            contexts.append(
                _Context(
                    region=region,
                    pokja=pokja,
                    scenario=scenario,
                    position=position,
                    # A fixed seed per region: the same names and amounts on every run.
                    rng=random.Random(f"pokja-demo-{region.code}"),  # noqa: S311
                    groups={},
                    verifier=staff,
                    author=coordinator or staff,
                )
            )
        for context in contexts:
            formed = context.scenario.sk != "draft"
            context.pokja.formed_on = self._sk_dates(context)[0] if formed else None
        Pokja.objects.bulk_create(to_create)
        Pokja.objects.bulk_update(to_update, ["name", "is_active", "notes", "formed_on"])
        self._working_groups(contexts)
        return contexts

    def _working_groups(self, contexts: list[_Context]) -> None:
        by_pokja = {c.pokja.pk: c for c in contexts}
        for group in WorkingGroup.objects.filter(pokja_id__in=by_pokja):
            by_pokja[group.pokja_id].groups.setdefault(group.kind, group)
        missing = []
        for context in contexts:
            for i, (kind, name) in enumerate(WORKING_GROUPS):
                if kind not in context.groups:
                    group = WorkingGroup(
                        pokja=context.pokja,
                        kind=kind,
                        name=name,
                        formed_on=date(self.current - 4, 2 + 2 * i, 10 + context.position % 15),
                    )
                    context.groups[kind] = group
                    missing.append(group)
        WorkingGroup.objects.bulk_create(missing)

    # Everything else ----------------------------------------------------------------------

    def fill(self, contexts: list[_Context]) -> None:
        for context in contexts:
            self._members(context)
            self._decrees(context)
            self._work_plans(context)
            self._indicator_documents(context)
            self._budgets(context)
            self._gdpk(context)
            self._advocacy(context)
        Member.objects.bulk_create(self.new[Member])
        for model in (*EVIDENCE_MODELS, *PROGRAM_MODELS):
            model.objects.bulk_create(self.new[model])
            # `created_at` is set on insert to now; a demo record was entered on its own date
            # (before it was verified), as its "Asal angka" page shows.
            for record in self.new[model]:
                record.created_at = self.entered.get(id(record), record.created_at)
            model.objects.bulk_update(self.new[model], ["created_at"], batch_size=500)
        activities = []
        for plan, rows in self.activities:
            for row in rows:
                row.work_plan = plan
            activities += rows
        WorkPlanActivity.objects.bulk_create(activities)
        indicators = []
        for document, rows in self.indicators:
            for row in rows:
                row.document = document
            indicators += rows
        DocumentIndicator.objects.bulk_create(indicators)

    def _members(self, c: _Context) -> None:
        flavour = PROVINCE_FLAVOUR[c.province]
        rng = c.rng
        used: set[str] = set()

        def person() -> str:
            while True:
                name = f"{rng.choice(flavour['first'])} {rng.choice(flavour['last'])}"
                if name not in used:
                    used.add(name)
                    return name + rng.choice(DEGREES)

        def add(institution, category, position=Member.Position.ANGGOTA, kind=None):
            self.new[Member].append(
                Member(
                    pokja=c.pokja,
                    working_group=c.groups.get(kind),
                    name=person(),
                    position=position,
                    institution=institution,
                    category=category,
                )
            )

        r = c.full_name
        add(f"Sekretariat Daerah {r}", Category.OPD, Member.Position.KETUA)
        add(f"Badan Perencanaan Pembangunan Daerah {r}", Category.OPD, Member.Position.WAKIL)
        add(
            f"Dinas Pengendalian Penduduk dan Keluarga Berencana {r}",
            Category.OPD,
            Member.Position.SEKRETARIS,
        )
        add(f"Tim Penggerak PKK {r}", Category.PKK, kind=Kind.KAMPUNG_KB)
        add(rng.choice(flavour["universities"]), Category.PERGURUAN_TINGGI, kind=Kind.GDPK)
        fixed = 5
        if c.region.is_province:
            add(f"Perwakilan BKKBN {r}", Category.INSTANSI_VERTIKAL, kind=Kind.ADVOKASI)
            fixed += 1
        total = rng.randint(8, 15)
        for institution, category, kind in rng.sample(MEMBER_POOL, total - fixed):
            institution = institution.format(r=r, media=rng.choice(flavour["media"]))
            if category == Category.INSTANSI_VERTIKAL and c.region.is_province:
                institution = institution.replace(
                    "Kantor Kementerian", "Kantor Wilayah Kementerian"
                )
            add(institution, category, kind=kind)

    def _record(
        self,
        model,
        c: _Context,
        status: str,
        *,
        on: date,
        heading: str,
        name: str,
        parent: dict | None = None,
        **kw,
    ):
        """An evidence record with its demo labels, document, author and verification; its
        parent is the Pokja unless `parent` names another (a region, a working group)."""
        parent = {"pokja": c.pokja} if parent is None else parent
        record = model(**parent, status=status, is_demo=True, created_by=c.author, **kw)
        if status != D:
            record.document = ContentFile(
                demo_pdf(heading, c.full_name, f"Tanggal: {on:%d-%m-%Y}"),
                name=f"demo-{name}-{c.slug}.pdf",
            )
            record.document_name = f"demo-{name}-{c.slug}.pdf"
        entered = datetime.combine(self._not_after_today(on + timedelta(days=2)), time(9))
        self.entered[id(record)] = min(timezone.make_aware(entered), timezone.now())
        if status == V:
            record.verified_by = c.verifier
            moment = datetime.combine(self._not_after_today(on + timedelta(days=9)), time(10))
            record.verified_at = min(timezone.make_aware(moment), timezone.now())
        if status == R:
            record.rejection_reason = REJECTION_REASONS[c.position % len(REJECTION_REASONS)]
        self.new[model].append(record)
        return record

    def _not_after_today(self, day: date) -> date:
        return min(day, self.today)

    # SK decrees -----------------------------------------------------------------------------

    def _sk_dates(self, c: _Context) -> tuple[date, date, date | None]:
        """(set on, valid from, valid until) of the SK establishing the Pokja, by pattern."""
        y, offset = self.current, c.position % 6
        if c.scenario.sk == "expired":
            start = date(y - 4, 1, 10 + offset)
            return start, start, date(y - 1, 12, 31)
        if c.scenario.sk == "lapsed":
            start = date(y - 4, 7, 1)
            return start, start, date(y - 1, 6, 30)
        if c.scenario.sk == "new":
            return date(y - 1, 12, 27), date(y, 1, 1), date(y + 4, 12, 31)
        if c.scenario.sk == "draft":
            start = self._not_after_today(date(y, 9, 1))
            return start, start, _years_later(start, 5)
        start = date(y - 3 if c.region.is_province else y - 2, 1 + offset, 3 + c.position % 20)
        if c.position % 4 == 3:
            return start, start, None  # until revoked
        return start, start, _years_later(start, 3 if c.position % 4 == 1 else 5)

    def _sk_number(self, c: _Context, year: int, month: int) -> str:
        """A number in the province's style, unique within the Pokja."""
        pattern = PROVINCE_FLAVOUR[c.province]["sk_number"]
        while True:
            number = pattern.format(
                kind="44" if c.region.is_province else "45",
                n=c.rng.randint(12, 980),
                roman=ROMAN_MONTHS[month - 1],
                year=year,
            )
            if number not in c.sk_numbers:
                c.sk_numbers.add(number)
                return number

    def _decree(self, c: _Context, status, set_on, valid_from, valid_until, signer, group=None):
        number = self._sk_number(c, set_on.year, set_on.month)
        about = f"Pembentukan {group.name if group else 'Pokja Bangga Kencana'} {c.full_name}"
        return self._record(
            Decree,
            c,
            status,
            on=set_on,
            heading=f"SK Nomor {number} tentang {about}",
            name=f"sk-{set_on.year}",
            number=number,
            set_on=set_on,
            signer=signer,
            working_group=group,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    def _decrees(self, c: _Context) -> None:
        signer = Decree.Signer.SEKDA if c.region.code in SIGNED_BY_SEKDA else c.head
        set_on, valid_from, valid_until = self._sk_dates(c)
        status = D if c.scenario.sk == "draft" else V
        self._decree(c, status, set_on, valid_from, valid_until, signer)
        if c.scenario.sk == "expired":
            renewal = self._not_after_today(date(self.current, 3, 2))
            self._decree(c, D, renewal, renewal, _years_later(renewal, 5), c.head)
        # Every region has had its TPPS since 2022 (Perpres 72/2021): it does not establish the
        # Pokja, so it never counts for the SK criterion.
        tpps = c.groups[Kind.STUNTING]
        tpps_on = date(2022, 3 + c.position % 6, 7 + c.position % 20)
        self._decree(c, V, tpps_on, tpps_on, None, c.head, group=tpps)

    # Work plans -----------------------------------------------------------------------------

    def _work_plans(self, c: _Context) -> None:
        for year, status in zip((self.previous, self.current), c.scenario.plans, strict=True):
            if status is None:
                continue
            approved = self._not_after_today(date(year, 1, 15 + c.position % 12))
            plan = self._record(
                WorkPlan,
                c,
                status,
                on=approved,
                heading=f"Rencana Kerja Pokja Bangga Kencana Tahun {year}",
                name=f"rencana-kerja-{year}",
                year=year,
                title=f"Rencana Kerja Pokja Bangga Kencana {c.full_name} Tahun {year}",
            )
            plan.approved_on = None if status == D else approved
            self.activities.append((plan, self._activities(c, year)))

    def _activities(self, c: _Context, year: int) -> list[WorkPlanActivity]:
        rng = c.rng
        chosen = sorted(rng.sample(ACTIVITIES, rng.randint(3, 5)), key=lambda a: (a[1], a[0]))
        rows = []
        for name, start, end, in_charge in chosen:
            planned = Decimal(rng.randrange(5, 45) * 1_000_000)
            if year < self.current or end < self.today.month:
                realisation = WorkPlanActivity.Realisation.SELESAI
                realised = (planned * Decimal(rng.randrange(80, 100)) / 100).quantize(Decimal(1))
            elif start <= self.today.month:
                realisation = WorkPlanActivity.Realisation.BERJALAN
                realised = (planned * Decimal(rng.randrange(30, 70)) / 100).quantize(Decimal(1))
            else:
                realisation, realised = WorkPlanActivity.Realisation.BELUM, None
            rows.append(
                WorkPlanActivity(
                    name=name,
                    month_start=start,
                    month_end=end,
                    person_in_charge=in_charge,
                    planned_cost=planned,
                    realisation=realisation,
                    realised_cost=realised,
                )
            )
        return rows

    # Planning documents with indicators -----------------------------------------------------

    def _indicator_documents(self, c: _Context) -> None:
        y = self.current
        if c.scenario.rpjmd is not None:
            first = y - 5
            draft = c.scenario.rpjmd == D
            kind = "Rancangan Perubahan " if draft else ""
            title = (
                f"{kind}Perda {c.full_name} Nomor {c.rng.randint(2, 15)} Tahun {first} "
                f"tentang RPJMD Tahun {first}-{y}"
            )
            self._document(
                c,
                c.scenario.rpjmd,
                IndicatorDocument.DocumentType.RPJMD,
                title,
                first,
                y,
                RPJMD_INDICATORS if c.region.is_province else RPJMD_INDICATORS[1:],
            )
        for year, status in zip((self.previous, y), c.scenario.rkpd, strict=True):
            if status is None:
                continue
            title = (
                f"{c.regulation} {c.short_name} Nomor {c.rng.randint(10, 60)} Tahun {year - 1} "
                f"tentang RKPD Tahun {year}"
            )
            empty = year == y and c.scenario.current_rkpd_without_indicators
            self._document(
                c,
                status,
                IndicatorDocument.DocumentType.RKPD,
                title,
                year,
                year,
                () if empty else RKPD_INDICATORS,
            )

    def _document(self, c, status, document_type, title, first, last, indicators) -> None:
        document = self._record(
            IndicatorDocument,
            c,
            status,
            on=self._not_after_today(date(first, 5 if first < self.current else 1, 20)),
            heading=title,
            name=f"{document_type}-{first}",
            document_type=document_type,
            title=title,
            year_start=first,
            year_end=last,
        )
        rows = [
            DocumentIndicator(
                indicator=indicator,
                target_value=Decimal(f"{c.rng.uniform(*bounds):.2f}"),
                unit=unit,
            )
            for indicator, bounds, unit in indicators
        ]
        self.indicators.append((document, rows))

    # Budgets ----------------------------------------------------------------------------------

    def _budgets(self, c: _Context) -> None:
        millions = (250, 300, 350, 400) if c.region.is_province else (35, 50, 60, 75, 100, 120)
        for year, status in zip((self.previous, self.current), c.scenario.apbd, strict=True):
            if status is not None:
                amount = Decimal(c.rng.choice(millions) * 1_000_000)
                self._budget(
                    c,
                    status,
                    year,
                    BudgetAllocation.Source.APBD,
                    amount,
                    True,
                    "2.14.02.2.01 Koordinasi dan sinkronisasi Pokja Bangga Kencana",
                )
            if c.scenario.dak_bokb and not c.region.is_province:
                amount = Decimal(c.rng.randrange(450, 1200, 25) * 1_000_000)
                self._budget(
                    c,
                    V,
                    year,
                    BudgetAllocation.Source.DAK_BOKB,
                    amount,
                    False,
                    "BOKB: operasional Balai Penyuluhan KB",
                )

    # GDPK and advocacy ------------------------------------------------------------------------

    def _gdpk(self, c: _Context) -> None:
        """The region's published GDPK, verified, unless one was entered for real."""
        for gdpk in PUBLISHED_GDPK:
            if gdpk.region != c.region.code or c.region.code in self.real_gdpk:
                continue
            self._record(
                GdpkDocument,
                c,
                V,
                on=gdpk.adopted_on or date(gdpk.year_start, 12, 1),
                heading=gdpk.title,
                name=f"gdpk-{gdpk.year_start}",
                parent={"region": c.region},
                title=gdpk.title,
                year_start=gdpk.year_start,
                year_end=gdpk.year_end,
                legal_form=gdpk.legal_form,
                adopted_on=gdpk.adopted_on,
                **dict.fromkeys(GdpkDocument.PILLARS, True),
            )

    def _advocacy(self, c: _Context) -> None:
        for n, activity in enumerate(a for a in DEMO_ADVOCACY if a.region == c.region.code):
            held_on = activity.held_on
            if isinstance(held_on, tuple):
                held_on = self._not_after_today(date(self.current, *held_on))
            self._record(
                AdvocacyActivity,
                c,
                activity.status,
                on=held_on,
                heading=f"Laporan advokasi: {activity.topic}",
                name=f"advokasi-{held_on.year}-{n + 1}",
                parent={"working_group": c.groups[Kind.ADVOKASI]},
                held_on=held_on,
                target=activity.target,
                topic=activity.topic,
                result=activity.result,
                follow_up=activity.follow_up,
            )

    def _budget(self, c, status, year, source, amount, operational, reference) -> None:
        if year < self.current:
            share = c.rng.randrange(82, 99)
        else:
            share = c.rng.randrange(40, 75) if status == V else 0
        self._record(
            BudgetAllocation,
            c,
            status,
            on=self._not_after_today(date(year, 1, 25)),
            heading=f"DPA {year}: {reference}",
            name=f"anggaran-{source}-{year}",
            year=year,
            source=source,
            amount=amount,
            is_operational=operational,
            dpa_reference=f"DPA {c.short_name} {year}, {reference}",
            realised_amount=(amount * share / 100).quantize(Decimal(1)) if share else None,
        )


def _years_later(start: date, years: int) -> date:
    """The last day of a validity of `years` years starting on `start`."""
    try:
        return start.replace(year=start.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(start.year + years, 2, 28)
