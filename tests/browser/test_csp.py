"""Under the Content-Security-Policy (issue #23) a representative set of pages, as each role sees
them, reports no violation, and what used to be inline script still works: charts draw,
formsets add rows, the rupiah input groups digits, the list's print button prints, the
language select of the login page switches, Swagger and Redoc show the API, and Django admin's
autocomplete finds a region."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from pokja.devdata.accounts import seed_demo
from pokja.effectiveness import engine
from stunting.models import PrevalenceFigure
from tests.browser.helpers import EXPECTED_CSP_BLOCKS
from tests.browser.test_journeys_pages import log_in

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year

# Each page gets a listener before its own scripts run; window.print is replaced by a counter so
# that the print button can be checked without a dialog.
INIT_SCRIPT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " in " +
    (event.sourceFile || document.location.pathname) + ":" + event.lineNumber
  );
});
window.__printed = 0;
window.print = function () { window.__printed += 1; };
"""


@pytest.fixture
def demo(db):
    seed_demo()
    engine.recompute(years=[YEAR - 1, YEAR], scope_code=None)


@pytest.fixture
def watched(page: Page):
    """The page with a securitypolicyviolation listener on every document it opens (the console
    messages are collected by the page fixture in page.csp_problems)."""
    page.context.add_init_script(INIT_SCRIPT)
    return page


def violations(page: Page) -> list[str]:
    found = page.evaluate("window.__cspViolations || []")
    return [v for v in found if not any(uri in v for uri in EXPECTED_CSP_BLOCKS)]


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], path


def assert_charts_drawn(page: Page) -> None:
    canvases = page.locator("canvas")
    expect(canvases.first).to_be_visible()
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas')).filter(c => Chart.getChart(c)).length"
    )
    assert drawn == canvases.count() > 0


def test_staff_pages_report_no_violation(watched, demo):
    page = watched
    log_in(page, "staf-kalsel")
    for path in [
        "/wilayah/63/",
        f"/target/rakerda/63/{YEAR}/",
        "/stunting/provinsi/63/",
        "/kampung-kb/wilayah/63/",
    ]:
        visit(page, path)
        assert_charts_drawn(page)
    for path in [
        f"/target/63/{YEAR}/",
        f"/target/capaian/63/{YEAR}/",
        "/verifikasi/",
        f"/wilayah/63/?tahun={YEAR}&cetak=1",
        "/stunting/provinsi/63/cetak/",
    ]:
        visit(page, path)

    visit(page, "/wilayah/63.71/pokja/rencana-kerja/tambah/")
    rows = page.locator("[data-formset-body] [data-formset-row]")
    before = rows.count()
    page.get_by_role("button", name="Tambah baris").click()
    expect(rows).to_have_count(before + 1)
    assert violations(page) == []

    visit(page, "/daftar/sk/")
    page.get_by_role("button", name="Cetak").click()
    assert page.evaluate("window.__printed") == 1

    visit(page, "/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert violations(page) == []
    visit(page, "/api/v1/redoc/")
    expect(page.locator("[data-section-id]").first).to_be_attached()
    expect(page.get_by_role("heading", name="Portal Pokja Bangga Kencana API")).to_be_visible()
    assert violations(page) == []
    assert page.csp_problems == []


def test_coordinator_pages_report_no_violation(watched, demo):
    page = watched
    log_in(page, "koord-6371")
    for path in ["/stunting/kabkota/63.71/", "/kampung-kb/wilayah/63.71/"]:
        visit(page, path)
        assert_charts_drawn(page)
    for path in ["/", "/wilayah/63.71/", f"/target/capaian/63/{YEAR}/", "/daftar/anggaran/"]:
        visit(page, path)

    visit(page, "/wilayah/63.71/pokja/anggaran/tambah/")
    amount = page.locator("[name=amount]")
    amount.press_sequentially("75000000")
    expect(amount).to_have_value("75.000.000")
    assert violations(page) == []
    assert page.csp_problems == []


def test_operator_pages_report_no_violation(watched, demo):
    page = watched
    log_in(page, "operator-6371")
    visit(page, "/")
    visit(page, "/kampung-kb/")
    add_profile = page.locator("main a[href$='/profil/tambah/']").first
    visit(page, add_profile.get_attribute("href"))
    expect(page.locator("main form")).to_be_visible()
    assert page.csp_problems == []


def test_admin_pages_report_no_violation(watched, demo):
    page = watched
    log_in(page, "admin")
    for path in ["/nasional/", "/stunting/nasional/", "/kampung-kb/nasional/", "/admin/"]:
        visit(page, path)

    visit(page, "/admin/pokja/user/add/")
    page.get_by_label("Peran").select_option("koordinator")
    page.locator(".field-region .select2-selection").click()
    page.locator(".select2-search__field").fill("Banjarmasin")
    expect(page.locator(".select2-results__option").first).to_have_text("63.71 Kota Banjarmasin")
    page.keyboard.press("Enter")
    expect(page.locator(".field-region .select2-selection__rendered")).to_contain_text(
        "Kota Banjarmasin"
    )
    assert violations(page) == []

    figure = PrevalenceFigure.objects.order_by("pk").first()
    visit(page, f"/admin/stunting/prevalencefigure/{figure.pk}/change/")
    with page.expect_popup() as popup_info:
        page.locator(".related-lookup").first.click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert violations(popup) == []
    popup.close()
    visit(page, f"/admin/stunting/prevalencefigure/{figure.pk}/history/")
    assert page.csp_problems == []


def test_the_language_select_switches_without_inline_script(watched, db):
    page = watched
    visit(page, "/masuk/")
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    page.get_by_label("Bahasa").select_option("en")
    expect(page.get_by_label("Username")).to_be_visible()
    assert violations(page) == []
    assert page.csp_problems == []
