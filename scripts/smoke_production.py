"""The production smoke test's requests (run by scripts/smoke_production.sh, which starts gunicorn,
the Celery worker and beat with production settings and seeds the demo data first).

Every request goes over loopback as nginx would pass it on: the portal's host name in `Host` and
`X-Forwarded-Proto: https`. Each demo account logs in through the real login form (CSRF token
and all) and opens the main pages of its role; pages outside its scope must answer 404.
Provincial staff press "recompute now" and the worker must finish that run. Any other status
than the expected one (a 500 above all) fails the test.

Usage: smoke_production.py BASE_URL HOST (the environment is the portal's, for the run check).
"""

from __future__ import annotations

import http.client
import os
import re
import sys
import time
import uuid
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

PASSWORD = "bangga-kencana-demo"  # noqa: S105 - the printed demo password, never in production
YEAR = date.today().year
RUN_TIMEOUT_S = 90


class Failure(Exception):
    pass


def multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type, as a browser sends a form with files."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """Just enough of a browser: cookies (Secure ones too: TLS ends at the proxy), CSRF."""

    def __init__(self, base: str, host: str):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.host = host
        self.cookies: dict[str, str] = {}
        self.checked = 0

    def request(
        self,
        method: str,
        path: str,
        *,
        body: dict | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        https: bool = True,
        accept: str | None = None,
    ):
        """One request; `files` (field: (name, content, type)) sends the body as multipart."""
        connection = http.client.HTTPConnection(*self.address, timeout=60)
        headers = {"Host": self.host, "User-Agent": "pokja-smoke-test"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if accept:
            headers["Accept"] = accept
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            if files:
                data, headers["Content-Type"] = multipart(body, files)
            else:
                data = urlencode(body)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.checked += 1
        return response, content

    def expect(self, path: str, status: int = 200, *, method="GET", body=None, https=True):
        response, content = self.request(method, path, body=body, https=https)
        if response.status != status:
            raise Failure(f"{method} {path}: HTTP {response.status}, expected {status}")
        return response, content.decode("utf-8", errors="replace")

    def login(self, username: str, password: str = PASSWORD) -> str:
        _, page = self.expect("/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            raise Failure("GET /masuk/: no CSRF token in the login form")
        response, _ = self.expect(
            "/masuk/",
            302,
            method="POST",
            body={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
            },
        )
        # The portal's home sends each role to its own landing page.
        response, _ = self.expect(urlsplit(response.headers["Location"]).path, 302)
        return urlsplit(response.headers["Location"]).path


# Pages each demo account must see (200), and pages outside its scope (404).
LISTS = [
    "/daftar/sk/?status=terverifikasi",
    "/daftar/rencana-kerja/",
    "/daftar/dokumen-indikator/",
    "/daftar/anggaran/",
    "/daftar/tanpa-rencana-kerja/",
]
ROLES = {
    "admin": {
        "home": "/nasional/",
        "ok": ["/nasional/", "/wilayah/63/", "/admin/", "/admin/pokja/user/", *LISTS]
        + ["/verifikasi/", "/efektivitas/riwayat-hitung/"],
        "not_found": [],
    },
    "staf-kalsel": {
        "home": "/wilayah/63/",
        "ok": [
            "/wilayah/63/",
            f"/wilayah/63/?tahun={YEAR - 1}",
            "/wilayah/63/?cetak=1",
            "/wilayah/63/pokja/",
            "/wilayah/63.71/",
            "/wilayah/63/peringkat.csv",
            "/wilayah/63/peringkat.xlsx",
            *LISTS,
            "/verifikasi/",
            "/efektivitas/riwayat-hitung/",
            f"/target/63/{YEAR}/",
            f"/target/capaian/63/{YEAR}/",
            f"/target/rakerda/63/{YEAR}/",
            "/kata-sandi/",
        ],
        "not_found": ["/wilayah/73/", "/wilayah/73.71/", "/nasional/"],
    },
    "staf-sulsel": {
        "home": "/wilayah/73/",
        "ok": ["/wilayah/73/", "/wilayah/73.71/", *LISTS, f"/target/rakerda/73/{YEAR}/"],
        "not_found": ["/wilayah/63/", "/wilayah/63.71/"],
    },
    "koord-6371": {
        "home": "/wilayah/63.71/",
        "ok": ["/wilayah/63.71/", "/wilayah/63.71/pokja/", *LISTS],
        "not_found": ["/wilayah/63.72/", "/wilayah/73.71/", "/nasional/"],
    },
    "koord-6372": {
        "home": "/wilayah/63.72/",
        "ok": ["/wilayah/63.72/", "/wilayah/63.72/pokja/", "/daftar/sk/"],
        "not_found": ["/wilayah/63.71/"],
    },
    "koord-7371": {
        "home": "/wilayah/73.71/",
        "ok": ["/wilayah/73.71/", "/wilayah/73.71/pokja/", "/daftar/sk/"],
        "not_found": ["/wilayah/63.71/"],
    },
    "pusat": {
        "home": "/nasional/",
        "ok": ["/nasional/", "/wilayah/63/", "/wilayah/73.71/", *LISTS],
        "not_found": ["/efektivitas/riwayat-hitung/"],
    },
}


def check_anonymous(base: str, host: str) -> int:
    browser = Browser(base, host)
    # Plain HTTP from the proxy's point of view: Django sends the client to HTTPS.
    response, _ = browser.expect("/masuk/", 301, https=False)
    if not response.headers["Location"].startswith(f"https://{host}/"):
        raise Failure(f"HTTP redirect goes to {response.headers['Location']}")
    browser.expect("/", 302)
    _, page = browser.expect("/masuk/")
    # Every stylesheet and script of the page, by its hashed name from the manifest.
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    if not any(".css" in asset for asset in assets):
        raise Failure("the login page links no stylesheet")
    for asset in assets:
        if not re.search(r"\.[0-9a-f]{12}\.", asset):
            raise Failure(f"{asset} is not a hashed name from the manifest")
        browser.expect(asset)
    # The operators' service worker names its files through the manifest too (a missing one is
    # a 500 under production settings only), and each of them is served.
    _, worker = browser.expect("/sw.js")
    for asset in re.findall(r'"(/static/[^"]+)"', worker):
        # Workbox's module folder: it loads its modules by their plain names from there.
        browser.expect(asset + "workbox-core.prod.js" if asset.endswith("/") else asset)
    return browser.checked


def check_role(base: str, host: str, username: str, pages: dict) -> int:
    browser = Browser(base, host)
    home = browser.login(username)
    if home != pages["home"]:
        raise Failure(f"{username} lands on {home}, expected {pages['home']}")
    for path in pages["ok"]:
        browser.expect(path)
    for path in pages["not_found"]:
        browser.expect(path, 404)
    if username == "staf-kalsel":
        check_evidence_download(browser)
        check_recompute(browser)
    browser.expect("/keluar/", 302, method="POST", body={})
    browser.expect("/wilayah/63/", 302)  # logged out: back to the login page
    return browser.checked


def check_evidence_download(browser: Browser) -> None:
    """The first verified SK's page and its evidence file, served by the portal's view."""
    _, page = browser.expect("/daftar/sk/?status=terverifikasi")
    detail = re.search(r'href="(/sk/\d+/)"', page)
    if not detail:
        raise Failure("no SK in the demo list")
    _, page = browser.expect(detail.group(1))
    document = re.search(r'href="(/sk/\d+/berkas/)"', page)
    if not document:
        raise Failure(f"{detail.group(1)} links no evidence file")
    response, _ = browser.request("GET", document.group(1))
    if response.status != 200 or response.headers["Content-Type"] != "application/pdf":
        raise Failure(f"{document.group(1)}: HTTP {response.status} {response.headers}")


def check_recompute(browser: Browser) -> None:
    """The "recompute now" button queues a run; the worker must take it and finish it."""
    from pokja.models import AssessmentRun

    before = set(AssessmentRun.objects.values_list("pk", flat=True))
    browser.expect("/wilayah/63/hitung-ulang/", 302, method="POST", body={"tahun": YEAR})
    queued = AssessmentRun.objects.exclude(pk__in=before)
    if queued.count() != 1:
        raise Failure(f"recompute queued {queued.count()} runs, expected 1")
    run = queued.get()
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while run.status in (AssessmentRun.Status.QUEUED, AssessmentRun.Status.RUNNING):
        if time.monotonic() > deadline:
            raise Failure(f"the worker did not finish run {run.pk} in {RUN_TIMEOUT_S} s")
        time.sleep(0.5)
        run.refresh_from_db()
    if run.status != AssessmentRun.Status.DONE or run.errors or run.region_count != 14:
        raise Failure(f"run {run.pk}: {run.status}, {run.region_count} regions, {run.errors}")
    print(f"  recompute of 63 by the worker: {run.region_count} regions, {run.status}")
    browser.expect("/efektivitas/riwayat-hitung/")


def main(base: str, host: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    total = 0
    try:
        total += check_anonymous(base, host)
        for username, pages in ROLES.items():
            checked = check_role(base, host, username, pages)
            print(f"  {username:<12} {checked:>3} requests as expected")
            total += checked
    except Failure as failure:
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"Smoke test: {total} requests, every one as expected.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main(*sys.argv[1:3]))
