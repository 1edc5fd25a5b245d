"""One real server and one Chromium for the whole browser session.

The app runs in a thread (werkzeug's threaded server) on a free 127.0.0.1 port, with its own
secret key, a temporary SQLite database migrated to the head and holding the demo data
(``flask demo load``), and its email going to a real SMTP server (aiosmtpd) in this process
(``live_site.mailbox``); Playwright drives Debian's
Chromium (never a browser of its own). Without /usr/bin/chromium the tests are skipped, unless
WSCN_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""
import logging
import os
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

import browsing
from quality_report import page_count, record
from site_pages import demo_logins, http_fetch, site_pages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    """Everything in this folder is a browser test, and under pytest-xdist (`make test`) they all run
    in one worker, so one live server and one Chromium serve them all."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _unavailable(reason):
    if os.environ.get("WSCN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (WSCN_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@contextmanager
def live_database(folder):
    """A SQLite file, or under ``make test-postgres`` (WSCN_TEST_DATABASE_URL) a PostgreSQL database
    of its own on that server, dropped afterwards."""
    server_url = os.environ.get("WSCN_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{folder / 'live.sqlite3'}"
        return
    import sqlalchemy as sa

    name = f"live_{secrets.token_hex(6)}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The real app, started once: ``base_url``, ``app``, ``logins`` (site_pages.demo_logins), ``mailbox``."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from helpers import Mailbox, smtp_server
    from wscn_site import create_app

    mailbox = Mailbox()
    folder = tmp_path_factory.mktemp("live")
    with smtp_server(mailbox) as smtp_port, live_database(folder) as database_url:
        # Every journey logs in from 127.0.0.1: more than the production limit per address in ten
        # minutes (20) once there are a dozen journeys, so the limit is raised here (its own tests
        # run it at the production value).
        app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "SQLALCHEMY_DATABASE_URI": database_url,
                          "PRIVATE_DIR": folder / "private", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port,
                          "LOGIN_LIMIT_PER_IP": "1000 per 10 minutes"})
        with app.app_context():
            upgrade()
        logins = demo_logins(app)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base_url = f"http://127.0.0.1:{server.server_port}"
        app.config["SITE_URL"] = base_url  # sitemap, hreflang and emailed links point at this server
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        yield SimpleNamespace(base_url=base_url, app=app, logins=logins, mailbox=mailbox)
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            from wscn_site.extensions import db

            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_site):
    """Base URL of the real app."""
    return live_site.base_url


@pytest.fixture(scope="session")
def pages(live_site):
    """Every page the checks visit (see tests/site_pages.py), public and logged in; ``visit`` logs in
    with the session cookies the discovery got for each login."""
    fetch = http_fetch(live_site.base_url, live_site.logins)
    found = site_pages(fetch)
    for user in fetch.users:
        browsing.SESSIONS[user] = [{"name": name, "value": value, "url": live_site.base_url}
                                   for name, value in fetch.cookies(user).items()]
    logins = ", ".join(f"{user} {sum(page.user == user for page in found)}" for user in fetch.users)
    record("pages", f"{page_count(found)} ({logins}), both languages")
    return found


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

