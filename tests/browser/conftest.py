"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Every browser test needs the transactional database (the live server reads from another connection),
and Django flushes that database after each such test, which would also wipe the session gazetteer
the integration tests share. So browser tests are moved to the end of the run, and each test creates
the rows it needs through the ORM.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

# Playwright's sync API runs an event loop in this thread; Django's async-safety check would then
# refuse ORM calls made by the tests themselves.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Run browser tests last: their flush must not empty the gazetteer under the integration tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


class PageLog:
    """What a page did: console errors, uncaught exceptions and every URL it requested."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        # The console only says "404"; keep the URL so a failing assertion names the missing file.
        page.on("response", lambda response: response.status >= 400 and response.request.method == "GET"
                and self.errors.append(f"HTTP {response.status} {response.url}"))

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in {"data", "blob", "about"} and urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser page on the live server. It depends on the database fixture so that it closes
    before the database is flushed, and it waits for the server's last queries to end: a query still
    running while the flush truncates the tables can deadlock with it."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.log = PageLog(page)
    yield page
    context.close()
    _wait_until_database_idle()


def _wait_until_database_idle(timeout: float = 15.0) -> None:
    """Poll until no other connection to the test database is running a query or holds a transaction
    (twice in a row, so a request accepted just before the page closed is seen too)."""
    from django.db import connection

    quiet, deadline = 0, time.monotonic() + timeout
    with connection.cursor() as cursor:
        while quiet < 2 and time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                           " AND pid <> pg_backend_pid() AND state <> 'idle'")
            quiet = quiet + 1 if cursor.fetchone()[0] == 0 else 0
            time.sleep(0.1)
