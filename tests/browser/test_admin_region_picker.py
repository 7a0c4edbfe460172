"""Creating an account in Django admin: the region search offers the level the role needs."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.factories import KabupatenKotaFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def regions_and_admin(transactional_db):
    kalsel = ProvinceFactory(code="63", name="Kalimantan Selatan")
    KabupatenKotaFactory(code="63.03", name="Kabupaten Banjar", parent=kalsel)
    KabupatenKotaFactory(code="63.71", name="Kota Banjarmasin", parent=kalsel)
    return UserFactory(username="admin-browser", role="admin")


def options_after_typing(page, text):
    page.locator(".field-region .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    options = page.locator(".select2-results__option")
    expect(options.first).not_to_have_text("Mencari…")
    page.wait_for_timeout(600)
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def test_the_region_search_follows_the_role(page, regions_and_admin):
    log_in(page, "admin-browser")
    page.goto("/admin/pokja/user/add/")

    page.get_by_label("Peran").select_option("koordinator")
    assert options_after_typing(page, "a") == ["63.03 Kabupaten Banjar", "63.71 Kota Banjarmasin"]

    page.get_by_label("Peran").select_option("staf_provinsi")
    assert options_after_typing(page, "a") == ["63 Kalimantan Selatan"]
