"""factory_boy factories for the whole suite."""

import factory
from factory.django import DjangoModelFactory

from pokja.models import Region, User


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
