"""Screenshots of the main pages for the README (docs/screenshots/), per role, at 1366 px and
on a 390 px phone. Run it against a running portal with the demo data (`make run`):

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]

It drives Debian's Chromium (/usr/bin/chromium, installed by `make chromium`) through
Playwright; no browser is downloaded.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "bangga-kencana-demo"  # noqa: S105 - the public demo accounts of seed_demo
YEAR = datetime.date.today().year
WIDTHS = {"desktop": 1366, "phone": 390}

# (file name, account, path)
PAGES = [
    ("provinsi-dashboard", "staf-kalsel", f"/wilayah/63/?tahun={YEAR}"),
    ("provinsi-rakerda", "staf-kalsel", f"/target/rakerda/63/{YEAR}/"),
    ("provinsi-verifikasi", "staf-kalsel", "/verifikasi/"),
    ("provinsi-stunting-kabkota", "staf-kalsel", f"/stunting/kabkota/63.03/?tahun={YEAR}"),
    ("provinsi-rencana-kerja-baru", "staf-kalsel", "/wilayah/63.71/pokja/rencana-kerja/tambah/"),
    ("koordinator-beranda", "koord-6371", f"/wilayah/63.71/?tahun={YEAR}"),
    ("koordinator-pokja", "koord-6371", "/wilayah/63.71/pokja/"),
    ("koordinator-capaian", "koord-6371", f"/target/capaian/63/{YEAR}/"),
    ("koordinator-asal-angka", "koord-6371", f"/asal-angka/efektivitas/63.71/{YEAR}/"),
    ("pusat-nasional", "pusat", f"/nasional/?tahun={YEAR}"),
    ("pusat-daftar-sk", "pusat", "/daftar/sk/"),
]


def choose_first_group(page) -> None:
    """The queue as a verifier uses it: the first group's rows chosen for verifying together."""
    page.locator("tr.queue-group input[type=checkbox]").first.check()
    page.get_by_label("Catatan untuk riwayat (opsional)").fill("Dokumen diperiksa di rapat Senin")
    page.evaluate("window.scrollTo(0, 0)")  # ticking scrolled the box into view


# What a person does on a page before it is photographed.
BEFORE_SHOT = {"provinsi-verifikasi": choose_first_group}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for account in dict.fromkeys(user for _, user, _ in PAGES):
            for kind, width in WIDTHS.items():
                context = browser.new_context(
                    base_url=args.base, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                page.goto("/masuk/")
                page.fill("[name=username]", account)
                page.fill("[name=password]", PASSWORD)
                page.locator("form [type=submit]").last.click()
                page.wait_for_load_state()
                for name, user, path in PAGES:
                    if user != account:
                        continue
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    if name in BEFORE_SHOT:
                        BEFORE_SHOT[name](page)
                    target = out / f"{name}-{kind}.png"
                    page.screenshot(path=str(target), full_page=kind == "phone")
                    print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
