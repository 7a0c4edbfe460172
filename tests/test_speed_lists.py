"""The lists under load (issue #11): a list seen again comes from the page cache
(pokja/kernel/pagecache.py) without reading its records, but never after a write, never under
another query string and never to a viewer who would see other rows; and rendering a list costs
the same per row whatever the navbar holds (no template with context processors per cell)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pokja.kernel.registry import registry
from pokja.models import VerifiableRecord
from tests import test_lists
from tests.factories import DecreeFactory, UserFactory
from tests.test_lists import ALL_PAGES, list_url, make_rows

Status = VerifiableRecord.Status
pokjas = test_lists.pokjas  # the lists' fixture: Pokjas in 63, 63.71, 63.72 and 73.71
# A list served from the cache reads the user, nothing else.
CACHED_LIST_QUERIES = 1


def logged_in(user) -> Client:
    """A client of its own (`client_for` logs one shared client in as someone else)."""
    client = Client()
    client.force_login(user)
    return client


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("name", ALL_PAGES)
def test_a_list_seen_again_is_served_from_the_cache(
    client_for, staf_kalsel, pokjas, django_assert_max_num_queries, name
):
    make_rows(pokjas, 3)
    client = client_for(staf_kalsel)
    first = client.get(list_url(name, tahun=2026)).content.decode()

    with django_assert_max_num_queries(CACHED_LIST_QUERIES):
        again = client.get(list_url(name, tahun=2026)).content.decode()

    assert _without_tokens(again) == _without_tokens(first)


def test_a_new_decree_shows_on_the_cached_list(client_for, staf_kalsel, pokjas):
    client = client_for(staf_kalsel)
    DecreeFactory(pokja=pokjas["63.71"], number="SK-LAMA/2025")
    assert "SK-LAMA/2025" in client.get(list_url("decree_list")).content.decode()

    DecreeFactory(pokja=pokjas["63.72"], number="SK-BARU/2026")

    content = client.get(list_url("decree_list")).content.decode()
    assert "SK-BARU/2026" in content
    assert "SK-LAMA/2025" in content


def test_a_verification_leaves_the_cached_queue(client_for, staf_kalsel, pokjas):
    decree = DecreeFactory(pokja=pokjas["63.71"], number="SK-ANTRE/2026", status=Status.DIAJUKAN)
    client = client_for(staf_kalsel)
    assert "SK-ANTRE/2026" in client.get(reverse("pokja:verification_queue")).content.decode()

    decree.status = Status.TERVERIFIKASI
    decree.save()

    assert "SK-ANTRE/2026" not in client.get(reverse("pokja:verification_queue")).content.decode()


def test_each_filter_sort_and_page_is_its_own_cached_list(client_for, staf_kalsel, pokjas):
    DecreeFactory(pokja=pokjas["63.71"], number="SK-DIAJUKAN", status=Status.DIAJUKAN)
    DecreeFactory(pokja=pokjas["63.71"], number="SK-VERIF", status=Status.TERVERIFIKASI)
    client = client_for(staf_kalsel)

    submitted = client.get(list_url("decree_list", status="diajukan")).content.decode()
    verified = client.get(list_url("decree_list", status="terverifikasi")).content.decode()
    ascending = client.get(list_url("decree_list", sort="number")).content.decode()
    descending = client.get(list_url("decree_list", sort="-number")).content.decode()

    assert "SK-DIAJUKAN" in submitted and "SK-VERIF" not in submitted
    assert "SK-VERIF" in verified and "SK-DIAJUKAN" not in verified
    assert ascending.index("SK-DIAJUKAN") < ascending.index("SK-VERIF")
    assert descending.index("SK-VERIF") < descending.index("SK-DIAJUKAN")


def test_a_cached_list_is_not_shown_to_another_province(staf_kalsel, staf_sulsel, pokjas, makassar):
    DecreeFactory(pokja=pokjas["63.71"], number="SK-KALSEL")
    DecreeFactory(pokja=pokjas["73.71"], number="SK-SULSEL")
    assert "SK-KALSEL" in logged_in(staf_kalsel).get(list_url("decree_list")).content.decode()

    content = logged_in(staf_sulsel).get(list_url("decree_list")).content.decode()

    assert "SK-SULSEL" in content
    assert "SK-KALSEL" not in content


def test_two_staff_of_one_province_share_the_list_but_not_the_navbar(staf_kalsel, pokjas):
    colleague = UserFactory(
        username="staf-kalsel-dua", role=staf_kalsel.role, region=staf_kalsel.region
    )
    DecreeFactory(pokja=pokjas["63.71"], number="SK-BERSAMA")
    assert "staf-kalsel" in logged_in(staf_kalsel).get(list_url("decree_list")).content.decode()

    content = logged_in(colleague).get(list_url("decree_list")).content.decode()

    assert "SK-BERSAMA" in content
    assert "staf-kalsel-dua" in content


def test_a_cached_list_follows_the_viewers_language(client_for, staf_kalsel, pokjas):
    client = client_for(staf_kalsel)
    assert "Unduh Excel" in client.get(list_url("decree_list")).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert "Download Excel" in client.get(list_url("decree_list")).content.decode()


def test_the_status_badges_show_on_the_list(client_for, staf_kalsel, pokjas):
    DecreeFactory(pokja=pokjas["63.71"], status=Status.TERVERIFIKASI, is_demo=True)
    DecreeFactory(pokja=pokjas["63.72"], status=Status.DITOLAK)

    content = client_for(staf_kalsel).get(list_url("decree_list")).content.decode()

    assert (
        '<span class="badge status-terverifikasi text-bg-success">Terverifikasi</span>'
        ' <span class="badge text-bg-light border">demo</span>'
    ) in content
    assert '<span class="badge status-ditolak text-bg-danger">Ditolak</span></td>' in content


@pytest.mark.parametrize("name", ["decree_list", "workplan_list", "verification_queue"])
def test_the_navbar_is_worked_out_once_per_page_not_per_row(
    monkeypatch, client_for, staf_kalsel, pokjas, name
):
    """A cell rendered by a template with the request ran every context processor again: the
    navbar's links (reverse() of each) in every row cost more than the rest of the page."""
    make_rows(pokjas, 10)
    calls = []
    nav_for = registry.nav_for
    monkeypatch.setattr(registry, "nav_for", lambda *args: calls.append(args) or nav_for(*args))

    client_for(staf_kalsel).get(list_url(name, tahun=2026))

    # Twice each (the links and the lists menu): the page, its body, the table.
    assert len(calls) <= 6
