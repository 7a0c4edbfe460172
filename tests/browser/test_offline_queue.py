"""The monthly profile without a connection, in Chromium's offline mode: saved into the
device's queue ("Antrean kirim") with its PDF, kept over a reload, sent once when the connection
returns (a second replay answers "sudah diterima"), and a change meanwhile shown as a conflict
the operator settles. The service worker works on http://localhost (a secure context)."""

import pytest
from playwright.sync_api import expect

from kampungkb.models import Profile
from pokja.kernel import workflow
from pokja.models import User
from tests.browser.helpers import PDF, log_in
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def kampung(banjarmasin):
    return KampungKBFactory(region=village(banjarmasin, 1), name="Kampung KB Mantuil")


@pytest.fixture
def operator(kampung):
    return UserFactory(
        username="operator-6371", role=User.Role.OPERATOR_KAMPUNG_KB, region=kampung.region
    )


def start_offline_app(page, kampung):
    """Sign in on a phone and let the service worker keep the operator's pages."""
    page.set_viewport_size(PHONE)
    log_in(page, "operator-6371")
    page.goto(kampung.get_absolute_url())
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => localStorage.getItem('kkb-pages-kept') !== null")


def test_a_profile_saved_offline_is_queued_kept_and_sent_once(page, live_server, operator, kampung):
    start_offline_app(page, kampung)
    page.goto(kampung.get_absolute_url() + "profil/tambah/")
    page.locator("[name=period]").fill("08/2025")
    page.locator("[name=pokja_formed]").check()
    page.locator("[name=pokja_members]").fill("12")
    page.locator("[name=pokja_sk_signer]").select_option("kades")
    page.locator("[name=document]").set_input_files(
        files=[{"name": "sk-pokja.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.context.set_offline(True)
    expect(page.get_by_text("Tanpa sinyal.")).to_be_visible()
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_role("heading", name="Antrean kirim")).to_be_visible()
    item = page.locator(".offline-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Bulan: Agustus 2025")
    expect(item.locator(".offline-state")).to_have_text("Menunggu sinyal")
    assert not Profile.objects.exists()

    page.reload()  # still offline: the page and the queue come from the device
    expect(item.locator(".offline-state")).to_have_text("Menunggu sinyal")
    copy = "KkbQueue.items().then(items => { window.queued = items[0]; })"
    page.evaluate(copy)  # what a second replay would send again

    page.context.set_offline(False)
    expect(item.locator(".offline-state")).to_have_text("Terkirim")
    expect(item.get_by_role("link", name="Buka data")).to_be_visible()
    profile = Profile.objects.get()
    assert profile.document.name.endswith(".pdf") and profile.pokja_members == 12

    page.evaluate(
        "window.queued.state = 'waiting';"
        "KkbQueue.put(window.queued).then(() => KkbQueue.replayAll())"
    )
    page.reload()
    expect(item.locator(".offline-state")).to_have_text("Sudah diterima")
    assert Profile.objects.count() == 1


def test_a_profile_returned_meanwhile_shows_both_versions(
    page, live_server, operator, koord_6371, kampung
):
    profile = ProfileFactory(kampung=kampung, status="diajukan", pokja_formed=True, pokja_members=5)
    start_offline_app(page, kampung)
    page.goto(f"/kampung-kb/profil/{profile.pk}/ubah/")
    page.context.set_offline(True)
    page.locator("[name=pokja_members]").fill("9")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".offline-state")).to_have_text("Menunggu sinyal")

    workflow.record_reject(record=profile, user=koord_6371, reason="Cek anggota")
    page.context.set_offline(False)
    item = page.locator(".offline-item")
    expect(item.locator(".offline-state")).to_have_text("Berubah sementara itu: pilih versi")
    expect(item).to_contain_text("Cek anggota")
    row = item.locator("tr", has_text="Anggota pokja")
    expect(row).to_contain_text("9")
    expect(row).to_contain_text("5")
    profile.refresh_from_db()
    assert profile.pokja_members == 5  # nothing overwritten

    item.get_by_role("button", name="Kirim versi saya").click()
    expect(item.locator(".offline-state")).to_have_text("Terkirim")
    profile.refresh_from_db()
    assert profile.pokja_members == 9


def test_an_ended_session_keeps_the_queue_and_asks_to_sign_in(page, live_server, operator, kampung):
    start_offline_app(page, kampung)
    page.goto(kampung.get_absolute_url() + "profil/tambah/")
    page.locator("[name=period]").fill("07/2025")
    page.context.set_offline(True)
    page.get_by_role("button", name="Simpan").click()
    item = page.locator(".offline-item")
    expect(item.locator(".offline-state")).to_have_text("Menunggu sinyal")

    page.context.clear_cookies()  # the session ended meanwhile
    page.context.set_offline(False)
    expect(item.locator(".offline-state")).to_have_text("Masuk lagi untuk mengirimnya")
    assert not Profile.objects.exists()

    item.get_by_role("link", name="Masuk lagi").click()
    page.get_by_label("Nama pengguna").fill("operator-6371")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(item.locator(".offline-state")).to_have_text("Terkirim")
    assert Profile.objects.count() == 1
