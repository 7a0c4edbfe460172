"""Filtering a list by region: type part of a name, pick a suggestion, the list narrows."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.factories import (
    DecreeFactory,
    KabupatenKotaFactory,
    PokjaFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.kampungkb_factories import village

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sks_and_reader(transactional_db):
    kalsel = ProvinceFactory(code="63", name="Kalimantan Selatan")
    for code, name in [("63.71", "Kota Banjarmasin"), ("63.72", "Kota Banjarbaru")]:
        region = KabupatenKotaFactory(code=code, name=name, parent=kalsel)
        DecreeFactory(pokja=PokjaFactory(region=region), number=f"SK-{code}")
    # Enough kab/kota that a dropdown of them would be long.
    for n in range(1, 40):
        KabupatenKotaFactory(code=f"63.{n:02d}", name=f"Kabupaten Uji {n}", parent=kalsel)
    return UserFactory(username="pusat-browser", role="pusat")


def test_pick_a_suggestion_and_the_list_filters(page, sks_and_reader):
    log_in(page, "pusat-browser")
    page.goto("/daftar/sk/")
    expect(page.get_by_role("cell", name="SK-63.71")).to_be_visible()

    picker = page.get_by_role("combobox", name="Wilayah")
    picker.fill("banjarb")
    suggestions = page.get_by_role("listbox", name="Saran").get_by_role("option")
    suggestion = suggestions.filter(has_text="63.72 Kota Banjarbaru")
    expect(suggestion).to_be_visible()
    expect(suggestions).to_have_count(1)
    suggestion.click()
    expect(picker).to_have_value("63.72 Kota Banjarbaru")
    page.get_by_role("button", name="Saring").click()

    page.wait_for_url("**/daftar/sk/?region=63.72*")  # the URL keeps the code
    expect(page.get_by_role("cell", name="SK-63.72")).to_be_visible()
    expect(page.get_by_role("cell", name="SK-63.71")).to_have_count(0)
    expect(page.get_by_label("Wilayah")).to_have_value("63.72 Kota Banjarbaru")


def test_the_keyboard_picks_and_a_phone_does_not_scroll_sideways(page, sks_and_reader):
    page.set_viewport_size(PHONE)
    log_in(page, "pusat-browser")
    page.goto("/daftar/sk/")

    picker = page.get_by_role("combobox", name="Wilayah")
    picker.press_sequentially("Banjar", delay=30)
    listbox = page.get_by_role("listbox", name="Saran")
    expect(listbox.get_by_role("option")).to_have_count(2)
    box, field = listbox.bounding_box(), picker.bounding_box()
    assert box["width"] == pytest.approx(field["width"], abs=1) and box["y"] >= field["y"]
    picker.press("ArrowDown")
    picker.press("ArrowDown")
    picker.press("Enter")  # picks the second suggestion, does not submit yet
    expect(picker).to_have_value("63.72 Kota Banjarbaru")
    expect(listbox).to_be_hidden()
    picker.press("Enter")  # now submits the filter

    expect(page.get_by_role("cell", name="SK-63.72")).to_be_visible()
    expect(page.get_by_role("cell", name="SK-63.71")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_a_coordinator_registers_a_kampung_by_picking_its_village(page, koord_6371, banjarmasin):
    desa = village(banjarmasin, 4)
    log_in(page, "koord-6371")
    page.goto("/kampung-kb/wilayah/63.71/tambah/")

    picker = page.get_by_role("combobox", name="Desa/kelurahan")
    picker.fill(desa.name[:5])
    page.get_by_role("listbox", name="Saran").get_by_role("option", name=desa.code).click()
    expect(picker).to_have_value(f"{desa.code} {desa.name}")
    page.locator("[name=name]").fill("Kampung KB Pilihan")
    page.locator("[name=launched_on]").fill("01/02/2024")
    page.locator("[name=coverage]").select_option("desa")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_role("heading", name="Kampung KB Pilihan")).to_be_visible()
