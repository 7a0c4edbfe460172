"""Printed tables and charts as a reader gets them (#10): every kab/kota on the page, nothing
cut at the right edge of A4, headers repeated, every bar of a chart labelled."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pokja.devdata.accounts import seed_demo
from pokja.effectiveness import engine
from pokja.models import Region
from tests.browser.test_journeys_pages import log_in

YEAR = timezone.localdate().year
A4_PORTRAIT = {"width": 718, "height": 1000}  # 210 mm less margins, at 96 dpi
A4_LANDSCAPE = {"width": 1020, "height": 700}


@pytest.fixture
def demo(db):
    seed_demo()
    engine.recompute(years=[YEAR - 1, YEAR], scope_code=None)


def kabkota_count(province: str) -> int:
    return Region.objects.kabupaten_kota().filter(parent=province).count()


def assert_fits(page, selector: str, width: int) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and box["x"] + box["width"] <= width + 1, box
    assert page.locator(f"{selector} thead").evaluate("e => getComputedStyle(e).display") == (
        "table-header-group"
    )


def test_printed_province_ranking_fits_a4_with_every_kabkota(page, demo):
    log_in(page, "staf-kalsel")
    page.set_viewport_size(A4_PORTRAIT)
    page.emulate_media(media="print")
    page.goto(f"/wilayah/63/?tahun={YEAR}&cetak=1")

    rows = page.locator("#ranking-table tbody tr.ranking-row")
    expect(rows).to_have_count(kabkota_count("63"))
    assert_fits(page, "#ranking-table", A4_PORTRAIT["width"])


def test_printed_rakerda_split_lists_every_kabkota(page, demo):
    log_in(page, "staf-kalsel")
    page.set_viewport_size(A4_LANDSCAPE)
    page.goto(f"/target/rakerda/63/{YEAR}/")
    expect(page.locator("#split-print")).to_be_hidden()  # on screen: the wide table

    page.emulate_media(media="print")
    table = page.locator("#split-print")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(kabkota_count("63"))
    expect(table).to_contain_text("Tabalong")
    expect(table).to_contain_text("Kota Banjarbaru")
    assert_fits(page, "#split-print", A4_LANDSCAPE["width"])


def test_rakerda_charts_label_every_kabkota(page, demo):
    log_in(page, "staf-sulsel")
    page.goto(f"/target/rakerda/73/{YEAR}/")
    page.wait_for_load_state("networkidle")
    counts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.rakerda-indicator canvas')).map(c => {
             const chart = Chart.getChart(c);
             return [chart.data.labels.length, chart.scales.y.ticks.length];
           })"""
    )
    assert counts, "no chart on the page"
    for labels, ticks in counts:
        assert labels >= kabkota_count("73")
        assert ticks == labels
