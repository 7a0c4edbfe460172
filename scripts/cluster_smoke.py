"""The cluster smoke test's requests (run by scripts/cluster_smoke.sh, which starts nginx, hosts A
and B, the worker, beat and the S3 server, all with production settings).

1. A coordinator logs in on host A and uploads an SK with its evidence file through A's form;
   host B serves the same bytes (the file is in object storage, not on A's disk).
2. The coordinator's list export becomes a job (EXPORT_INLINE_MAX_ROWS=0): the worker writes the
   file, host B reports it finished and serves it.
3. Load through nginx: a few clients, each logged in, open pages (GET) and add Pokja members
   (POST, each with its own submission key, as the device's queue sends them). Host A is killed
   (SIGKILL) in the middle. nginx must pass every GET on to host B (0 failed GETs); a POST cut
   off by the kill is sent again by its client with the same key, as the queue does, and must
   be saved exactly once: afterwards every POST a client saw succeed is in the database once.

Usage: cluster_smoke.py --nginx URL --host-a URL --host-b URL --host NAME --kill-host-a PGID
(the environment is the portal's, for the database checks).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smoke_production import Browser, Failure  # noqa: E402 - the production smoke test's client

CITY = "63.71"  # Kota Banjarmasin: its Pokja and its coordinator are this test's
COORDINATOR = "koord-cluster"
PASSWORD = secrets.token_urlsafe(16)
POKJA = f"/wilayah/{CITY}/pokja/"
CLIENTS = 4
LOAD_BEFORE_KILL_S = 4
LOAD_AFTER_KILL_S = 6
PAGES = [f"/wilayah/{CITY}/", POKJA, "/daftar/sk/", "/daftar/rencana-kerja/"]
WRITE_EVERY = 3  # every third request of a client is a POST
POST_ATTEMPTS = 5
JOB_TIMEOUT_S = 60


class FormFields(HTMLParser):
    """The values a browser would send for the page's form that has the field `marker`."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker
        self.forms: list[dict[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1][a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select:
            if "selected" in a or self.select not in self.forms[-1]:
                self.forms[-1][self.select] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.forms[-1][self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.forms:
            self.forms[-1][self.textarea] += data

    @classmethod
    def of(cls, page: str, marker: str) -> dict[str, str]:
        parser = cls(marker)
        parser.feed(page)
        for form in parser.forms:
            if marker in form:
                return form
        raise Failure(f"no form with a field {marker!r} on the page")


def prepare() -> None:
    """The city's Pokja and a coordinator account, as an administrator creates them (the demo
    data is not loaded: it takes long and this test needs none of it)."""
    from pokja.models import Pokja, User

    Pokja.objects.get_or_create(region_id=CITY, defaults={"name": "Pokja uji klaster"})
    user = User(username=COORDINATOR, role=User.Role.KOORDINATOR, region_id=CITY)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()


def logged_in(base: str, host: str) -> Browser:
    browser = Browser(base, host)
    browser.login(COORDINATOR, PASSWORD)
    return browser


def same_session(browser: Browser, base: str) -> Browser:
    """The same user's session, on another host (sessions live in the shared database/cache)."""
    other = Browser(base, browser.host)
    other.cookies = dict(browser.cookies)
    return other


def check_evidence_on_b(on_a: Browser, on_b: Browser) -> str:
    from pokja.models import Decree

    number = f"CLUSTER/{uuid.uuid4().hex[:8]}"
    evidence = b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + number.encode() + b"\ntrailer<<>>\n%%EOF\n"
    _, page = on_a.expect(f"{POKJA}sk/tambah/")
    fields = FormFields.of(page, "number")
    today = date.today()
    fields.update(
        number=number,
        set_on=f"{today:%d/%m/%Y}",
        valid_from=f"{today:%d/%m/%Y}",
        valid_until=f"{today + timedelta(days=5 * 365):%d/%m/%Y}",
    )
    fields["csrfmiddlewaretoken"] = on_a.cookies["csrftoken"]
    response, content = on_a.request(
        "POST",
        f"{POKJA}sk/tambah/",
        body=fields,
        files={"document": ("sk-cluster.pdf", evidence, "application/pdf")},
    )
    if response.status != 302:
        errors = re.findall(r'id="error_\d+_id_(\w+)"><strong>([^<]+)', content.decode())
        raise Failure(f"SK upload through host A: HTTP {response.status} {errors}")
    decree = Decree.objects.get(number=number)
    response, content = on_b.request("GET", f"/sk/{decree.pk}/berkas/")
    if response.status != 200 or content != evidence:
        raise Failure(
            f"evidence uploaded through A, downloaded through B: HTTP {response.status}, "
            f"{len(content)} bytes (uploaded {len(evidence)})"
        )
    print(f"  evidence {number}: uploaded through A, {len(content)} identical bytes from B")
    return number


def check_export_on_b(on_a: Browser, on_b: Browser, number: str) -> None:
    response, _ = on_a.request("GET", "/daftar/sk/?_export=csv")
    job_path = response.headers.get("Location", "")
    if response.status != 302 or not re.fullmatch(r"/unduhan/\d+/", job_path):
        raise Failure(f"export through A: HTTP {response.status} {job_path!r}, expected a job")
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while True:
        _, status = on_b.expect(f"{job_path}status/")
        state = json.loads(status)
        if state["finished"]:
            break
        if time.monotonic() > deadline:
            raise Failure(f"the worker did not finish {job_path} in {JOB_TIMEOUT_S} s: {state}")
        time.sleep(0.3)
    response, content = on_b.request("GET", f"{job_path}berkas/")
    text = content.decode("utf-8-sig", errors="replace")
    if response.status != 200 or state["status"] != "done" or number not in text:
        raise Failure(f"export {job_path} from B: {state['status']}, HTTP {response.status}")
    print(f"  export {job_path}: written by the worker, {len(text.splitlines())} lines from B")


@dataclass
class Tally:
    gets: int = 0
    get_failures: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)  # member names a client saw saved
    retried: int = 0  # POSTs that needed a second send (cut off by the kill)
    duplicates_refused: int = 0  # second sends the server recognised as already saved
    write_failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def post_member(browser: Browser, name: str, tally: Tally) -> None:
    """One member, sent as the device's queue sends it: the same key on every attempt."""
    body = {
        "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        "name": name,
        "position": "anggota",
        "institution": "Dinas uji klaster",
        "category": "opd",
        "submission_key": str(uuid.uuid4()),
    }
    problems = []
    for attempt in range(POST_ATTEMPTS):
        try:
            response, content = browser.request(
                "POST", f"{POKJA}anggota/tambah/", body=body, accept="application/json"
            )
            result = json.loads(content).get("result") if response.status == 200 else None
        except (OSError, ValueError) as error:  # reset by the kill, or nginx's HTML 502 page
            response, result = None, None
            problems.append(repr(error))
        if result in ("saved", "duplicate"):
            with tally.lock:
                tally.saved.append(name)
                tally.retried += attempt > 0
                tally.duplicates_refused += result == "duplicate"
            return
        if response is not None:
            problems.append(f"HTTP {response.status}")
        time.sleep(0.5)
    with tally.lock:
        tally.write_failures.append(f"{name}: {problems}")


def client(number: int, browser: Browser, stop: threading.Event, tally: Tally) -> None:
    sent = 0
    while not stop.is_set():
        sent += 1
        if sent % WRITE_EVERY == 0:
            post_member(browser, f"cluster-load-{number}-{sent}", tally)
            continue
        path = PAGES[sent % len(PAGES)]
        try:
            response, _ = browser.request("GET", path)
            failed = None if response.status == 200 else f"HTTP {response.status}"
        except OSError as error:
            failed = repr(error)
        with tally.lock:
            tally.gets += 1
            if failed:
                tally.get_failures.append(f"GET {path}: {failed}")


def check_failover(nginx: str, host: str, kill_host_a) -> None:
    from pokja.models import Member

    tally = Tally()
    stop = threading.Event()
    browsers = [logged_in(nginx, host) for _ in range(CLIENTS)]
    threads = [
        threading.Thread(target=client, args=(n, b, stop, tally)) for n, b in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_BEFORE_KILL_S)
    kill_host_a()
    print(f"  host A killed (SIGKILL) after {LOAD_BEFORE_KILL_S} s of load")
    time.sleep(LOAD_AFTER_KILL_S)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    stored = Counter(
        Member.objects.filter(name__startswith="cluster-load-").values_list("name", flat=True)
    )
    lost = sorted(set(tally.saved) - set(stored))
    doubled = sorted(name for name, count in stored.items() if count > 1)
    print(
        f"  load through nginx, {CLIENTS} clients: {tally.gets} GETs, "
        f"{len(tally.get_failures)} failed; {len(tally.saved)} POSTs saved "
        f"({tally.retried} sent again after the kill, {tally.duplicates_refused} recognised "
        f"as already saved), {len(tally.write_failures)} failed; in the database: "
        f"{sum(stored.values())} rows, {len(lost)} lost, {len(doubled)} duplicated"
    )
    problems = tally.get_failures + tally.write_failures
    problems += [f"lost write {name}" for name in lost]
    problems += [f"duplicated write {name}" for name in doubled]
    if problems:
        raise Failure("; ".join(problems[:10]))
    if not tally.saved or tally.gets < CLIENTS:
        raise Failure("the load did not run")


def main() -> int:
    parser = argparse.ArgumentParser()
    for option in ("--nginx", "--host-a", "--host-b", "--host"):
        parser.add_argument(option, required=True)
    parser.add_argument("--kill-host-a", type=int, required=True, help="host A's process group")
    args = parser.parse_args()
    import django

    django.setup()
    prepare()
    try:
        on_a = logged_in(args.host_a, args.host)
        on_b = same_session(on_a, args.host_b)
        number = check_evidence_on_b(on_a, on_b)
        check_export_on_b(on_a, on_b, number)
        check_failover(args.nginx, args.host, lambda: os.killpg(args.kill_host_a, signal.SIGKILL))
    except Failure as failure:
        print(f"CLUSTER TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print("Cluster test: every check as expected.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
