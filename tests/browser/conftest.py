"""Playwright driving Debian's Chromium (never a browser download) against pytest's live server."""

import os
import threading
import time

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import csp_problems

# What a person waits for: the same 15 s as actions (page.set_default_timeout below), not
# Playwright's 5 s, which a loaded 2-core CI machine exceeds (a queued form sent on reconnect).
expect.set_options(timeout=15_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (fixtures) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser(live_server):
    assert os.access(CHROMIUM, os.X_OK), "Debian's chromium is missing: run `make test`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


class _OneRequestAtATime(WSGIServer):
    """The live server without a thread per request, for SQLite's in-memory test database: every
    request then shares the test's one connection, and two at once (a page and its script's
    poll) collided ("cannot start a transaction within a transaction": a 500 in a browser
    test on a loaded machine). Django answers each request with Connection: close here.

    `answering` is held while a request is answered, so a test's teardown can wait for the one
    in flight (there is no request thread to join)."""

    answering = threading.Lock()

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self.answering:
            super().process_request(request, client_address)


@pytest.fixture(scope="module")
def live_server():
    """pytest-django's live server, stopped after each browser module rather than at the end of
    the session. The browser (which depends on it) closes first, so its keep-alive connections
    end and the server's request threads close their database connections before the test
    database is dropped.
    """
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = _OneRequestAtATime
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _requests_finished_before_flush(live_server, transactional_db):
    """After each browser test, wait for the live server's requests still in flight before the
    database is emptied. The page's scripts poll (the offline queue's status, for one); a
    request still running while PostgreSQL truncates every table deadlocks the flush, and the
    rows left behind break the next test (on SQLite the flush fails with "database table is
    locked"). Set up after the database fixture, so torn down before
    it; the page fixture (set up later still) has closed its browser context by then, so no new
    request arrives.
    """
    yield
    deadline = time.monotonic() + 15
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    # SQLite's server answers in its own thread: wait for the request it may be answering (a
    # flush meanwhile failed with "database table is locked", and the rows it left broke the
    # tests after it: make test from a clean clone, 6 December 2026).
    if _OneRequestAtATime.answering.acquire(timeout=max(0.0, deadline - time.monotonic())):
        _OneRequestAtATime.answering.release()


@pytest.fixture
def page(browser, live_server):
    """A page whose test fails if anything on it broke the Content-Security-Policy (#23)."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_problems = csp_problems(page)
    yield page
    context.close()
    assert page.csp_problems == [], "Content-Security-Policy violations"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
