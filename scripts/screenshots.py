"""Screenshots of the main pages for the README (docs/screenshots/), per role, at 1366 px and
on a 390 px phone. Run it against a running portal with the demo data (`make run`):

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]
        [--only NAME ...]

It drives Debian's Chromium (/usr/bin/chromium, installed by `make chromium`) through
Playwright; no browser is downloaded. The printed pages (PRINTS) are printed to PDF as the
browser's print dialog would and their first page turned into a PNG by `pdftoppm` (Debian's
poppler-utils).
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import tempfile
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
    ("koordinator-panduan", "koord-6371", "/panduan/"),
    ("pusat-nasional", "pusat", f"/nasional/?tahun={YEAR}"),
    ("pusat-daftar-sk", "pusat", "/daftar/sk/"),
    # The stunting ranking sorted by distance to target, furthest first (#24).
    ("provinsi-stunting-peringkat", "staf-kalsel", "/stunting/provinsi/63/?sort=-jarak#ranking"),
    ("pusat-stunting-nasional", "pusat", "/stunting/nasional/?sort=-jarak#ranking"),
    # The province's map, stunting layer: one source and one year (#21).
    ("provinsi-peta", "staf-kalsel", f"/wilayah/63/?tahun={YEAR}&peta=stunting#peta"),
]
# (file name, account, path): printed on A4, the first page kept as a PNG.
PRINTS = [
    ("provinsi-rakerda-cetak-halaman-1", "staf-kalsel", f"/target/rakerda/63/{YEAR}/"),
    ("provinsi-rakerda-ringkasan-gubernur", "staf-kalsel", f"/target/rakerda/63/{YEAR}/ringkasan/"),
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
    parser.add_argument("--only", nargs="*", help="take only these (file names without suffix)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in PAGES if not args.only or p[0] in args.only]
    prints = [p for p in PRINTS if not args.only or p[0] in args.only]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for account in dict.fromkeys(user for _, user, _ in pages + prints):
            for kind, width in WIDTHS.items():
                context = browser.new_context(
                    base_url=args.base, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                page.set_default_timeout(120_000)  # a busy machine; nothing here waits in vain
                page.goto("/masuk/")
                page.fill("[name=username]", account)
                page.fill("[name=password]", PASSWORD)
                page.locator("form [type=submit]").last.click()
                page.wait_for_load_state()
                for name, user, path in pages:
                    if user != account:
                        continue
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    if name in BEFORE_SHOT:
                        BEFORE_SHOT[name](page)
                    target = out / f"{name}-{kind}.png"
                    page.screenshot(path=str(target), full_page=kind == "phone")
                    print(target)
                if kind == "desktop":
                    for name, user, path in prints:
                        if user == account:
                            print(first_printed_page(page, path, out / f"{name}.png"))
                context.close()
        browser.close()


def first_printed_page(page, path: str, target: Path) -> Path:
    """The page printed to PDF (its own @page size, backgrounds on), its first sheet as a PNG."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "page.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        stem = Path(folder) / "page"
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
            check=True,
        )
        target.write_bytes(stem.with_suffix(".png").read_bytes())
    return target


if __name__ == "__main__":
    main()
