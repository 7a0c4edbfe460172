"""Entering and verifying Pokja evidence through the real pages, as staff and coordinators do."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pokja.models import BudgetAllocation, Decree
from tests.browser.factories_records import PokjaFactory
from tests.browser.helpers import PDF, log_in, second_user


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / "sk-pokja-banjarmasin.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


def test_staff_add_a_verified_sk_with_its_document(page, staf_kalsel, pokja_6371, pdf_file):
    log_in(page, "staf-kalsel")
    page.goto("/wilayah/63.71/pokja/")
    page.locator("#sk").get_by_role("link", name="Tambah").click()

    page.locator("[name=number]").fill("188.45/123/KUM/2024")
    page.locator("[name=set_on]").fill("2024-03-14")
    page.locator("[name=signer]").select_option("walikota")
    page.locator("[name=valid_from]").fill("2024-03-14")
    page.locator("[name=valid_until]").fill("2029-03-13")
    page.locator("[name=document]").set_input_files(pdf_file)
    page.locator("[name=status]").select_option("terverifikasi")
    page.get_by_role("button", name="Simpan").click()

    decree = Decree.objects.get(pokja=pokja_6371, number="188.45/123/KUM/2024")
    page.wait_for_url(f"**/sk/{decree.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("188.45/123/KUM/2024")
    expect(page.locator(".status-terverifikasi").first).to_have_text("Terverifikasi")
    link = page.get_by_role("link", name="sk-pokja-banjarmasin.pdf")
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF
    decree.refresh_from_db()
    assert (decree.status, decree.verified_by_id) == (Decree.Status.TERVERIFIKASI, staf_kalsel.pk)


def test_coordinator_submits_a_budget_and_staff_verify_it(
    page, browser, live_server, koord_6371, staf_kalsel, pokja_6371, pdf_file
):
    year = timezone.localdate().year
    log_in(page, "koord-6371")
    page.goto("/wilayah/63.71/pokja/")
    page.locator("#anggaran").get_by_role("link", name="Tambah").click()

    page.locator("[name=year]").fill(str(year))
    page.locator("[name=source]").select_option("apbd")
    page.locator("[name=amount]").fill("75000000")
    page.locator("[name=dpa_reference]").fill("2.14.02.2.01 Koordinasi Pokja Bangga Kencana")
    page.locator("[name=document]").set_input_files(pdf_file)
    page.locator("[name=status]").select_option("draf")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".status-draf").first).to_have_text("Draf")
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.locator(".status-diajukan").first).to_have_text("Diajukan")
    expect(page.get_by_role("button", name="Verifikasi")).to_have_count(0)
    budget = BudgetAllocation.objects.get(pokja=pokja_6371, year=year)
    assert budget.status == BudgetAllocation.Status.DIAJUKAN

    with second_user(browser, live_server, "staf-kalsel") as staff_page:
        staff_page.goto(budget.get_absolute_url())
        expect(staff_page.locator(".status-diajukan").first).to_have_text("Diajukan")
        staff_page.get_by_role("button", name="Verifikasi").click()
        expect(staff_page.locator(".status-terverifikasi").first).to_have_text("Terverifikasi")

    page.reload()
    expect(page.locator(".status-terverifikasi").first).to_have_text("Terverifikasi")
    expect(page.get_by_role("button", name="Ajukan untuk verifikasi")).to_have_count(0)
    budget.refresh_from_db()
    assert (budget.status, budget.verified_by_id) == (
        BudgetAllocation.Status.TERVERIFIKASI,
        staf_kalsel.pk,
    )
