"""A big export's page shows its progress while the worker writes, then a download that works,
without a reload (issue #11, "Exports")."""

from pathlib import Path

from playwright.sync_api import expect

from pokja.models import ExportJob
from pokja.services.exports import run_export_job
from tests.browser.helpers import log_in
from tests.factories import DecreeFactory, PokjaFactory


def test_the_job_page_shows_progress_then_a_working_download(page, staf_kalsel, banjarmasin):
    pokja = PokjaFactory(region=banjarmasin)
    for n in range(3):
        DecreeFactory(pokja=pokja, number=f"188/{n}/EXPORT")
    job = ExportJob.objects.create(
        owner=staf_kalsel,
        list_name="pokja:decree_list",
        title="SK di Kalimantan Selatan",
        export_format="csv",
        filename="sk-besar.csv",
        rows_total=3,
    )
    log_in(page, "staf-kalsel")
    page.goto(job.get_absolute_url())
    bar = page.get_by_role("progressbar", name="Kemajuan ekspor")
    expect(page.locator("#export-status")).to_have_text("Dalam antrean")
    expect(bar).to_be_visible()
    assert bar.bounding_box()["width"] > 200
    expect(page.get_by_role("link", name="Unduh CSV")).to_have_count(0)
    page.evaluate("window.stillTheSamePage = true")

    run_export_job(job.pk)  # what the worker does

    expect(page.locator("#export-status")).to_have_text("Selesai", timeout=10_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(bar).to_contain_text("100%")
    expect(page.locator("#export-rows")).to_have_text("3 dari 3 baris ditulis")
    download_link = page.get_by_role("link", name="Unduh CSV")
    expect(download_link).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "sk-besar.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert all(f"188/{n}/EXPORT" in text for n in range(3))
