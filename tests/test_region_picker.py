"""Region pickers: a search in the user's scope, never a dropdown of every region."""

import pytest
from django.urls import reverse

from pokja.models import Region
from tests.factories import DecreeFactory, KabupatenKotaFactory, PokjaFactory, RegionFactory
from tests.kampungkb_factories import village
from tests.list_pages import LIST_PAGES

# The other filters of a list (level, working group, status, signer...) hold about 25 options;
# a dropdown of regions would add one per region.
MAX_OPTIONS = 30
INVALID_REGION = "bukan wilayah yang dapat Anda pilih"


def search(client, **params):
    response = client.get(reverse("pokja:region_search"), params)
    assert response.status_code == 200
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def sks(kalsel, banjarmasin, banjarbaru, makassar):
    for region in (kalsel, banjarmasin, banjarbaru, makassar):
        DecreeFactory(pokja=PokjaFactory(region=region), number=f"SK-{region.code}")


@pytest.fixture
def many_kabkota(kalsel):
    """Kab/kota enough that a dropdown of them would show (the country has 514)."""
    return [
        KabupatenKotaFactory(code=f"63.{n:02d}", name=f"Kabupaten Uji {n}", parent=kalsel)
        for n in range(1, 60)
    ]


def region_inputs(page: str) -> str:
    start = page.index('name="region"')
    return page[page.rindex("<", 0, start) : page.index(">", start) + 1]


# --- the list pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_national_reader_gets_a_search_not_hundreds_of_options(
    client_for, pusat, sks, many_kabkota, name
):
    page = client_for(pusat).get(reverse(f"pokja:{name}")).content.decode()

    assert page.count("<option") <= MAX_OPTIONS
    field = region_inputs(page)
    assert field.startswith("<input") and 'type="text"' in field
    assert "data-region-search" in field
    assert 'for="id_region"' in page  # a visible label
    assert "js/region_picker.js" in page


def test_filtering_by_a_code_still_filters_and_shows_the_region(client_for, pusat, sks):
    response = client_for(pusat).get(reverse("pokja:decree_list"), {"region": "63.72"})

    numbers = [row.record.number for row in response.context["table"].paginated_rows]
    assert numbers == ["SK-63.72"]
    assert 'value="63.72 Kota Banjarbaru"' in region_inputs(response.content.decode())


def test_a_province_code_takes_in_its_kabkota(client_for, pusat, sks):
    response = client_for(pusat).get(reverse("pokja:decree_list"), {"region": "63"})

    numbers = sorted(row.record.number for row in response.context["table"].paginated_rows)
    assert numbers == ["SK-63", "SK-63.71", "SK-63.72"]


@pytest.mark.parametrize("typed", ["63.71 Kota Banjarmasin", "kota banjarmasin"])
def test_a_picked_text_or_a_whole_name_filters_without_javascript(client_for, pusat, sks, typed):
    response = client_for(pusat).get(reverse("pokja:decree_list"), {"region": typed})

    numbers = [row.record.number for row in response.context["table"].paginated_rows]
    assert numbers == ["SK-63.71"]


