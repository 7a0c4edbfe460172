"""Seeded data for the public page's tests (issue #21): verified figures to publish, and beside
them everything that must never be published, each carrying a distinctive planted string."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from kampungkb.models import MaturityClass
from pokja.models import Assessment, User
from tests.factories import (
    AssessmentFactory,
    BudgetAllocationFactory,
    DecreeFactory,
    IndicatorFactory,
    KabupatenKotaFactory,
    MemberFactory,
    PokjaFactory,
    ProvinceFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
    UserFactory,
    WorkPlanFactory,
)
from tests.factories_stunting import (
    PrevalenceFigureFactory,
    RegionTargetFactory,
    StuntingTargetFactory,
)
from tests.kampungkb_factories import KampungKBFactory, MaturityClassFactory, village

# Strings (and numbers as a page would write them) that must appear on no public URL.
PLANTED = [
    "Zubaidah Rahasiawati",  # a Pokja member
    "Ruslan Rahasiadi",  # a user's name
    "pengguna-rahasia",  # a username
    "rahasia@example.org",  # an e-mail address
    "SK-RAHASIA-7781",  # a decree number
    "berkas-rahasia.pdf",  # a document's file name
    "987.654.321",  # a budget line, grouped
    "987654321",  # and raw
    "DRAF-RAHASIA",  # a draft figure's publication
    "66,66",  # the draft figure's value
    "DITOLAK-RAHASIA",  # a rejected figure's publication
    "ALASAN-RAHASIA",  # its rejection reason
    "Kampung Rahasia",  # a village's Kampung KB name
    "98765",  # a draft province target
    "87.65",  # a draft stunting target
    "87,65",
    "98.765",
]


def assessment(region, year: int, *, effective: bool, plan: bool = True) -> Assessment:
    return AssessmentFactory(
        region=region,
        year=year,
        is_effective=effective,
        sk_met=True,
        plan_met=plan,
        indicator_met=True,
        budget_met=effective,
    )


def seed_public_world() -> dict:
    year = timezone.localdate().year
    kalsel = ProvinceFactory(code="63", name="Kalimantan Selatan")
    sulsel = ProvinceFactory(code="73", name="Sulawesi Selatan")
    banjar = KabupatenKotaFactory(code="63.03", name="Kabupaten Banjar", parent=kalsel)
    banjarmasin = KabupatenKotaFactory(code="63.71", name="Kota Banjarmasin", parent=kalsel)
    makassar = KabupatenKotaFactory(code="73.71", name="Kota Makassar", parent=sulsel)

    for region, effective in ((kalsel, True), (banjar, False), (banjarmasin, True)):
        assessment(region, year, effective=effective)
    assessment(sulsel, year, effective=True)
    assessment(makassar, year, effective=True)

    # Internal records: members, evidence with documents and budgets, users.
    pokja = PokjaFactory(region=banjar)
    MemberFactory(pokja=pokja, name="Zubaidah Rahasiawati")
    DecreeFactory(pokja=pokja, number="SK-RAHASIA-7781", document_name="berkas-rahasia.pdf")
    WorkPlanFactory(pokja=pokja, status="draf", title="Rencana DRAF-RAHASIA")
    BudgetAllocationFactory(pokja=pokja, amount=987_654_321)
    UserFactory(
        username="pengguna-rahasia",
        first_name="Ruslan",
        last_name="Rahasiadi",
        email="rahasia@example.org",
        role=User.Role.KOORDINATOR,
        region=banjar,
    )

    # Stunting: Banjar's published SSGI figures, an e-PPGBM month, a draft and a rejected one.
    PrevalenceFigureFactory(
        region=banjar, year=2021, value=Decimal("40.2"), publication_title="SSGI 2021"
    )
    PrevalenceFigureFactory(
        region=banjar, year=2022, value=Decimal("26.4"), publication_title="SSGI 2022"
    )
    PrevalenceFigureFactory(
        region=banjar,
        source="eppgbm",
        year=2024,
        month=6,
        value=Decimal("9.1"),
        publication_title="",
    )
    PrevalenceFigureFactory(
        region=banjar,
        source="ski",
        year=2023,
        value=Decimal("66.66"),
        publication_title="DRAF-RAHASIA",
        status="draf",
    )
    PrevalenceFigureFactory(
        region=banjarmasin,
        year=2022,
        value=Decimal("27.8"),
        publication_title="DITOLAK-RAHASIA",
        status="ditolak",
        rejection_reason="ALASAN-RAHASIA",
    )
    PrevalenceFigureFactory(
        region=kalsel, year=2022, value=Decimal("24.6"), publication_title="SSGI 2022"
    )
    # Kalimantan Selatan's final 2022 target, measured by SSGI, split to Banjar.
    target = StuntingTargetFactory(
        region=kalsel, indicator=RateIndicatorFactory(), year=2022, value=Decimal("18.1")
    )
    RegionTargetFactory(province_target=target, region=banjar, value=Decimal("20.5"))
    # A draft stunting target for 2021 split to Banjar, which has an SSGI figure that year:
    # the public row shows the national path, never the draft.
    draft = StuntingTargetFactory(
        region=kalsel, indicator=target.indicator, year=2021, value=Decimal("87.65"), status="draf"
    )
    RegionTargetFactory(province_target=draft, region=banjar, value=Decimal("87.65"))
    # A draft target: never public.
    ProvinceTargetFactory(
        region=kalsel, indicator=IndicatorFactory(), year=year, value=98765, status="draf"
    )

    # Kampung KB: three in Banjar with classes this year.
    for number, level in enumerate(("dasar", "mandiri", "berkelanjutan"), start=1):
        kampung = KampungKBFactory(region=village(banjar, number), name=f"Kampung Rahasia {number}")
        MaturityClassFactory(
            kampung=kampung, year=year, level=level, rank=MaturityClass.rank_of(level)
        )
    return {
        "year": year,
        "kalsel": kalsel,
        "sulsel": sulsel,
        "banjar": banjar,
        "banjarmasin": banjarmasin,
        "makassar": makassar,
    }
