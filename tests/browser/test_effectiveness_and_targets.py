"""Effectiveness and targets through the real pages, with a real Celery worker behind them."""

from datetime import date
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from pokja.effectiveness import engine
from targets import excel
from targets.models import ProvinceTarget, RegionTarget
from tests.browser.helpers import PDF, log_in, second_user
from tests.factories import (
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    IndicatorFactory,
    PokjaFactory,
    WorkPlanFactory,
)


def test_staff_add_the_missing_budget_recompute_and_the_coordinator_sees_efektif(
    page, browser, live_server, celery_worker, koord_6371, staf_kalsel, banjarmasin, tmp_path
):
    year = timezone.localdate().year
    pokja = PokjaFactory(region=banjarmasin)
    DecreeFactory(pokja=pokja, valid_until=date(year + 2, 12, 31))
    WorkPlanFactory(pokja=pokja, year=year)
    document = IndicatorDocumentFactory(pokja=pokja, year_start=year - 1, year_end=year + 1)
    DocumentIndicatorFactory(document=document)
    engine.recompute(years=[year])
    pdf = tmp_path / "dpa-pokja.pdf"
    pdf.write_bytes(PDF)

    log_in(page, "koord-6371")
    expect(page.get_by_text("Belum efektif").first).to_be_visible()
    expect(page.get_by_text(f"Belum ada anggaran operasional {year}.")).to_be_visible()

    with second_user(browser, live_server, "staf-kalsel") as staff:
        staff.goto("/wilayah/63.71/pokja/")
        staff.locator("#anggaran").get_by_role("link", name="Tambah").click()
        staff.locator("[name=source]").select_option("apbd")
        staff.locator("[name=amount]").fill("120000000")
        staff.locator("[name=document]").set_input_files(pdf)
        staff.locator("[name=status]").select_option("terverifikasi")
        staff.get_by_role("button", name="Simpan").click()
        expect(staff.locator(".status-terverifikasi").first).to_have_text("Terverifikasi")

        staff.goto("/wilayah/63/")
        staff.get_by_role("button", name="Hitung ulang sekarang").click()
        for _ in range(30):
            if staff.locator(".run-status", has_text="Selesai").count():
                break
            staff.wait_for_timeout(500)
            staff.reload()
        expect(staff.locator(".run-status").first).to_have_text("Selesai")

    page.reload()
    expect(page.get_by_text("Skor 4/4").first).to_be_visible()
    expect(page.get_by_text(f"Belum ada anggaran operasional {year}.")).to_have_count(0)


def fill(workbook_bytes: bytes, values: dict[str, object], path) -> None:
    """Write a value per region code into the first indicator column of the template."""
    workbook = load_workbook(BytesIO(workbook_bytes))
    sheet = workbook["Target"]
    for row in sheet.iter_rows(min_row=1):
        code = str(row[0].value or "")
        if code in values:
            row[2].value = values[code]
    workbook.save(path)


def test_staff_upload_a_workbook_with_a_bad_row_then_the_fixed_one(
    page, staf_kalsel, kalsel, banjarmasin, banjarbaru, tmp_path
):
    year = timezone.localdate().year
    IndicatorFactory()
    template = excel.build_template(kalsel, year)
    bad, good = tmp_path / "target-salah.xlsx", tmp_path / "target-benar.xlsx"
    fill(template, {"63": 1000, "63.71": 600, "63.72": -400}, bad)
    fill(template, {"63": 1000, "63.71": 600, "63.72": 400}, good)

    log_in(page, "staf-kalsel")
    page.goto(f"/target/63/{year}/")
    page.get_by_role("link", name="Impor dan ekspor Excel").click()
    page.locator("[name=tahun]").select_option(str(year))
    page.locator("[name=berkas]").set_input_files(bad)
    page.get_by_role("button", name="Periksa dan impor").click()

    expect(page.locator("#import-errors-summary")).to_contain_text("Tidak ada yang diimpor")
    expect(page.locator("#import-errors")).to_contain_text("63.72")
    assert not ProvinceTarget.objects.exists()

    page.locator("[name=berkas]").set_input_files(good)
    page.get_by_role("button", name="Periksa dan impor").click()

    expect(page.locator("#import-errors-summary")).to_have_count(0)
    expect(page.locator(".alert-success")).to_contain_text("diimpor")
    shares = dict(RegionTarget.objects.values_list("region_id", "value"))
    assert shares == {"63.71": 600, "63.72": 400}
