"""Factories for the Pokja records the browser tests start from."""

import factory
from factory.django import DjangoModelFactory

from pokja.models import Pokja, WorkingGroup
from tests.factories import KabupatenKotaFactory


class PokjaFactory(DjangoModelFactory):
    class Meta:
        model = Pokja
        django_get_or_create = ("region",)

    region = factory.SubFactory(KabupatenKotaFactory)
    name = factory.LazyAttribute(lambda o: f"Pokja Bangga Kencana {o.region.name}")


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    pokja = factory.SubFactory(PokjaFactory)
    kind = WorkingGroup.Kind.STUNTING
    name = "Tim Percepatan Penurunan Stunting (TPPS)"
