"""A month's profile through the real pages: the operator enters and submits it, the coordinator
verifies it and recomputes, and the kab/kota page shows the village one class up."""

import datetime

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from pokja.models import User
from tests.browser.helpers import log_in, second_user
from tests.factories import UserFactory
from tests.helpers import PNG
from tests.kampungkb_factories import KampungKBFactory, village


@pytest.fixture
def kampung(banjarmasin):
    return KampungKBFactory(region=village(banjarmasin, 1), name="Kampung KB Mantuil")


@pytest.fixture
def operator(kampung):
    return UserFactory(
        username="operator-6371", role=User.Role.OPERATOR_KAMPUNG_KB, region=kampung.region
    )


def test_operator_submits_coordinator_verifies_and_the_class_moves_up(
    page, browser, live_server, operator, koord_6371, kampung
):
    year = datetime.date.today().year
    with second_user(browser, live_server, "koord-6371") as coordinator:
        coordinator.goto("/kampung-kb/wilayah/63.71/")
        coordinator.get_by_role("button", name="Hitung klasifikasi sekarang").click()
        expect(coordinator.locator('[data-class="dasar"]').first).to_have_text("1")

        log_in(page, "operator-6371")
        page.get_by_role("link", name="Kampung KB", exact=True).first.click()
        expect(page.get_by_role("heading", name="Kampung KB Mantuil")).to_be_visible()
        page.get_by_role("link", name="Isi profil bulanan").click()
        page.locator("[name=pokja_formed]").check()
        page.locator("[name=pokja_trained]").check()
        page.locator("[name=pokja_members]").fill("12")
        page.locator("[name=guide]").select_option("pkb")
        page.locator("[name=regulation_signer]").select_option("kades")
        for value in ("apbd", "dana_desa"):
            page.locator(f"[name=funding_sources][value={value}]").check()
        for value in ("pk", "routine", "podes", "sectoral"):
            page.locator(f"[name=data_sources][value={value}]").check()
        for poktan in ("bkb", "bkr", "bkl"):
            page.locator(f"[name={poktan}_active]").check()
        page.locator("[name=has_secretariat]").check()
        page.locator("[name=has_rumah_dataku]").check()
        for routine in ("planning", "coordination", "outreach", "monitoring", "reporting"):
            page.locator(f"[name=routine_{routine}]").select_option("monthly")
        page.locator("[name=status]").select_option("diajukan")
        page.get_by_role("button", name="Simpan").click()
        expect(page.get_by_text("Diajukan").first).to_be_visible()

        coordinator.goto("/kampung-kb/")
        coordinator.get_by_role("link", name="Kampung KB Mantuil", exact=True).click()
        coordinator.locator("#profil").get_by_role("link").first.click()
        coordinator.get_by_role("button", name="Verifikasi").first.click()
        expect(coordinator.get_by_text("Terverifikasi").first).to_be_visible()

        coordinator.goto(f"/kampung-kb/wilayah/63.71/?tahun={year}")
        coordinator.get_by_role("button", name="Hitung klasifikasi sekarang").click()
        expect(coordinator.locator('[data-class="berkembang"]').first).to_have_text("1")
        expect(coordinator.locator('[data-class="dasar"]').first).to_have_text("0")
        expect(coordinator.locator("#kkb-list")).to_contain_text("Berkembang")


def test_the_photo_is_seen_on_the_kampung_page_and_fits_a_phone(
    page, live_server, operator, kampung
):
    kampung.photo = ContentFile(PNG, name="balai.png")
    kampung.save()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "operator-6371")
    page.goto(kampung.get_absolute_url())
    photo = page.locator("#kkb-photo img")
    expect(photo).to_be_visible()
    box = photo.bounding_box()
    assert box["width"] > 100 and box["x"] + box["width"] <= 390
    # The image really loads (decode() waits for it, so a slow request is not a failure).
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
