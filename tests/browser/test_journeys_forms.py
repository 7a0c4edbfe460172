"""The inline rows of a record form as a person sees them: visible, with a real size, and more
rows added on the page (issue #10: the rows were squeezed to zero width by a floated legend)."""

import pytest
from playwright.sync_api import expect

from pokja.models import DocumentIndicator, WorkPlan
from tests.browser.factories_records import PokjaFactory
from tests.browser.helpers import log_in
from tests.factories import WorkPlanActivityFactory, WorkPlanFactory


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


def assert_visible_with_size(locator, min_width: float = 120, min_height: float = 20) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["width"] >= min_width and box["height"] >= min_height, box


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_see_and_add_activity_rows_of_a_new_work_plan(page, staf_kalsel, pokja_6371, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "staf-kalsel")
    page.goto("/wilayah/63.71/pokja/rencana-kerja/tambah/")
    page.locator("[name=title]").fill("Rencana Kerja Pokja")
    page.locator("[name=status]").select_option("draf")
    rows = page.locator("[data-formset-body] [data-formset-row]")
    expect(rows).to_have_count(3)
    for _ in range(2):
        page.get_by_role("button", name="Tambah baris").click()
    expect(rows).to_have_count(5)
    for index in range(5):
        name = page.locator(f"[name=activities-{index}-name]")
        name.scroll_into_view_if_needed()
        assert_visible_with_size(name)
        name.fill(f"Kegiatan {index + 1}")
        page.locator(f"[name=activities-{index}-month_start]").fill("2")
        page.locator(f"[name=activities-{index}-month_end]").fill("4")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Simpan").click()

    plan = WorkPlan.objects.get(pokja=pokja_6371, title="Rencana Kerja Pokja")
    page.wait_for_url(f"**/rencana-kerja/{plan.pk}/")
    assert sorted(plan.activities.values_list("name", flat=True)) == [
        f"Kegiatan {n}" for n in range(1, 6)
    ]


def test_staff_delete_an_activity_row_when_editing(page, staf_kalsel, pokja_6371):
    plan = WorkPlanFactory(pokja=pokja_6371)
    WorkPlanActivityFactory(work_plan=plan, name="Rapat koordinasi")
    WorkPlanActivityFactory(work_plan=plan, name="Sosialisasi")
    log_in(page, "staf-kalsel")
    page.goto(f"/rencana-kerja/{plan.pk}/ubah/")
    delete = page.locator("[name=activities-1-DELETE]")
    assert_visible_with_size(delete, min_width=10, min_height=10)
    delete.check()
    expect(page.locator("[data-formset-row]").nth(1)).to_have_class("formset-row-deleted")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/rencana-kerja/{plan.pk}/")
    assert list(plan.activities.values_list("name", flat=True)) == ["Rapat koordinasi"]


def test_staff_give_a_new_planning_document_its_indicator(page, staf_kalsel, pokja_6371):
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, "staf-kalsel")
    page.goto("/wilayah/63.71/pokja/dokumen-indikator/tambah/")
    page.locator("[name=document_type]").select_option("rpjmd")
    page.locator("[name=title]").fill("Perda 3/2021 tentang RPJMD")
    page.locator("[name=year_start]").fill("2021")
    page.locator("[name=year_end]").fill("2026")
    page.locator("[name=status]").select_option("draf")
    indicator = page.locator("[name=indicators-0-indicator]")
    indicator.scroll_into_view_if_needed()
    assert_visible_with_size(indicator)
    indicator.select_option("mcpr")
    page.locator("[name=indicators-0-target_value]").fill("63,41")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/dokumen-indikator/*/")
    assert DocumentIndicator.objects.get().indicator == "mcpr"


def test_coordinator_types_a_rupiah_amount_and_reads_it_grouped(page, koord_6371, pokja_6371):
    log_in(page, "koord-6371")
    page.goto("/wilayah/63.71/pokja/anggaran/tambah/")
    page.locator("[name=source]").select_option("apbd")
    amount = page.locator("[name=amount]")
    amount.press_sequentially("75000000")
    expect(amount).to_have_value("75.000.000")
    page.locator("[name=status]").select_option("draf")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/anggaran/*/")
    expect(page.locator("dd", has_text="Rp 75.000.000")).to_be_visible()
