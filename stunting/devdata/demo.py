"""Stunting demo data for Kalimantan Selatan (63) and Sulawesi Selatan (73), marked `is_demo`.

Published figures (DOMAIN.md) keep their source and publication; every other figure is
generated, flagged `is_illustrative` (pages mark it "ilustrasi") and never contradicts a published
one: it stays inside the published SSGI 2021 bands of Kalimantan Selatan, and above Gowa, the
lowest of Sulawesi Selatan in 2024. A lower e-PPGBM series (the register runs far
below the surveys) makes the difference between sources visible. Also: kecamatan TPPS teams,
semester reports (some accepted, one returned, some missing and so overdue), a spread of the 8
convergence actions, families at risk and audit cycles. Rerunning replaces the demo rows.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pokja.kernel.regions import Region
from pokja.services.regions import load_regions
from stunting.models import (
    AuditCycle,
    ConvergenceAction,
    FamiliesAtRisk,
    PrevalenceFigure,
    SemesterReport,
    Source,
    TppsMember,
    TppsTeam,
)
from stunting.services import compute_overdue_reports, semesters_past_due

PROVINCES = ("63", "73")
VERIFIED = "terverifikasi"
GENERATED = "Ilustrasi: angka dibangkitkan untuk demo, bukan angka resmi"
SSGI_2021 = "Buku Saku Hasil Studi Status Gizi Indonesia (SSGI) 2021"
SSGI_2022 = "Buku Saku Hasil Survei Status Gizi Indonesia (SSGI) 2022"
SKI_2023 = "Survei Kesehatan Indonesia (SKI) 2023 dalam Angka"
SSGI_2024 = "Survei Status Gizi Indonesia (SSGI) 2024"
SSGI_2024_SULSEL = (
    "SSGI 2024 sebagaimana dilaporkan Dinas Kesehatan Provinsi Sulawesi Selatan (pers)"
)
PUBLICATIONS = {
    (Source.SSGI, 2021): SSGI_2021,
    (Source.SSGI, 2022): SSGI_2022,
    (Source.SKI, 2023): SKI_2023,
    (Source.SSGI, 2024): SSGI_2024,
}
SURVEY_YEARS = [(Source.SSGI, 2021), (Source.SSGI, 2022), (Source.SKI, 2023), (Source.SSGI, 2024)]
# (region, source, year) -> published value (DOMAIN.md, "Published figures for demo data").
PUBLISHED = {
    ("63", Source.SSGI, 2021): "30.0",
    ("63", Source.SSGI, 2022): "24.6",
    ("63.03", Source.SSGI, 2021): "40.2",
    ("63.03", Source.SSGI, 2022): "26.4",
    ("63.05", Source.SSGI, 2021): "33.5",
    ("63.05", Source.SSGI, 2022): "14.5",
    ("63.07", Source.SSGI, 2021): "29.6",
    ("63.06", Source.SSGI, 2021): "29.1",
    ("63.71", Source.SSGI, 2021): "27.8",
    ("63.10", Source.SSGI, 2021): "18.7",
    ("63.08", Source.SKI, 2023): "36.0",
    ("63.08", Source.SSGI, 2024): "27.6",
    ("63.72", Source.SSGI, 2024): "15.4",
    ("73", Source.SSGI, 2021): "27.4",
    ("73", Source.SSGI, 2022): "27.2",
    ("73", Source.SKI, 2023): "27.4",
    ("73", Source.SSGI, 2024): "23.3",
    ("73.11", Source.SSGI, 2021): "26.4",
    ("73.11", Source.SSGI, 2022): "14.1",
    ("73.09", Source.SSGI, 2021): "37.5",
    ("73.09", Source.SSGI, 2022): "30.1",
    ("73.08", Source.SSGI, 2021): "34.1",
    ("73.08", Source.SSGI, 2022): "27.8",
    ("73.22", Source.SSGI, 2021): "19.5",
    ("73.22", Source.SSGI, 2022): "29.8",
    ("73.18", Source.SSGI, 2021): "29.2",
    ("73.18", Source.SSGI, 2022): "35.4",
    ("73.13", Source.SSGI, 2021): "22.6",
    ("73.13", Source.SSGI, 2022): "28.6",
    ("73.04", Source.SSGI, 2022): "39.0",
    # Sulawesi Selatan 2024 by kab/kota, as the provincial health office reported it.
    ("73.04", Source.SSGI, 2024): "37.0",
    ("73.16", Source.SSGI, 2024): "34.3",
    ("73.07", Source.SSGI, 2024): "28.6",
    ("73.71", Source.SSGI, 2024): "22.9",
    ("73.73", Source.SSGI, 2024): "22.7",
    ("73.13", Source.SSGI, 2024): "20.5",
    ("73.14", Source.SSGI, 2024): "20.3",
    ("73.06", Source.SSGI, 2024): "17.0",
}
PUBLISHED_BY = {
    (code, Source.SSGI, 2024): SSGI_2024_SULSEL
    for code in ("73.04", "73.16", "73.07", "73.71", "73.73", "73.13", "73.14", "73.06")
}
# Published bounds a generated figure stays within: the SSGI 2021 bands of Kalimantan Selatan
# (BKKBN's inspectorate, 2022; Balangan over 32%), and Gowa's 17.0 the lowest of Sulawesi
# Selatan's kab/kota in SSGI 2024.
ABOVE_30 = (Decimal("30.1"), Decimal("40.0"))
BAND_20_30 = (Decimal("20.0"), Decimal("29.9"))
UNDER_20 = (Decimal("8.0"), Decimal("19.9"))
BOUNDS = {
    ("63.01", Source.SSGI, 2021): ABOVE_30,
    ("63.04", Source.SSGI, 2021): ABOVE_30,
    ("63.11", Source.SSGI, 2021): (Decimal("32.1"), Decimal("40.0")),
    ("63.02", Source.SSGI, 2021): BAND_20_30,
    ("63.08", Source.SSGI, 2021): BAND_20_30,
    ("63.09", Source.SSGI, 2021): BAND_20_30,
    ("63.72", Source.SSGI, 2021): UNDER_20,
}
SULSEL_2024_FLOOR = Decimal("17.1")  # above Gowa (17.0), the lowest
KRS_KALSEL_2023_S2 = 190_707  # published: families at risk, Kalimantan Selatan, 2nd half 2023
CENT = Decimal("0.01")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _figure(
    code, source, year, value, title, month=0, sample=None, illustrative=True
) -> PrevalenceFigure:
    return PrevalenceFigure(
        region_id=code,
        source=source,
        year=year,
        month=month,
        value=Decimal(value).quantize(CENT),
        sample_size=sample,
        publication_title=title,
        status=VERIFIED,
        is_demo=True,
        is_illustrative=illustrative,
    )


def _within_published(code: str, source: str, year: int, value: Decimal) -> Decimal:
    """A generated figure moved inside what the publications say of it: folded back by how far
    it strayed (not clamped, so the moved figures do not all sit on one bound)."""
    low, high = BOUNDS.get((code, source, year), (Decimal(0), Decimal(100)))
    if (source, year) == (Source.SSGI, 2024) and code.startswith("73."):
        low = max(low, SULSEL_2024_FLOOR)
    if value < low:
        return min(low + (low - value) % 6, high)
    if value > high:
        return max(high - (value - high) % 3, low)
    return value


def survey_figures(regions: list[Region]) -> list[PrevalenceFigure]:
    """Every survey year for every region: published where known, else generated near it."""
    figures = []
    for region in regions:
        rng = random.Random(f"stunting-{region.code}")  # noqa: S311 - demo data, not secrets
        level = Decimal(str(rng.uniform(20, 36)))
        for source, year in SURVEY_YEARS:
            published = PUBLISHED.get((region.code, source, year))
            if published is not None:
                level = Decimal(published)
                title = PUBLISHED_BY.get((region.code, source, year), PUBLICATIONS[(source, year)])
                figures.append(
                    _figure(region.code, source, year, published, title, illustrative=False)
                )
                continue
            level = max(Decimal(8), level + Decimal(str(rng.uniform(-4.5, 1.5))))
            level = _within_published(region.code, source, year, level)
            sample = None if region.is_province else rng.randrange(250, 900)
            figures.append(_figure(region.code, source, year, level, GENERATED, sample=sample))
    return figures


def eppgbm_figures(kabkota: list[Region], this_year: int, today) -> list[PrevalenceFigure]:
    """Monthly register figures, well below the surveys (generated; Banjarbaru's December 2024
    figure is the published 5.32%)."""
    figures = []
    for region in kabkota:
        rng = random.Random(f"eppgbm-{region.code}")  # noqa: S311 - demo data, not secrets
        base = Decimal(str(rng.uniform(4, 12)))
        for year in range(this_year - 2, this_year + 1):
            for month in range(1, 13):
                if (year, month) >= (today.year, today.month):
                    break
                value = max(Decimal(1), base - Decimal(str(rng.uniform(-0.6, 0.9))))
                title, illustrative = "Ilustrasi: e-PPGBM dibangkitkan untuk demo", True
                if (region.code, year, month) == ("63.72", 2024, 12):
                    value, title = Decimal("5.32"), "e-PPGBM Desember 2024 (Dinas Kesehatan)"
                    illustrative = False
                figures.append(
                    _figure(
                        region.code,
                        Source.EPPGBM,
                        year,
                        value,
                        title,
                        month=month,
                        illustrative=illustrative,
                    )
                )
            base = max(Decimal(2), base - Decimal("0.8"))
    return figures


def seed_demo_stunting() -> dict[str, int]:
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is never seeded with production settings.")
    if not Region.objects.kabupaten_kota().filter(parent_id__in=PROVINCES).exists():
        load_regions()
    today = timezone.localdate()
    this_year = today.year
    provinces = list(Region.objects.filter(code__in=PROVINCES))
    kabkota = list(Region.objects.kabupaten_kota().filter(parent_id__in=PROVINCES))
    counts = {}
    with transaction.atomic():
        _delete_demo()
        figures = survey_figures(provinces + kabkota) + eppgbm_figures(kabkota, this_year, today)
        bulk_create_with_history(figures, PrevalenceFigure, batch_size=2000)
        counts["prevalence figures"] = len(figures)
        counts["teams"] = _teams()
        counts["reports"] = _reports(provinces + kabkota, today)
        counts["actions"] = _actions(kabkota, this_year)
        counts["krs"] = _krs(provinces + kabkota, this_year)
        counts["audits"] = _audits(kabkota, this_year)
    compute_overdue_reports(today)
    return counts


def _in_provinces(field: str):
    from django.db.models import Q

    q = Q()
    for code in PROVINCES:
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})
    return q


def _delete_demo() -> None:
    scope = _in_provinces("region__code")
    for model in (
        PrevalenceFigure,
        SemesterReport,
        TppsTeam,
        ConvergenceAction,
        FamiliesAtRisk,
        AuditCycle,
    ):
        model.objects.filter(scope, is_demo=True).delete()


def _teams() -> int:
    """Kecamatan TPPS of Kabupaten Banjar and Kota Banjarmasin (three each)."""
    teams = 0
    for parent in ("63.03", "63.71"):
        for district in Region.objects.filter(parent_id=parent, level="kecamatan")[:3]:
            team = TppsTeam(
                region=district,
                sk_number=f"SK-TPPS/{district.code}/2024",
                sk_date=timezone.datetime(2024, 2, 1).date(),
                signer=TppsTeam.Signer.CAMAT,
                chair_name=f"Sekretaris Kecamatan {district.name.title()} (demo)",
                chair_agency=f"Kecamatan {district.name.title()}",
                status=VERIFIED,
                is_demo=True,
                document_name="sk-tpps.pdf",
            )
            team.document = ContentFile(PDF, name=f"sk-tpps-{district.code}.pdf")
            team.save()
            TppsMember.objects.bulk_create(
                [
                    TppsMember(
                        team=team, name="Bidan Desa (demo)", position="Anggota", agency="Puskesmas"
                    ),
                    TppsMember(
                        team=team, name="Kader PKK (demo)", position="Anggota", agency="TP PKK"
                    ),
                    TppsMember(
                        team=team,
                        name="PKB (demo)",
                        position="Sekretaris",
                        agency="Perwakilan BKKBN",
                    ),
                ]
            )
            teams += 1
    return teams


def _reports(regions: list[Region], today) -> int:
    """Most regions report each past semester; every seventh misses the latest one (overdue),
    Kota Banjarmasin's latest was returned with a reason."""
    reports = []
    semesters = semesters_past_due(today)
    for index, region in enumerate(regions):
        for position, (year, semester) in enumerate(semesters):
            latest = position == len(semesters) - 1
            if latest and index % 7 == 3:
                continue  # never submitted: overdue
            status, reason = VERIFIED, ""
            if latest and region.code == "63.71":
                status, reason = "ditolak", "Lampiran rekap KRS belum ditandatangani Ketua TPPS."
            elif latest and index % 3 == 0:
                status = "diajukan"
            report = SemesterReport(
                region=region,
                year=year,
                semester=semester,
                children_measured=1000 + index * 37,
                children_stunted=150 + index * 5,
                families_accompanied=800 + index * 11,
                summary="Laporan contoh (demo).",
                status=status,
                rejection_reason=reason,
                is_demo=True,
                document_name="laporan-tpps.pdf",
            )
            report.document = ContentFile(PDF, name=f"laporan-{region.code}-{year}-{semester}.pdf")
            reports.append(report)
    bulk_create_with_history(reports, SemesterReport, batch_size=500)
    return len(reports)


