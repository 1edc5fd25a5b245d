"""One real server and one Chromium for the whole browser session.

The app runs in a thread (werkzeug's threaded server) on a free 127.0.0.1 port, with its own
secret key and a temporary SQLite database migrated to the head; Playwright drives Debian's
Chromium (never a browser of its own). Without /usr/bin/chromium the tests are skipped, unless
WSCN_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""
import logging
import os
import secrets
import threading
from pathlib import Path

import pytest

from site_pages import http_fetch, site_pages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    """Everything in this folder is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if os.environ.get("WSCN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (WSCN_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Base URL of the real app, started once."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from wscn_site import create_app

    folder = tmp_path_factory.mktemp("live")
    app = create_app({"SECRET_KEY": secrets.token_urlsafe(32),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}"})
    with app.app_context():
        upgrade()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["SITE_URL"] = base_url  # sitemap and hreflang links point at this server
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def pages(live_server):
    """Every page the checks visit (see tests/site_pages.py)."""
    return site_pages(http_fetch(live_server))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh visitor: no cookies, a browser that asks for neither Welsh nor English."""
    ctx = browser.new_context(base_url=live_server, locale="fr-FR", viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()

