"""The main pages as each role sees them (#10): Indonesian in an English browser, no page that
scrolls sideways on a 390 px phone, and no serious or critical accessibility violation found
by axe-core (bundled with axe-playwright-python, nothing downloaded at run time)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from pokja.devdata.accounts import DEMO_PASSWORD, seed_demo
from pokja.effectiveness import engine
from pokja.models import WorkPlan
from tests.browser.helpers import csp_problems

YEAR = timezone.localdate().year
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo(db):
    seed_demo()
    engine.recompute(years=[YEAR - 1, YEAR], scope_code=None)


@pytest.fixture
def english_page(browser, live_server):
    """A standard English Chromium: the portal must still start in Bahasa Indonesia."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = csp_problems(page)
    yield page
    context.close()
    assert problems == [], "Content-Security-Policy violations"


def log_in(page: Page, username: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Masuk")).to_have_count(0)


def pages_for(username: str) -> list[str]:
    plan = WorkPlan.objects.filter(pokja__region="63.71").order_by("-year").first()
    common = [
        "/wilayah/63.71/",
        "/wilayah/63.71/pokja/",
        "/daftar/sk/",
        "/daftar/anggaran/",
        "/panduan/",
        "/tentang/",
    ]
    if username == "staf-kalsel":
        return [
            "/wilayah/63/",
            *common,
            "/verifikasi/",
            f"/target/63/{YEAR}/",
            f"/target/rakerda/63/{YEAR}/",
            f"/target/capaian/63/{YEAR}/",
            "/wilayah/63.71/pokja/rencana-kerja/tambah/",
            f"/rencana-kerja/{plan.pk}/ubah/",
        ]
    if username == "koord-6371":
        return [*common, f"/target/capaian/63/{YEAR}/", "/wilayah/63.71/pokja/anggaran/tambah/"]
    return ["/nasional/", "/wilayah/63/", "/wilayah/73/", *common]


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


@pytest.mark.parametrize("username", ["staf-kalsel", "koord-6371", "pusat"])
def test_main_pages_fit_a_phone_and_pass_axe(english_page, demo, username):
    page = english_page
    log_in(page, username)
    problems = []
    for path in pages_for(username):
        page.set_viewport_size(PHONE)
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "id", path
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width} px wide on a phone")
        page.set_viewport_size(DESKTOP)
        page.wait_for_timeout(50)
        problems += [f"{path}: {v}" for v in serious_violations(page)]
    assert problems == []


@pytest.mark.parametrize("username", ["admin", "staf-kalsel", "koord-6371"])
def test_the_navbar_is_one_line_on_a_desktop(page, demo, username):
    log_in(page, username)
    for width in (1200, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/wilayah/63/" if username != "koord-6371" else "/wilayah/63.71/")
        page.wait_for_load_state("networkidle")
        navbar = page.locator("nav.navbar").bounding_box()
        # One row of links is about 56 px tall; a wrapped label made it 100 px or more.
        assert navbar["height"] < 70, (width, navbar)
        assert page.evaluate("document.documentElement.scrollWidth") == width
        expect(page.locator("nav.navbar").get_by_role("link", name="Kampung KB")).to_be_visible()


def test_the_language_switch_is_in_the_user_menu(page, demo):
    log_in(page, "koord-6371")
    page.set_viewport_size(DESKTOP)
    page.goto("/wilayah/63.71/")

    page.locator("#user-menu").click()
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Home", exact=True)).to_be_visible()


@pytest.fixture
def axe_page(browser, live_server):
    """A page for axe alone. axe-core sets inline styles while it measures Django admin's
    widgets, which the Content-Security-Policy reports; admin's own pages are checked for
    violations without axe in test_csp.py."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_admin_pages_pass_axe_at_both_widths(axe_page, demo):
    """Django admin, where the accounts are made (#24): the region search named by its label,
    the date-and-time halves labelled, no empty-named widget, in the portal's Indonesian."""
    from pokja.models import User

    page = axe_page
    log_in(page, "admin")
    koordinator = User.objects.get(username="koord-6371")
    problems = []
    for path in [
        "/admin/",
        "/admin/pokja/user/add/",
        f"/admin/pokja/user/{koordinator.pk}/change/",
        "/admin/knox/authtoken/",
        "/admin/knox/authtoken/add/",
        "/admin/auth/group/add/",
        "/panduan/",
    ]:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            response = page.goto(path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            problems += [f"{path} {size['width']}: {v}" for v in serious_violations(page)]
    assert problems == []
    page.set_viewport_size(DESKTOP)
    page.goto(f"/admin/pokja/user/{koordinator.pk}/change/")
    expect(page.get_by_role("combobox", name="Wilayah")).to_be_visible()
    page.goto("/admin/")
    expect(page.get_by_role("link", name="Akses API")).to_be_visible()
    expect(page.locator("#knox-authtoken").get_by_role("link", name="Token API")).to_be_visible()