def _actions(kabkota: list[Region], this_year: int) -> int:
    rows = []
    for index, region in enumerate(kabkota):
        for year in (this_year - 1, this_year):
            done = 8 if year < this_year else (index * 3) % 9
            for action in ConvergenceAction.Action.values:
                progress = (
                    "selesai" if action <= done else ("berjalan" if action == done + 1 else "belum")
                )
                rows.append(
                    ConvergenceAction(
                        region=region,
                        year=year,
                        action=action,
                        progress=progress,
                        done_on=timezone.datetime(year, min(action + 1, 12), 15).date()
                        if progress == "selesai"
                        else None,
                        score=Decimal(60 + (index * 7 + action * 3) % 40)
                        if year < this_year
                        else None,
                        score_note="Penilaian contoh (demo)" if year < this_year else "",
                        is_demo=True,
                    )
                )
    ConvergenceAction.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _krs(regions: list[Region], this_year: int) -> int:
    rows = []
    for region in regions:
        rng = random.Random(f"krs-{region.code}")  # noqa: S311 - demo data, not secrets
        base = rng.randrange(6_000, 22_000)
        for year in range(2023, this_year + 1):
            for semester in (1, 2):
                value = base if not region.is_province else base * 12
                if (region.code, year, semester) == ("63", 2023, 2):
                    value = KRS_KALSEL_2023_S2
                rows.append(
                    FamiliesAtRisk(
                        region=region,
                        year=year,
                        semester=semester,
                        families_at_risk=value,
                        tpk_count=max(50, base // 60),
                        is_demo=True,
                    )
                )
                base = int(base * rng.uniform(0.9, 1.0))
    FamiliesAtRisk.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _audits(kabkota: list[Region], this_year: int) -> int:
    rows = [
        AuditCycle(region=r, year=this_year, cycle=1, stage=1 + i % 4, is_demo=True)
        for i, r in enumerate(kabkota)
    ]
    AuditCycle.objects.bulk_create(rows)
    return len(rows)