@pytest.mark.parametrize(
    "user, code",
    [("staf_sulsel", "63.71"), ("koord_6371", "63.72"), ("koord_6371", "63"), ("pusat", "99.99")],
)
def test_a_code_outside_the_scope_is_a_form_error_and_lists_nothing(
    client_for, request, sks, user, code
):
    response = client_for(request.getfixturevalue(user)).get(
        reverse("pokja:decree_list"), {"region": code}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert INVALID_REGION in page
    assert list(response.context["table"].paginated_rows) == []
    assert "SK-63" not in page and "SK-73" not in page
    assert "Banjarbaru" not in page  # the error names no region


@pytest.mark.parametrize("name", ["verification_queue", "gdpk_list", "workplan_gap_list"])
def test_the_other_lists_refuse_a_code_outside_the_scope(client_for, staf_sulsel, sks, name):
    response = client_for(staf_sulsel).get(reverse(f"pokja:{name}"), {"region": "63"})

    assert INVALID_REGION in response.content.decode()
    assert "Kalimantan" not in response.content.decode()


def test_a_kecamatan_is_not_a_choice_of_a_pokja_list(client_for, pusat, banjarmasin, sks):
    RegionFactory(
        code="63.71.01", name="Banjarmasin Selatan", level="kecamatan", parent=banjarmasin
    )

    response = client_for(pusat).get(reverse("pokja:decree_list"), {"region": "63.71.01"})

    assert INVALID_REGION in response.content.decode()


def test_the_filtered_list_stays_within_a_few_queries(
    client_for, pusat, sks, many_kabkota, django_assert_max_num_queries
):
    client = client_for(pusat)
    with django_assert_max_num_queries(8):
        client.get(reverse("pokja:decree_list"), {"region": "63.71"})


# --- the search endpoint ----------------------------------------------------------------------


def test_coordinator_of_6371_finds_its_kabkota_but_never_banjarbaru(
    client_for, koord_6371, banjarbaru
):
    client = client_for(koord_6371)

    assert search(client, q="Banjarbaru") == []
    assert search(client, q="63.72") == []
    assert search(client, q="Banjarmasin") == ["63.71"]


def test_staff_of_sulsel_cannot_find_kalsel_regions(client_for, staf_sulsel, banjarmasin, makassar):
    client = client_for(staf_sulsel)

    assert search(client, q="Banjar") == []
    assert search(client, q="63") == []
    assert search(client, q="kota") == ["73.71"]


def test_a_national_reader_finds_by_name_or_code_provinces_first(
    client_for, pusat, banjarmasin, banjarbaru, makassar
):
    client = client_for(pusat)

    assert search(client, q="banjar") == ["63.71", "63.72"]
    assert search(client, q="6") == ["63", "63.71", "63.72"]
    assert search(client, q="63.7 baru") == ["63.72"]
    assert search(client, q="kota", tingkat="provinsi") == []


def test_search_gives_at_most_20_regions_and_needs_two_letters(client_for, pusat, many_kabkota):
    client = client_for(pusat)

    assert len(search(client, q="Uji")) == 20
    assert search(client, q="U") == []


def test_search_reaches_villages_below_a_parent_in_scope(client_for, koord_6371, banjarmasin):
    desa = village(banjarmasin)
    client = client_for(koord_6371)

    assert search(client, q=desa.name[:4], tingkat="desa", induk="63.71") == [desa.code]
    # Villages are never offered where a Pokja region is asked for.
    assert desa.code not in search(client, q=desa.code)


def test_search_under_a_parent_outside_the_scope_is_a_404(client_for, koord_6371, banjarbaru):
    response = client_for(koord_6371).get(
        reverse("pokja:region_search"), {"q": "a", "induk": "63.72"}
    )

    assert response.status_code == 404


def test_search_needs_a_login(client, banjarmasin):
    response = client.get(reverse("pokja:region_search"), {"q": "Banjar"})

    assert response.status_code == 302
    assert "Banjarmasin" not in response.content.decode()


def test_search_runs_a_bounded_number_of_queries(
    client_for, pusat, many_kabkota, django_assert_max_num_queries
):
    client = client_for(pusat)
    with django_assert_max_num_queries(4):  # session, user, the regions with their parents
        client.get(reverse("pokja:region_search"), {"q": "Uji"})


# --- the Kampung KB form's village field ------------------------------------------------------


def test_the_kampung_form_searches_the_villages_of_its_kabkota(client_for, koord_6371, banjarmasin):
    for n in range(1, 30):
        village(banjarmasin, n)

    page = client_for(koord_6371).get(f"/kampung-kb/wilayah/{banjarmasin.code}/tambah/")

    field = region_inputs(page.content.decode())
    assert 'data-region-levels="desa"' in field and 'data-region-parent="63.71"' in field
    assert 'data-region-action="ubah"' in field
    assert page.content.decode().count("<option") < MAX_OPTIONS


@pytest.mark.parametrize("other", ["63.72", "73.71"])
def test_the_kampung_form_refuses_a_village_of_another_kabkota(
    client_for, koord_6371, banjarmasin, banjarbaru, makassar, other
):
    desa = village(Region.objects.get(code=other))

    response = client_for(koord_6371).post(
        f"/kampung-kb/wilayah/{banjarmasin.code}/tambah/",
        {"region": desa.code, "name": "Kampung KB Uji", "launched_on": "01/02/2024"},
    )

    assert response.status_code == 200
    assert INVALID_REGION in response.content.decode()
    assert not desa.kampung_kb.exists()
