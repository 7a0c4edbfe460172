"""Stunting through the real pages: staff import a year of SSGI figures, the kab/kota chart and
the province ranking show them, and a coordinator's semester report is accepted by staff."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from stunting.excel import FIRST_DATA_ROW, build_template
from stunting.models import SemesterReport
from tests.browser.helpers import PDF, log_in, second_user


@pytest.fixture
def ssgi_2024(tmp_path, kalsel, banjarmasin, banjarbaru):
    workbook = load_workbook(BytesIO(build_template(kalsel, "SSGI", 2024)))
    sheet = workbook["Prevalensi"]
    sheet["B3"] = "Survei Status Gizi Indonesia (SSGI) 2024"
    values = {"63": 22.9, "63.71": 21.4, "63.72": 15.4}
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(row=row, column=1).value
        if code in values:
            sheet.cell(row=row, column=3, value=values[code])
    path = tmp_path / "ssgi-2024.xlsx"
    workbook.save(path)
    return path


def test_staff_import_ssgi_and_the_pages_show_it(
    page, browser, live_server, staf_kalsel, koord_6371, ssgi_2024
):
    log_in(page, "staf-kalsel")
    page.goto("/stunting/provinsi/63/")
    page.get_by_role("link", name="Impor angka dari Excel").click()
    page.locator("[name=berkas]").set_input_files(ssgi_2024)
    page.get_by_role("button", name="Unggah dan impor").click()

    expect(page.get_by_text("SSGI 2024 diimpor: 3 angka disimpan")).to_be_visible()
    ranking = page.locator("#ranking-table")
    expect(ranking.locator("tbody tr").first).to_contain_text("Kota Banjarbaru")
    expect(ranking.locator("tbody tr").first).to_contain_text("15,4")
    expect(ranking).to_contain_text("Sumber: hanya SSGI")
    expect(page.locator("#ranking-chart")).to_be_visible()

    with second_user(browser, live_server, "koord-6371") as coordinator:
        coordinator.goto("/stunting/kabkota/63.71/")
        table = coordinator.locator("#prevalence-table")
        expect(table.locator("tbody tr").first).to_contain_text("SSGI")
        expect(table.locator("tbody tr").first).to_contain_text("21,4")
        expect(coordinator.locator("#prevalence-chart")).to_be_visible()
        expect(coordinator.locator("#latest")).to_contain_text("tinggi")  # 21.4%: "high"


def test_a_coordinator_submits_a_report_that_staff_accept(
    page, browser, live_server, staf_kalsel, koord_6371, tmp_path
):
    report_pdf = tmp_path / "laporan-tpps.pdf"
    report_pdf.write_bytes(PDF)
    log_in(page, "koord-6371")
    page.goto("/stunting/kabkota/63.71/")
    page.locator("#laporan").get_by_role("link", name="Laporan baru").click()
    page.locator("[name=year]").fill("2025")
    page.locator("[name=semester]").select_option("1")
    page.locator("[name=children_measured]").fill("1200")
    page.locator("[name=children_stunted]").fill("250")
    page.locator("[name=document]").set_input_files(report_pdf)
    page.locator("[name=status]").select_option("diajukan")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".badge.status-diajukan").first).to_have_text("Diajukan")

    report = SemesterReport.objects.get(region_id="63.71", year=2025, semester=1)
    with second_user(browser, live_server, "staf-kalsel") as staff:
        staff.goto(report.get_absolute_url())
        staff.get_by_role("button", name="Verifikasi", exact=True).click()
        expect(staff.locator(".badge.status-terverifikasi").first).to_have_text("Terverifikasi")

    page.goto("/stunting/kabkota/63.71/")
    expect(page.locator("#laporan")).to_contain_text("Semester 1 2025")
    expect(page.locator("#laporan .badge.status-terverifikasi")).to_have_text("Terverifikasi")
