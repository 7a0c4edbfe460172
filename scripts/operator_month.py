"""The operator's month, walked on a 390 px phone and measured: operator-6371 logs in, sees this
month's profile due under "Perlu tindakan", opens it, fills it, loses the connection, submits it
into "Antrean kirim", comes back online and sees it sent; koord-6371 verifies it; the operator
sees the class updated at once with the next class named. Run it against a running portal with
freshly seeded demo data (`make run`):

    .venv/bin/python scripts/operator_month.py [--base http://127.0.0.1:8000] [--shots DIR]

The demo seeds this month's profile as a draft (what a new operator finds: the due item reads
"masih draf"), so the walk completes that draft; on a portal where this month has no profile the
due item opens an empty form and the same fields are filled. It prints, per step, the clicks
(click, tick, choose, attach a file) and the fields typed, and the wall time of the automated
browser (not of a person: a person adds reading and typing time). With --shots it saves one phone
screenshot per step (operator-bulan-1-….png). It drives Debian's Chromium (/usr/bin/chromium)
through Playwright; no browser is downloaded. The service worker needs a secure context: use
http://127.0.0.1 or http://localhost.
"""

from __future__ import annotations

import argparse
import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

# The browser, its flags and the demo password: the same as the README's screenshots (run as
# `python scripts/operator_month.py`, so scripts/ is on the path).
from screenshots import CHROMIUM, FLAGS, PASSWORD  # noqa: E402

MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
MONTHS = MONTHS.split()
PHONE = {"width": 390, "height": 844}
PDF = (  # the smallest file the portal accepts as a PDF
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


@dataclass
class Step:
    name: str
    who: str
    clicks: int = 0
    typed: int = 0
    seconds: float = 0.0


@dataclass
class Walk:
    """Counts what a person does (every click and every field typed) per step, and times it."""

    shots: Path | None
    steps: list[Step] = field(default_factory=list)
    _started: float = 0.0

    def step(self, name: str, who: str) -> None:
        self.steps.append(Step(name, who))
        self._started = time.perf_counter()

    def done(self, page: Page, shot: str, *, full_page: bool = False) -> None:
        """Ends the step; its screenshot is what the phone's screen shows (or the whole page)."""
        self.steps[-1].seconds = time.perf_counter() - self._started
        if self.shots:
            target = self.shots / f"operator-bulan-{len(self.steps)}-{shot}.png"
            page.screenshot(path=str(target), full_page=full_page)
            print(target)

    # What a person does: each call is counted.
    def click(self, locator) -> None:
        self.steps[-1].clicks += 1
        locator.click()

    def check(self, locator) -> None:
        self.steps[-1].clicks += 1
        locator.check()

    def select(self, locator, value: str) -> None:
        self.steps[-1].clicks += 1  # a select is one tap to open and one to choose: counted once
        locator.select_option(value)

    def attach(self, locator, name: str) -> None:
        self.steps[-1].clicks += 1
        pdf = {"name": name, "mimeType": "application/pdf", "buffer": PDF}
        locator.set_input_files(files=[pdf])

    def type(self, locator, text: str) -> None:
        self.steps[-1].typed += 1
        locator.fill(text)


def wait_until(page: Page, condition: str, seconds: float = 30) -> None:
    """Polls a condition in the page (wait_for_function evaluates a string, which the
    portal's Content-Security-Policy refuses)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(f"() => {condition}"):
        if time.monotonic() > deadline:
            raise TimeoutError(condition)
        page.wait_for_timeout(100)


def log_in(walk: Walk, page: Page, username: str) -> None:
    page.goto("/masuk/")
    walk.type(page.get_by_label("Nama pengguna"), username)
    walk.type(page.get_by_label("Kata sandi"), PASSWORD)
    walk.click(page.get_by_role("button", name="Masuk"))
    expect(page.get_by_role("button", name="Masuk")).to_have_count(0)


def open_menu(walk: Walk, page: Page) -> None:
    """On a phone the navbar is folded behind its button."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        walk.click(toggler)


def fill_profile(walk: Walk, page: Page) -> None:
    """This month's news, as an operator would enter it: the Pokja formed with its SK and
    trained, a PKB/PLKB and a village regulation, an RKM, more data and funding sources, a
    secretariat and Rumah DataKu, a third Poktan, the five routines running, and this month's
    families and KB users (numbers typed the Indonesian way, 1.512)."""
    form = page.locator("main form")
    for name in ("pokja_formed", "pokja_trained"):
        walk.check(form.locator(f"[name={name}]"))
    walk.type(form.locator("[name=pokja_members]"), "12")
    walk.type(form.locator("[name=pokja_members_trained]"), "8")
    walk.select(form.locator("[name=pokja_sk_signer]"), "kades")
    walk.attach(form.locator("[name=document]"), "sk-pokja-mantuil.pdf")
    walk.select(form.locator("[name=guide]"), "pkb")
    walk.select(form.locator("[name=regulation_signer]"), "kades")
    walk.check(form.locator("[name=has_rkm]"))
    walk.attach(form.locator("[name=rkm_document]"), "rkm-2026.pdf")
    for value in ("routine", "podes", "sectoral"):
        walk.check(form.locator(f"[name=data_sources][value={value}]"))
    walk.check(form.locator("[name=funding_sources][value=apbd]"))
    for name in ("has_secretariat", "has_rumah_dataku", "bkl_active"):
        walk.check(form.locator(f"[name={name}]"))
    walk.type(form.locator("[name=bkl_members]"), "7")
    for name in ("coordination", "outreach", "monitoring", "reporting"):
        walk.select(form.locator(f"[name=routine_{name}]"), "monthly")
    walk.type(form.locator("[name=pus]"), "1.512")  # how Indonesians write 1512
    walk.type(form.locator("[name=families]"), "2.230")
    walk.type(form.locator("[name=kb_injection]"), "612")
    walk.type(form.locator("[name=kb_pill]"), "301")
    walk.select(form.locator("[name=status]"), "diajukan")  # submitted for verification


def run(base: str, shots: Path | None) -> Walk:
    walk = Walk(shots)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        phone = {"base_url": base, "viewport": PHONE, "is_mobile": True, "has_touch": True}
        operator = browser.new_context(**phone)
        page = operator.new_page()

        walk.step("Log in; home page says this month's profile is due", "operator")
        log_in(walk, page, "operator-6371")
        due = page.locator("#home-due a.fw-semibold").first
        expect(due).to_contain_text("Profil Kampung KB")
        walk.done(page, "beranda-perlu-tindakan")

        walk.step("Open the due profile", "operator")
        walk.click(due)
        expect(page.locator("main form [name=period]")).to_be_visible()
        walk.done(page, "formulir")

        walk.step("Fill it (once)", "operator")
        fill_profile(walk, page)
        page.get_by_role("button", name="Simpan").scroll_into_view_if_needed()
        walk.done(page, "terisi")

        walk.step("Lose the connection", "operator")
        # The pages kept on the device while the signal lasted (not a person's action). Cut off
        # before this finishes, the queue page opens without its scripts and reads as empty.
        wait_until(page, "!!navigator.serviceWorker.controller && !!localStorage['kkb-pages-kept']")
        operator.set_offline(True)
        expect(page.get_by_text("Tanpa sinyal.")).to_be_visible()
        page.get_by_text("Tanpa sinyal.").scroll_into_view_if_needed()
        walk.done(page, "tanpa-sinyal")

        walk.step("Submit: kept in Antrean kirim", "operator")
        walk.click(page.get_by_role("button", name="Simpan"))
        item = page.locator(".offline-item")
        expect(item.locator(".offline-state")).to_have_text("Menunggu sinyal")
        walk.done(page, "antrean-kirim")

        walk.step("Connection back: sent", "operator")
        operator.set_offline(False)
        expect(item.locator(".offline-state")).to_have_text("Terkirim", timeout=30_000)
        walk.done(page, "terkirim")

        walk.step("Open it: submitted, waiting for the coordinator", "operator")
        walk.click(item.get_by_role("link", name="Buka data"))
        expect(page.locator("main")).to_contain_text("Diajukan")
        walk.done(page, "diajukan")

        coordinator = browser.new_context(**phone)
        other = coordinator.new_page()
        walk.step("Coordinator: log in, open it from Antrean verifikasi", "koord-6371")
        log_in(walk, other, "koord-6371")
        # A submitted profile is in the verification queue at once; "Perlu tindakan" lists it
        # only after the next reminders run.
        open_menu(walk, other)
        walk.click(other.get_by_role("link", name="Antrean verifikasi").first)
        walk.click(other.get_by_role("link", name="Kampung KB Mekar Mantuil").first)
        verify = other.get_by_role("button", name="Verifikasi")
        expect(verify).to_be_visible()
        verify.scroll_into_view_if_needed()
        walk.done(other, "koordinator-membuka")

        walk.step("Coordinator: verify", "koord-6371")
        walk.click(verify)
        expect(other.locator("main")).to_contain_text("Terverifikasi")
        walk.done(other, "koordinator-verifikasi")
        coordinator.close()

        walk.step("Operator: the class, updated at once, next class named", "operator")
        open_menu(walk, page)
        walk.click(page.get_by_role("link", name="Kampung KB", exact=True).first)
        month = f"{MONTHS[datetime.date.today().month - 1]} {datetime.date.today().year}"
        expect(page.locator("main")).to_contain_text(f"Dari profil terverifikasi bulan {month}")
        expect(page.locator("main")).to_contain_text("Naik ke")
        walk.done(page, "kelas", full_page=True)
        browser.close()
    return walk


def report(walk: Walk) -> None:
    rows = [(s.name, s.who, s.clicks, s.typed, f"{s.seconds:.1f}") for s in walk.steps]
    total = ("Total", "", sum(r[2] for r in rows), sum(r[3] for r in rows))
    seconds = sum(s.seconds for s in walk.steps)
    print("| # | step | who | clicks | fields typed | seconds |")
    print("|---|---|---|---|---|---|")
    for number, row in enumerate(rows, 1):
        print(f"| {number} | {' | '.join(str(cell) for cell in row)} |")
    print(f"| | {total[0]} | | {total[2]} | {total[3]} | {seconds:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--shots", help="folder for one screenshot per step")
    args = parser.parse_args()
    shots = Path(args.shots) if args.shots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    report(run(args.base, shots))


if __name__ == "__main__":
    main()
