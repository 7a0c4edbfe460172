"""The Rakerda on paper (#24), read from the PDF Chromium prints: a handout whose first page holds
the title, the date, the legend and the first table, with the tables flowing (Kalimantan Selatan
printed 16 landscape pages before, one table a page), page numbers and the province and year on
every page; and the governor's summary on one A4 page."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_journeys_pages import log_in
from tests.browser.test_journeys_print import YEAR, demo  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
A4_PORTRAIT_POINTS = (595, 842)
PAGES_BEFORE = 16  # the Kalimantan Selatan handout as the old stylesheet printed it


def printed(page, path: str) -> list[str]:
    """The text of each page of `path` printed to PDF as the browser's print dialog would (the
    page's own @page size and margin boxes, background colours on)."""
    page.goto(path)
    page.wait_for_load_state()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    for sheet in pdf.pages:
        size = (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        assert size == A4_PORTRAIT_POINTS
    return [sheet.extract_text() for sheet in pdf.pages]


def test_the_rakerda_handout_flows_with_numbers_and_a_running_footer(page, demo):  # noqa: F811
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    log_in(page, "staf-kalsel")

    pages = printed(page, f"/target/rakerda/63/{YEAR}/")

    assert 1 < len(pages) <= PAGES_BEFORE // 3
    first = pages[0]
    # Title, date and legend open the first page, with the first table and its province row.
    assert f"Rakerda {YEAR} · Kalimantan Selatan" in first
    assert "Dicetak" in first
    assert "Tercapai" in first and "Belum tercapai" in first
    assert "Angka Prevalensi Kontrasepsi Modern" in first
    assert "Kabupaten Tanah Laut" in first and "Kota Banjarbaru" in first
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text
        assert text.count(f"Rakerda {YEAR} · Kalimantan Selatan") >= 1
        assert "Kab/Kota" in text  # a table continued on this page repeats its header row
    # The split of this year's targets ends the handout, its heading on the page of its rows.
    [split] = [text for text in pages if f"Target {YEAR} yang dibagi habis" in text]
    assert "Kabupaten Tanah Laut" in split.split(f"Target {YEAR} yang dibagi habis")[1]

    # The page's print button opens the print dialog once (it opened it twice).
    page.get_by_role("button", name="Cetak bahan rapat").click()
    expect(page.get_by_role("link", name="Ringkasan satu halaman untuk Gubernur")).to_be_visible()
    assert page.evaluate("window.__printed") == 1


def test_the_governor_summary_is_one_page(page, demo):  # noqa: F811
    log_in(page, "staf-sulsel")  # 24 kab/kota, the longer province

    pages = printed(page, f"/target/rakerda/73/{YEAR}/ringkasan/")

    assert len(pages) == 1
    assert "Ringkasan untuk Gubernur" in pages[0]
    assert f"Rakerda {YEAR} · Sulawesi Selatan" in pages[0]
    assert "Prevalensi stunting" in pages[0]  # the province's own stunting row
