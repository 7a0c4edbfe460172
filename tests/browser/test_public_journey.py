"""The journalist's path (issue #21): no account, the national public page, click through to
Kalimantan Selatan and Kabupaten Banjar, download Banjar's stunting series as CSV. What a
person sees at 1366 and 390 px, no sideways scroll on the phone, axe clean."""

import csv
import io
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.public_seed import seed_public_world

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = os.environ.get("PUBLIC_SCREENSHOTS", "")  # a folder: keep the screenshots there


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url} {v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


def look(page, size: dict, name: str) -> list[str]:
    """Checks at one width: no sideways scroll, axe; a screenshot when asked for."""
    page.set_viewport_size(size)
    page.wait_for_timeout(50)
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > size["width"]:
        problems.append(f"{page.url}: {width} px wide at {size['width']} px")
    problems += serious_violations(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{size['width']}.png", full_page=True)
    return problems


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_journalist_reaches_banjar_and_downloads_its_stunting_csv(page, size):
    seed_public_world()
    page.set_viewport_size(size)
    problems = []

    page.goto("/publik/")
    expect(page.get_by_role("heading", name="Indonesia", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Tentang data ini")).to_be_visible()
    problems += look(page, size, "publik-nasional")

    page.get_by_role("link", name="Kalimantan Selatan", exact=True).click()
    expect(page.get_by_role("heading", name="Kalimantan Selatan (63)")).to_be_visible()
    problems += look(page, size, "publik-63")

    page.get_by_role("link", name="Kabupaten Banjar", exact=True).click()
    expect(page.get_by_role("heading", name="Kabupaten Banjar (63.03)")).to_be_visible()
    stunting = page.locator("section", has=page.get_by_role("heading", name="Prevalensi stunting"))
    expect(stunting.get_by_role("cell", name="40,2")).to_be_visible()
    expect(stunting.get_by_role("cell", name="26,4")).to_be_visible()
    problems += look(page, size, "publik-63.03")
    page.set_viewport_size(size)

    link = stunting.get_by_role("link", name="CSV")
    box = link.bounding_box()
    assert box["width"] > 10 and box["height"] > 10  # a real link, not a speck
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "stunting-prevalensi-63.03.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert [(r["sumber"], r["tahun"], r["prevalensi_persen"]) for r in rows] == [
        ("e-PPGBM", "2024", "9.10"),
        ("SSGI", "2021", "40.20"),
        ("SSGI", "2022", "26.40"),
    ]

    # The data dictionary and the index of datasets, one click each.
    stunting.get_by_role("link", name="Kamus data").click()
    expect(
        page.get_by_role("heading", name="Kamus data: Prevalensi stunting per sumber")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="prevalensi_persen")).to_be_visible()
    problems += look(page, size, "publik-kamus")
    page.get_by_role("link", name="Data terbuka", exact=True).first.click()
    expect(page.get_by_role("heading", name="Data terbuka")).to_be_visible()
    problems += look(page, size, "publik-data")
    assert problems == []
