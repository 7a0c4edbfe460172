"""`pokja.selectors.working_group_team`: how the other apps read a Pokja working group, its SK
and its members (the stunting page's TPPS), in the reader's scope."""

from datetime import date

import pytest
from django.urls import reverse

from pokja.models import WorkingGroup
from pokja.selectors import working_group_team
from tests.factories import DecreeFactory, MemberFactory, PokjaFactory, WorkingGroupFactory

STUNTING = WorkingGroup.Kind.STUNTING


@pytest.fixture
def tpps(banjarmasin):
    """Banjarmasin's TPPS: two SKs (the later one in force), three members, and a member of
    another working group who is not the TPPS's."""
    pokja = PokjaFactory(region=banjarmasin)
    group = WorkingGroupFactory(pokja=pokja, kind=STUNTING, name="TPPS Kota Banjarmasin")
    DecreeFactory(pokja=pokja, working_group=group, number="SK-LAMA", set_on=date(2022, 3, 1))
    DecreeFactory(pokja=pokja, working_group=group, number="SK-BARU", set_on=date(2024, 2, 1))
    MemberFactory.create_batch(3, pokja=pokja, working_group=group)
    advocacy = WorkingGroupFactory(pokja=pokja, kind=WorkingGroup.Kind.ADVOKASI)
    MemberFactory(pokja=pokja, working_group=advocacy)
    return group


def test_it_reads_the_group_its_latest_sk_and_its_members(
    tpps, banjarmasin, koord_6371, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        team = working_group_team(koord_6371, banjarmasin, STUNTING)

    assert team.group == tpps
    assert team.decree.number == "SK-BARU"
    assert len(team.members) == 3
    assert {m.working_group_id for m in team.members} == {tpps.pk}


def test_another_provinces_staff_get_nothing(tpps, banjarmasin, staf_sulsel, koord_6372):
    assert working_group_team(staf_sulsel, banjarmasin, STUNTING) is None
    assert working_group_team(koord_6372, banjarmasin, STUNTING) is None


def test_a_region_without_that_working_group_gives_nothing(tpps, banjarmasin, koord_6371):
    assert working_group_team(koord_6371, banjarmasin, WorkingGroup.Kind.GDPK) is None


def test_an_unknown_kind_is_refused_not_silently_empty(banjarmasin, koord_6371):
    with pytest.raises(ValueError):
        working_group_team(koord_6371, banjarmasin, "tpps")


def test_the_stunting_page_shows_the_tpps_sk_and_members(tpps, client_for, koord_6371):
    page = client_for(koord_6371).get(reverse("stunting:region", args=["63.71"]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "TPPS Kota Banjarmasin" in text
    assert "SK SK-BARU" in text
    assert "SK-LAMA" not in text
    assert page.context["member_count"] == 3


def test_another_provinces_staff_cannot_open_the_page_with_the_tpps(tpps, client_for, staf_sulsel):
    response = client_for(staf_sulsel).get(reverse("stunting:region", args=["63.71"]))

    assert response.status_code == 404
    assert "TPPS Kota Banjarmasin" not in response.content.decode()
