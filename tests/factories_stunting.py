"""Factories of the stunting app's records."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from stunting.models import ConvergenceAction, PrevalenceFigure, SemesterReport, TppsTeam
from targets.models import Indicator, ProvinceTarget, RegionTarget
from tests.factories import (
    KabupatenKotaFactory,
    KecamatanFactory,
    PokjaFactory,
    ProvinceFactory,
    ProvinceTargetFactory,
    WorkingGroupFactory,
    pdf_file,
)


class TppsGroupFactory(WorkingGroupFactory):
    """A region's TPPS in the portal: its Pokja's Stunting (TPPS) working group. A region owes
    semester reports only with one. Pass `pokja__region=`."""

    kind = "stunting"
    name = factory.Sequence(lambda n: f"Tim Percepatan Penurunan Stunting {n}")
    formed_on = None
    pokja = factory.SubFactory(PokjaFactory)


class PrevalenceFigureFactory(DjangoModelFactory):
    class Meta:
        model = PrevalenceFigure

    region = factory.SubFactory(KabupatenKotaFactory)
    source = "ssgi"
    year = 2022
    month = 0
    value = Decimal("24.60")
    publication_title = "SSGI 2022"
    status = "terverifikasi"


class SemesterReportFactory(DjangoModelFactory):
    class Meta:
        model = SemesterReport

    region = factory.SubFactory(KabupatenKotaFactory)
    year = 2024
    semester = 1
    children_measured = 1000
    children_stunted = 200
    document = factory.LazyFunction(lambda: pdf_file("laporan.pdf"))
    document_name = "laporan.pdf"
    status = "terverifikasi"


class TppsTeamFactory(DjangoModelFactory):
    class Meta:
        model = TppsTeam

    region = factory.SubFactory(KecamatanFactory)
    sk_number = factory.Sequence(lambda n: f"SK-TPPS/{n}")
    sk_date = "2024-02-01"
    signer = "camat"
    chair_name = "Sekcam"
    chair_agency = "Kecamatan"
    document = factory.LazyFunction(lambda: pdf_file("sk.pdf"))
    document_name = "sk.pdf"
    status = "terverifikasi"


class ConvergenceActionFactory(DjangoModelFactory):
    class Meta:
        model = ConvergenceAction

    region = factory.SubFactory(KabupatenKotaFactory)
    year = 2025
    action = 1
    progress = "selesai"
    done_on = "2025-03-01"


class StuntingTargetFactory(ProvinceTargetFactory):
    """A province's stunting target, measured by SSGI unless a test says otherwise."""

    region = factory.SubFactory(ProvinceFactory)
    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="stunting"))
    year = 2024
    value = Decimal("18.00")
    measured_by = "ssgi"
    status = ProvinceTarget.Status.FINAL


class RegionTargetFactory(DjangoModelFactory):
    """A kab/kota's share (or own rate target) of a province target."""

    class Meta:
        model = RegionTarget

    province_target = factory.SubFactory(StuntingTargetFactory)
    region = factory.SubFactory(KabupatenKotaFactory)
    value = Decimal("18.00")
