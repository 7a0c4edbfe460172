"""What a person sees of numbers and of crowded forms and tables, at 1366 px and on a phone."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from kampungkb.models import Profile
from pokja.models import User
from tests.browser.helpers import log_in
from tests.factories import IndicatorFactory, ProvinceTargetFactory, UserFactory
from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Whether a <select>'s chosen answer fits: the text's width in the select's own font, plus its
# padding (Bootstrap's right padding holds the arrow), within the box. A select's scrollWidth
# does not grow with its text, so it cannot tell.
ANSWER_FITS = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const needed = context.measureText(text).width
    + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return {text, needed: Math.ceil(needed), width: select.clientWidth};
}"""

# Where a column header lies in its scrolling box, before any scrolling.
COLUMN_IN_VIEW = """([tableSelector, name]) => {
  const table = document.querySelector(tableSelector);
  const box = table.closest(".table-responsive") || table.parentElement;
  const th = [...table.querySelectorAll("thead th")].find(h => h.textContent.trim() === name);
  const b = box.getBoundingClientRect(), r = th.getBoundingClientRect();
  return {left: r.left - b.left, right: r.right - b.left, box: box.clientWidth, width: r.width};
}"""


@pytest.fixture
def kampung(banjarmasin):
    return KampungKBFactory(region=village(banjarmasin, 1), name="Kampung KB Mantuil")


@pytest.fixture
def operator(kampung):
    return UserFactory(
        username="operator-6371", role=User.Role.OPERATOR_KAMPUNG_KB, region=kampung.region
    )


def open_profile_form(page: Page, kampung) -> None:
    log_in(page, "operator-6371")
    page.goto(kampung.get_absolute_url())
    page.get_by_role("link", name="Isi profil bulanan").click()
    expect(page.get_by_text("Mekanisme operasional", exact=True)).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_the_operating_routine_answers_are_not_cut(page, operator, kampung, viewport):
    page.set_viewport_size(viewport)
    open_profile_form(page, kampung)

    selects = page.locator("select[name^=routine_]")
    expect(selects).to_have_count(5)
    for index in range(5):
        select = selects.nth(index)
        expect(select).to_be_visible()
        fit = select.evaluate(ANSWER_FITS)
        assert fit["text"] == "Tidak dilaksanakan"
        assert fit["needed"] <= fit["width"], fit


def test_the_operator_types_a_count_with_dots_and_it_is_saved(page, operator, kampung):
    page.set_viewport_size(PHONE)
    open_profile_form(page, kampung)

    pus = page.locator("[name=pus]")
    pus.fill("")
    pus.press_sequentially("1512")
    expect(pus).to_have_value("1.512")  # grouped while typing, as a Rupiah amount is
    page.locator("[name=families]").fill("2.034")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("telah disimpan")).to_be_visible()
    expect(page.get_by_text("Masukkan bilangan bulat")).to_have_count(0)
    profile = Profile.objects.get(kampung=kampung)
    assert (profile.pus, profile.families) == (1512, 2034)
    page.goto(f"/kampung-kb/{kampung.pk}/")
    expect(page.locator("td", has_text="1.512").first).to_be_visible()


def test_on_a_phone_the_queue_shows_the_record_column_unscrolled(page, koord_6371, kampung):
    ProfileFactory(kampung=kampung, period=datetime.date.today().replace(day=1), status="diajukan")
    page.set_viewport_size(PHONE)
    log_in(page, "koord-6371")
    page.goto("/verifikasi/")

    place = page.evaluate(COLUMN_IN_VIEW, ["table", "Data"])
    assert place["width"] > 50 and place["left"] >= 0 and place["right"] <= place["box"], place
    link = page.get_by_role("link", name="Kampung KB Mantuil")
    expect(link).to_be_visible()
    assert link.bounding_box()["x"] + link.bounding_box()["width"] <= PHONE["width"]


def test_on_a_phone_the_ranking_shows_the_score_unscrolled(page, staf_kalsel, banjarmasin):
    page.set_viewport_size(PHONE)
    log_in(page, "staf-kalsel")
    page.goto("/wilayah/63/")

    place = page.evaluate(COLUMN_IN_VIEW, ["#ranking-table", "Skor"])
    assert place["width"] > 20 and place["left"] >= 0 and place["right"] <= place["box"], place
    page.set_viewport_size(DESKTOP)  # the criteria are back where there is room
    expect(page.locator("#ranking-table thead th", has_text="Rencana kerja")).to_be_visible()


def test_split_targets_typed_with_grouping_are_summed_as_numbers(
    page, staf_kalsel, kalsel, banjarmasin, banjarbaru
):
    target = ProvinceTargetFactory(region=kalsel, indicator=IndicatorFactory(), year=2026)
    log_in(page, "staf-kalsel")
    page.goto(f"/target/63/2026/{target.indicator.code}/")

    total, first, second = (
        page.locator("[name=value]"),
        page.locator("[data-split-value]").nth(0),
        page.locator("[data-split-value]").nth(1),
    )
    total.fill("")
    total.press_sequentially("100000")
    first.fill("")
    first.press_sequentially("82500")
    second.fill("")
    second.press_sequentially("17499")
    second.press("Backspace")
    second.press_sequentially("5")

    expect(total).to_have_value("100.000")
    expect(first).to_have_value("82.500")  # regrouped as digits are added: not "8.2500"
    expect(second).to_have_value("17.495")
    expect(page.locator("#split-sum")).to_have_text("99.995")
    expect(page.locator("#split-difference")).to_have_text(re.compile(r"^5$|^4$"))
