"""The map as a person sees it (#21): real size at 1366 and 390 px with its legend, no sideways
scroll on a phone, a click on a province opens its page, and axe finds nothing serious."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


def test_the_national_map_is_seen_and_opens_a_province(page, pusat, banjarmasin, makassar):
    log_in(page, "pusat")
    for size, smallest in ((DESKTOP, 600), (PHONE, 300)):
        page.set_viewport_size(size)
        page.goto("/nasional/")
        svg = page.locator("#peta svg.peta-svg")
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box["width"] >= smallest and box["height"] >= smallest / 4, box
        legend = page.locator("#peta .peta-legenda")
        expect(legend).to_contain_text("Efektif")
        expect(legend).to_contain_text("Belum dinilai")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert serious_violations(page) == []
    page.set_viewport_size(DESKTOP)
    page.locator('#peta a[aria-label^="Kalimantan Selatan"]').click()
    expect(page).to_have_url(re.compile(r"/wilayah/63/\?"))
    expect(page.locator("h1")).to_contain_text("Kalimantan Selatan")
    expect(page.locator("#peta svg.peta-svg")).to_be_visible()
    assert serious_violations(page) == []


def test_the_province_map_and_its_legend_print_on_one_a4_page(page, staf_kalsel, banjarmasin):
    import io

    from pypdf import PdfReader

    log_in(page, "staf-kalsel")
    page.goto("/wilayah/63/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    first = pdf.pages[0].extract_text()
    assert "Pokja efektif: penilaian" in first
    for label in ("Efektif", "Belum efektif", "Belum dinilai"):
        assert label in first, label
