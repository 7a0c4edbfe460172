"""The verification queue on a phone, as provincial staff use it (issue #24): the groups' headings
in view, a group chosen with one tap, verified together with one note."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pokja.models import Decree, VerifiableRecord
from tests.browser.helpers import log_in
from tests.factories import BudgetAllocationFactory, DecreeFactory, PokjaFactory

Status = VerifiableRecord.Status
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def waiting(staf_kalsel, banjarmasin, banjarbaru):
    """Two SKs of Kota Banjarmasin (one 12 days old), a budget of Kota Banjarbaru."""
    pokja = PokjaFactory(region=banjarmasin)
    old = DecreeFactory(pokja=pokja, number="SK-LAMA/2026", status=Status.DIAJUKAN)
    Decree.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=12))
    new = DecreeFactory(pokja=pokja, number="SK-BARU/2026", status=Status.DIAJUKAN)
    BudgetAllocationFactory(pokja=PokjaFactory(region=banjarbaru), status=Status.DIAJUKAN)
    return [old, new]


def test_on_a_phone_staff_verify_a_group_together(page, waiting):
    page.set_viewport_size(PHONE)
    log_in(page, "staf-kalsel")
    page.goto("/verifikasi/")

    summary = page.locator("#queue-summary")
    expect(summary).to_contain_text("SK")
    expect(summary).to_contain_text("1 terlambat")
    heading = page.locator("tr.queue-group", has_text="SK · Kota Banjarmasin")
    expect(heading).to_be_visible()
    expect(
        page.locator("tr.queue-group", has_text="Alokasi anggaran · Kota Banjarbaru")
    ).to_be_visible()
    expect(page.get_by_text("12 hari")).to_be_visible()

    button = page.get_by_role("button", name="Verifikasi yang dipilih")
    expect(button).to_be_disabled()
    heading.get_by_role("checkbox").check()
    expect(button).to_contain_text("(2)")
    page.get_by_label("Catatan untuk riwayat (opsional)").fill("Dicek di rapat Senin")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # reachable unscrolled
    button.click()

    expect(page.get_by_text("2 data diverifikasi.")).to_be_visible()
    expect(page.locator("tr.queue-group", has_text="SK · Kota Banjarmasin")).to_have_count(0)
    for record in waiting:
        record.refresh_from_db()
        assert record.status == Status.TERVERIFIKASI
