"""Factories of the Kampung KB app (kept beside tests/factories.py, which is the core's)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from pokja.models import Region
from tests.factories import RegionFactory


def village(kabkota, number: int = 1, *, kelurahan=True):
    kecamatan = RegionFactory(
        code=f"{kabkota.code}.01",
        name="Kecamatan Uji",
        level=Region.Level.KECAMATAN,
        parent=kabkota,
    )
    code = f"{kecamatan.code}.{1000 + number if kelurahan else 2000 + number}"
    return RegionFactory(
        code=code,
        name=f"Desa {number}",
        level=Region.Level.KELURAHAN if kelurahan else Region.Level.DESA,
        parent=kecamatan,
    )


class KampungKBFactory(DjangoModelFactory):
    class Meta:
        model = KampungKB

    region = None
    name = factory.Sequence(lambda n: f"Kampung KB Uji {n}")
    launched_on = datetime.date(2020, 5, 1)
    coverage = KampungKB.Coverage.DESA


def strong_output_figures() -> dict:
    """Figures that meet the Output group: KB 60%, MKJP 30%, unmet need 4%, Poktan 25%."""
    return dict(
        pus=100,
        families=200,
        teenagers=100,
        families_with_toddler=40,
        families_with_teenager=40,
        families_with_elderly=40,
        kb_iud=9,
        kb_implant=9,
        kb_injection=30,
        kb_pill=12,
        not_kb_wants_later=2,
        not_kb_wants_no_more=2,
        **{f"{p}_active": True for p in ("bkb", "bkr", "bkl", "uppka", "pikr")},
        bkb_members=10,
        bkr_members=10,
        bkl_members=10,
        uppka_members=50,
        pikr_members=25,
    )


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile

    kampung = factory.SubFactory(KampungKBFactory)
    period = datetime.date(2025, 1, 1)
    status = Profile.Status.DRAF


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    kampung = factory.SubFactory(KampungKBFactory)
    held_on = datetime.date(2025, 1, 10)
    place = "Balai desa"
    description = "Penyuluhan"
    family_function = Activity.Function.EDUCATION
    target_group = "Keluarga"
    agencies = ["bkkbn"]
    status = Activity.Status.DRAF


class MaturityClassFactory(DjangoModelFactory):
    class Meta:
        model = MaturityClass

    kampung = factory.SubFactory(KampungKBFactory)
    year = 2025
    level = MaturityClass.Level.DASAR
    computed_at = factory.LazyFunction(lambda: datetime.datetime.now(tz=datetime.UTC))
