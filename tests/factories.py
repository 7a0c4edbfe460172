"""factory_boy factories for the whole suite."""

import datetime
from datetime import date

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from pokja.models import (
    AdvocacyActivity,
    Assessment,
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    GdpkDocument,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    User,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
    WorkPlanActivity,
)
from targets.models import Achievement, Indicator, ProvinceTarget


class RegionFactory(DjangoModelFactory):
    """A region by code; asking twice for the same code returns the same row."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 + n % 9}")
    name = factory.Faker("city", locale="id_ID")
    level = Region.Level.PROVINSI
    parent = None


class ProvinceFactory(RegionFactory):
    level = Region.Level.PROVINSI


class KabupatenKotaFactory(RegionFactory):
    parent = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}.{n % 69 + 1:02d}")
    level = factory.LazyAttribute(
        lambda o: Region.Level.KOTA if int(o.code.split(".")[1]) >= 71 else Region.Level.KABUPATEN
    )


class KecamatanFactory(RegionFactory):
    parent = factory.SubFactory(KabupatenKotaFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}.{n % 99 + 1:02d}")
    level = Region.Level.KECAMATAN


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = User.Role.PUSAT
    region = None
    password = factory.django.Password("rahasia-uji-123")


def pdf_file(name="dokumen.pdf"):
    """A tiny but real PDF (checked by content, like every upload)."""
    return ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name=name)


class PokjaFactory(DjangoModelFactory):
    class Meta:
        model = Pokja
        django_get_or_create = ("region",)

    region = factory.SubFactory(KabupatenKotaFactory)
    name = factory.LazyAttribute(lambda o: f"Pokja Bangga Kencana {o.region.name}")
    formed_on = date(2023, 1, 10)


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    pokja = factory.SubFactory(PokjaFactory)
    kind = WorkingGroup.Kind.ADVOKASI
    name = factory.Sequence(lambda n: f"Pokja Advokasi {n}")


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    pokja = factory.SubFactory(PokjaFactory)
    name = factory.Faker("name", locale="id_ID")
    position = Member.Position.ANGGOTA
    institution = "Dinas PPKB"
    category = Member.Category.OPD


class VerifiableRecordFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    pokja = factory.SubFactory(PokjaFactory)
    status = VerifiableRecord.Status.TERVERIFIKASI
    document = factory.LazyFunction(pdf_file)
    document_name = "dokumen.pdf"


class DecreeFactory(VerifiableRecordFactory):
    class Meta:
        model = Decree

    number = factory.Sequence(lambda n: f"188.45/{n}/KUM/2023")
    set_on = date(2023, 1, 2)
    signer = Decree.Signer.WALIKOTA
    valid_from = date(2023, 1, 2)
    valid_until = date(2027, 12, 31)


class WorkPlanFactory(VerifiableRecordFactory):
    class Meta:
        model = WorkPlan

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.LazyAttribute(lambda o: f"Rencana Kerja Pokja {o.year}")


class WorkPlanActivityFactory(DjangoModelFactory):
    class Meta:
        model = WorkPlanActivity

    work_plan = factory.SubFactory(WorkPlanFactory)
    name = "Rapat koordinasi"
    month_start = 2
    month_end = 3
    planned_cost = 5_000_000


class IndicatorDocumentFactory(VerifiableRecordFactory):
    class Meta:
        model = IndicatorDocument

    document_type = IndicatorDocument.DocumentType.RPJMD
    title = "Perda 3/2021 tentang RPJMD 2021-2026"
    year_start = 2021
    year_end = 2026


class DocumentIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = DocumentIndicator

    document = factory.SubFactory(IndicatorDocumentFactory)
    indicator = "mcpr"
    target_value = 63.41
    unit = "%"


class BudgetAllocationFactory(VerifiableRecordFactory):
    class Meta:
        model = BudgetAllocation

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    source = BudgetAllocation.Source.APBD
    amount = 150_000_000


class IndicatorFactory(DjangoModelFactory):
    """Catalogue indicators by code (the migration seeds them, but transactional tests flush)."""

    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = "peserta-kb-baru"
    name = "Peserta KB baru"
    unit = "orang"
    direction = Indicator.Direction.HIGHER
    kind = Indicator.Kind.ADDITIVE
    lowest_level = Indicator.Level.KABUPATEN_KOTA
    frequency = Indicator.Frequency.MONTHLY


class RateIndicatorFactory(IndicatorFactory):
    code = "stunting"
    name = "Prevalensi stunting balita"
    unit = "%"
    direction = Indicator.Direction.LOWER
    kind = Indicator.Kind.RATE
    frequency = Indicator.Frequency.YEARLY


class ProvinceTargetFactory(DjangoModelFactory):
    class Meta:
        model = ProvinceTarget

    region = factory.SubFactory(ProvinceFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    value = 1000


class AchievementFactory(DjangoModelFactory):
    class Meta:
        model = Achievement

    region = factory.SubFactory(KabupatenKotaFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    value = 100
    # Most tests want a figure that counts; the model itself starts every record as a draft.
    status = Achievement.Status.TERVERIFIKASI


class GdpkDocumentFactory(DjangoModelFactory):
    class Meta:
        model = GdpkDocument

    region = factory.SubFactory(KabupatenKotaFactory)
    title = "Perwal 12/2022 tentang GDPK 2022-2042"
    year_start = 2022
    year_end = 2042
    pillar_quantity = True
    pillar_quality = True
    legal_form = GdpkDocument.LegalForm.PERWAL
    adopted_on = date(2022, 6, 1)
    status = GdpkDocument.Status.TERVERIFIKASI
    document = factory.LazyFunction(pdf_file)
    document_name = "gdpk.pdf"


class AdvocacyActivityFactory(DjangoModelFactory):
    class Meta:
        model = AdvocacyActivity

    working_group = factory.SubFactory(WorkingGroupFactory, kind=WorkingGroup.Kind.ADVOKASI)
    held_on = date(2026, 3, 12)
    target = AdvocacyActivity.Target.DPRD
    topic = "Anggaran operasional Pokja 2027"
    result = "Komisi IV mendukung usulan anggaran."
    status = AdvocacyActivity.Status.TERVERIFIKASI
    document = factory.LazyFunction(pdf_file)
    document_name = "notulen.pdf"


class AssessmentFactory(DjangoModelFactory):
    """A stored effectiveness judgement, as the engine would have written it on 1 December of its
    year (for tests of what reads the results: maps, public tables, achievements, the API). The
    criteria stay unmet unless given."""

    class Meta:
        model = Assessment

    region = factory.SubFactory(KabupatenKotaFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    is_effective = True
    score = factory.LazyAttribute(lambda a: 4 if a.is_effective else 3)
    has_pokja = True
    assessed_on = factory.LazyAttribute(lambda a: date(a.year, 12, 1))
    computed_at = factory.LazyAttribute(
        lambda a: datetime.datetime(a.year, 12, 1, tzinfo=datetime.UTC)
    )
    changed_at = factory.SelfAttribute("computed_at")
