"""Every region page tried by every persona: what is outside a user's scope answers 404."""

import pytest
from django.urls import reverse

from tests.factories import KabupatenKotaFactory, KecamatanFactory
from tests.helpers import region_url


def test_anonymous_is_sent_to_login(client, banjarmasin):
    response = client.get(region_url("63.71"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("koord_6371", "63.71", 200),
        ("koord_6371", "63.72", 404),
        ("koord_6371", "63", 404),
        ("koord_6371", "73.71", 404),
        ("koord_6372", "63.71", 404),
        ("staf_kalsel", "63", 200),
        ("staf_kalsel", "63.71", 200),
        ("staf_kalsel", "73", 404),
        ("staf_kalsel", "73.71", 404),
        ("staf_sulsel", "63.71", 404),
        ("pusat", "63.71", 200),
        ("pusat", "73", 200),
        ("admin", "63.72", 200),
    ],
)
def test_region_page_is_scoped(request, client_for, banjarbaru, makassar, persona, code, status):
    user = request.getfixturevalue(persona)
    request.getfixturevalue("banjarmasin")

    assert client_for(user).get(region_url(code)).status_code == status


def test_unknown_code_is_404_for_everyone(client_for, pusat):
    assert client_for(pusat).get(region_url("99.99")).status_code == 404


def test_coordinator_page_shows_region_parent_and_children(client_for, koord_6371, banjarmasin):
    KecamatanFactory(code="63.71.01", name="Banjarmasin Selatan", parent=banjarmasin)

    response = client_for(koord_6371).get(region_url("63.71"))

    content = response.content.decode()
    assert "Kota Banjarmasin" in content
    assert "Kalimantan Selatan" in content
    assert 'href="/wilayah/63.71.01/"' in content
    # The province is outside the coordinator's scope: named, never linked.
    assert 'href="/wilayah/63/"' not in content


def test_province_page_links_only_its_own_children(client_for, staf_kalsel, banjarmasin, makassar):
    content = client_for(staf_kalsel).get(region_url("63")).content.decode()

    assert 'href="/wilayah/63.71/"' in content
    assert "Kota Makassar" not in content


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("koord_6371", "/wilayah/63.71/"),
        ("staf_kalsel", "/wilayah/63/"),
        ("pusat", "/nasional/"),
        ("admin", "/nasional/"),
    ],
)
def test_each_role_lands_on_its_own_home(request, client_for, persona, target):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(reverse("pokja:home"))

    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("persona", "status"),
    [("pusat", 200), ("admin", 200), ("staf_kalsel", 404), ("koord_6371", 404)],
)
def test_national_page_is_for_national_roles_only(request, client_for, persona, status):
    user = request.getfixturevalue(persona)

    assert client_for(user).get(reverse("pokja:national")).status_code == status


def test_national_page_counts_kabupaten_and_kota(client_for, pusat, banjarmasin, makassar):
    response = client_for(pusat).get(reverse("pokja:national"))

    provinces = {p.code: p for p in response.context["provinces"]}
    assert set(provinces) == {"63", "73"}
    assert provinces["63"].kota_count == 1
    assert provinces["63"].kabupaten_count == 0


def test_region_page_queries_do_not_grow_with_children(
    client_for, staf_kalsel, kalsel, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)

    # 6 for the core page, +1 for the stunting panel's figures, +1 for the map's figures (its
    # areas are the children the page read; the boundaries are in memory).
    KabupatenKotaFactory.create_batch(3, parent=kalsel)
    with django_assert_max_num_queries(8):
        client.get(region_url("63"))
    KabupatenKotaFactory.create_batch(30, parent=kalsel)
    with django_assert_max_num_queries(8):
        response = client.get(region_url("63"))
    assert len(response.context["children"]) == 33
