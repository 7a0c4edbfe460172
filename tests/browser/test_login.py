from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_coordinator_logs_in_sees_own_region_and_cannot_open_another(page, koord_6371, banjarbaru):
    page.goto("/")
    expect(page.get_by_role("heading", name="Masuk ke Portal Pokja Bangga Kencana")).to_be_visible()

    page.get_by_label("Nama pengguna").fill("koord-6371")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Kota Banjarmasin")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_text("Wilayah di bawahnya")).to_be_visible()

    response = page.goto("/wilayah/63.72/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halaman tidak ditemukan")
    expect(page.get_by_text("Kota Banjarbaru")).to_have_count(0)
