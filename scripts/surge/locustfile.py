"""The month-end surge: the portal's real mix in the last days before the 15th (issue #22).

Run by scripts/bench_surge.py (`make bench`), headless, against gunicorn behind nginx. Who:

- village operators (most of the users): each logs in with the real login form, lands on its
  village's page ("Perlu tindakan" names the due profile), opens its Kampung KB page and the
  profile form, submits this month's profile (status Diajukan) with a photo of the Pokja's SK
  through the real form (CSRF token, multipart upload, the offline queue's submission key),
  opens the saved profile and logs out; then the next village's operator takes over. Each
  village once.
- kab/kota coordinators: their Kampung KB profiles in the verification queue, open the oldest,
  verify it; now and then their kab/kota's dashboards.
- provincial staff and a national reader: dashboards and the verification queue.
- BI tools: the API with personal tokens, page by page, at a pace within their throttle.

Every user sends what nginx in front of the portal would see from a browser over HTTPS (Host,
X-Forwarded-Proto). The production cookies are Secure, which a client on plain loopback HTTP
would not send back, so each user keeps its cookies itself. Redirects are not followed: an
answer other than the expected one is a failure.

Reads SURGE_PLAN (the JSON of kampungkb/devdata/surge.py's prepare(): the accounts, this
step's share of the operators, the profile's fields and the photo's file), SURGE_MIX (the user
counts "operators,coordinators,staff,bi") and SURGE_LEDGER (a file where each profile the
client saw saved is written as "username kampung_pk profile_pk").
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid

import gevent
from locust import HttpUser, between, task
from locust.exception import StopUser

HOST = os.environ.get("SURGE_HOST_HEADER", "bench.portal.test")
with open(os.environ["SURGE_PLAN"], encoding="utf-8") as plan:
    PLAN = json.load(plan)
KINDS = ("operators", "coordinators", "staff", "bi")
MIX = dict(zip(KINDS, map(int, os.environ["SURGE_MIX"].split(",")), strict=True))
LEDGER = os.environ["SURGE_LEDGER"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROFILE_LINK = re.compile(r'href="/kampung-kb/profil/(\d+)/"')
SAVED_PROFILE = re.compile(r"^/kampung-kb/profil/(\d+)/$")

# Each village once, each coordinator's kab/kota to one user (two would verify the same row).
_operators = iter(PLAN["operators"])
_coordinators = itertools.cycle(PLAN["coordinators"])
_staff = itertools.cycle(PLAN["staff"])
_tokens = itertools.cycle(PLAN["bi_tokens"])


with open(PLAN["photo"], "rb") as photo:
    PHOTO = photo.read()
PROFILE = PLAN["profile"]


class PortalUser(HttpUser):
    """A browser behind nginx: its own cookie store, no redirects followed."""

    abstract = True
    wait_time = between(0.5, 1.5)  # a person's pause, compressed: this measures capacity

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}

    def think(self) -> None:
        gevent.sleep(random.uniform(0.3, 1.0))  # noqa: S311

    def call(self, method: str, path: str, name: str, expect: int = 200, **kwargs):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Referer"] = f"https://{HOST}{path}"
        with self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            self.cookies.update(response.cookies.get_dict())
            self.client.cookies.clear()  # kept above; the jar would never send Secure ones
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
            return response

    def follow(self, response, name: str, expect: int = 200):
        """The page a redirect sends the browser to (Django's Location is a path)."""
        location = response.headers.get("Location", "")
        return self.call("GET", location.removeprefix(f"https://{HOST}"), name, expect)

    def csrf(self, response) -> str:
        match = CSRF.search(response.text)
        return match.group(1) if match else ""

    def login(self, username: str, landing: str) -> bool:
        """The login form, then where it sends the person: "/", which sends each role to its
        own page (a village operator to the village's, "Perlu tindakan" on it)."""
        self.cookies = {}
        page = self.call("GET", "/masuk/", "/masuk/")
        self.think()
        answer = self.call(
            "POST",
            "/masuk/",
            "/masuk/ (POST)",
            expect=302,
            data={
                "csrfmiddlewaretoken": self.csrf(page),
                "username": username,
                "password": PLAN["password"],
            },
        )
        if answer.status_code != 302:
            return False
        home = self.follow(answer, "/ (after login)", expect=302)
        return self.follow(home, landing).status_code == 200


class VillageOperator(PortalUser):
    fixed_count = MIX["operators"]

    @task
    def report_the_month(self) -> None:
        operator = next(_operators, None)
        if operator is None:
            # Sized by bench_surge.py so this never happens; if it does, the step shows it.
            self.environment.events.request.fire(
                request_type="POOL",
                name="village operators left",
                response_time=0,
                response_length=0,
                exception=RuntimeError("every village of the pool has reported"),
            )
            raise StopUser()
        if not self.login(operator["username"], "/wilayah/[village]/"):
            return
        kampung = operator["kampung"]
        self.think()
        self.call("GET", f"/kampung-kb/{kampung}/", "/kampung-kb/[id]/")
        self.think()
        create = f"/kampung-kb/{kampung}/profil/tambah/"
        form = self.call("GET", create, "/kampung-kb/[id]/profil/tambah/")
        self.think()
        saved = self.call(
            "POST",
            create,
            "/kampung-kb/[id]/profil/tambah/ (POST, photo)",
            expect=302,
            data={
                **PROFILE,
                "csrfmiddlewaretoken": self.csrf(form),
                "period": PLAN["month"],
                "submission_key": str(uuid.uuid4()),
            },
            files={"document": ("sk-pokja.jpg", PHOTO, "image/jpeg")},
        )
        match = SAVED_PROFILE.match(saved.headers.get("Location", ""))
        if saved.status_code == 302 and match:
            with open(LEDGER, "a", encoding="utf-8") as ledger:
                ledger.write(f"{operator['username']} {kampung} {match.group(1)}\n")
            self.think()
            page = self.call("GET", match.group(0), "/kampung-kb/profil/[id]/")
            self.call(
                "POST",
                "/keluar/",
                "/keluar/ (POST)",
                expect=302,
                data={"csrfmiddlewaretoken": self.csrf(page)},
            )


class Coordinator(PortalUser):
    fixed_count = MIX["coordinators"]

    def on_start(self) -> None:
        super().on_start()
        self.account = next(_coordinators)
        self.login(self.account["username"], "/wilayah/[kab/kota]/")

    @task(4)
    def verify_the_oldest_profile(self) -> None:
        queue = self.call("GET", "/verifikasi/?kind=profile", "/verifikasi/?kind=profile")
        match = PROFILE_LINK.search(queue.text)
        if not match:
            return
        self.think()
        path = f"/kampung-kb/profil/{match.group(1)}/"
        page = self.call("GET", path, "/kampung-kb/profil/[id]/")
        self.think()
        self.call(
            "POST",
            f"{path}status/",
            "/kampung-kb/profil/[id]/status/ (POST, verify)",
            expect=302,
            data={
                "csrfmiddlewaretoken": self.csrf(page),
                "action": "verify",
                "expected_status": "diajukan",
            },
        )

    @task(1)
    def dashboards(self) -> None:
        region = self.account["region"]
        self.call("GET", f"/kampung-kb/wilayah/{region}/", "/kampung-kb/wilayah/[kab/kota]/")
        self.think()
        self.call("GET", f"/wilayah/{region}/", "/wilayah/[kab/kota]/")


class Staff(PortalUser):
    fixed_count = MIX["staff"]

    def on_start(self) -> None:
        super().on_start()
        self.account = next(_staff)
        landing = "/wilayah/[province]/" if self.account["region"] else "/nasional/"
        self.login(self.account["username"], landing)

    @task
    def dashboards_and_queue(self) -> None:
        region = self.account["region"]
        if region:
            self.call("GET", f"/wilayah/{region}/", "/wilayah/[province]/")
            self.think()
            self.call("GET", f"/kampung-kb/wilayah/{region}/", "/kampung-kb/wilayah/[province]/")
        else:
            self.call("GET", "/nasional/", "/nasional/")
            self.think()
            self.call("GET", "/kampung-kb/nasional/", "/kampung-kb/nasional/")
        self.think()
        self.call("GET", "/verifikasi/", "/verifikasi/")


class BiTool(PortalUser):
    """A BI tool reading the API with its token: within 120 requests a minute per token."""

    fixed_count = MIX["bi"]
    wait_time = between(1, 2)

    def on_start(self) -> None:
        super().on_start()
        self.token = next(_tokens)
        self.page = 0

    @task
    def read(self) -> None:
        self.page = self.page % 10 + 1  # the first ten pages: 552 Pokja fill eleven
        auth = {"Authorization": f"Token {self.token}"}
        year = PLAN["year"]
        self.call(
            "GET",
            f"/api/v1/kampung-kb-classes/?year={year}&page={self.page}",
            "/api/v1/kampung-kb-classes/",
            headers=auth,
        )
        self.call("GET", f"/api/v1/profil/?page={self.page}", "/api/v1/profil/", headers=auth)
        self.call("GET", f"/api/v1/pokja/?page={self.page}", "/api/v1/pokja/", headers=auth)
