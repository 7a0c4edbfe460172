"""Shared steps of the browser tests."""

from contextlib import contextmanager

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

# Content-Security-Policy violations the browser reports on purpose: Redoc's sidebar shows
# Redocly's logo from its CDN, which the policy blocks (no foreign origin).
EXPECTED_CSP_BLOCKS = ("https://cdn.redoc.ly/",)

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def csp_problems(page) -> list[str]:
    """Every Content-Security-Policy violation the page reports on the console, from now on."""
    problems = []

    def note(message):
        text = message.text
        if "Content Security Policy" in text and not any(u in text for u in EXPECTED_CSP_BLOCKS):
            problems.append(f"{page.url}: {text[:300]}")

    page.on("console", note)
    return problems


def log_in(page: Page, username: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Masuk")).to_have_count(0)


@contextmanager
def second_user(browser, live_server, username: str):
    """A page in a browser context of its own, logged in as another user."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = csp_problems(page)
        log_in(page, username)
        yield page
    finally:
        context.close()
    assert problems == [], "Content-Security-Policy violations"
