"""Fixtures: the app on a fresh database, its client and CLI runner.

Database tests carry the ``db`` mark; ``make test-postgres`` runs them again
against PostgreSQL by setting ``WSCN_TEST_DATABASE_URL``, each test in a
schema of its own that is dropped afterwards.
"""
import os
import secrets
import shutil
import uuid
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

os.environ.setdefault("WSCN_SECRET_KEY", secrets.token_urlsafe(32))

from helpers import Mailbox, send_mail  # noqa: E402
from helpers import smtp_server as smtp_server_on  # noqa: E402
from quality_report import (pytest_runtest_logreport, pytest_runtest_makereport,  # noqa: E402,F401
                            pytest_terminal_summary)
from wscn_site import create_app  # noqa: E402
from wscn_site.extensions import db  # noqa: E402

POSTGRES_URL = os.environ.get("WSCN_TEST_DATABASE_URL", "")


def pytest_generate_tests(metafunc):
    """Tests marked ``both_stores`` run once on the private folder and once on an S3 store."""
    if "store_kind" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("store_kind", ["local", "s3"], indirect=True)


@pytest.fixture(scope="session")
def moto_server():
    """moto's S3 server over HTTP on 127.0.0.1 (one per session and pytest-xdist worker)."""
    from object_store import MotoServer

    server = MotoServer()
    yield server
    server.stop()


@pytest.fixture
def store_kind(request):
    return getattr(request, "param", "local")


@pytest.fixture
def store_config(store_kind, request):
    """App settings for the store under test: none for the private folder, a fresh bucket for S3."""
    if store_kind == "local":
        return {}
    return request.getfixturevalue("moto_server").config()


@pytest.fixture
def database_url(tmp_path):
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def make_app(database_url, tmp_path, store_config):
    """Build an app with overrides; every app gets its own database and instance folder."""

    def build(create_tables=True, **overrides):
        config = {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SITE_URL": "https://safercommunities.example",
            "PRIVATE_DIR": tmp_path / "private",
            **store_config,
        }
        config.update(overrides)
        application = create_app(config)
        if create_tables:
            with application.app_context():
                db.create_all()
        built.append(application)
        return application

    built = []
    yield build
    for application in built:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo data (``flask demo load``), built once per session (per pytest-xdist worker): a
    SQLite file, its private files, and ``logins`` (site_pages.demo_logins)."""
    from site_pages import demo_logins

    folder = tmp_path_factory.mktemp("demo-template")
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
                              "PRIVATE_DIR": folder / "private"})
    with application.app_context():
        db.create_all()
    logins = demo_logins(application)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    return SimpleNamespace(database=folder / "demo.sqlite3", private=folder / "private", logins=logins)


@pytest.fixture
def demo_app(make_app, tmp_path, demo_template):
    """An app on a SQLite file of its own holding the demo data (``flask demo load``: a copy of
    ``demo_template``); ``demo_app.logins`` = site_pages.demo_logins: {"member": (email, password), ...}."""
    shutil.copyfile(demo_template.database, tmp_path / "demo.sqlite3")
    shutil.copytree(demo_template.private, tmp_path / "demo-private")
    application = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
                           PRIVATE_DIR=tmp_path / "demo-private")
    application.logins = dict(demo_template.logins)
    return application


@pytest.fixture
def portal(app):
    """An organisation with current membership, a lapsed one, their people, staff, and resources."""
    from factories import build_portal

    with app.app_context():
        return build_portal()


@pytest.fixture
def login(app):
    """Log a client in through the real form (CSRF token and all): ``login(client, user)``."""
    from factories import PASSWORD, log_in

    def do(client, user, password=PASSWORD, lang="en"):
        return log_in(client, user.email, password, lang)

    return do


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def content_pages():
    """Every content page, discovered from the content folder (never listed by hand)."""
    os.environ.setdefault("WSCN_SECRET_KEY", secrets.token_urlsafe(32))
    from wscn_site.content import get_store

    application = create_app({"TESTING": True})
    with application.app_context():
        return list(get_store().pages)


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port; yields (host, port, mailbox)."""
    mailbox = Mailbox()
    with smtp_server_on(mailbox) as port:
        yield "127.0.0.1", port, mailbox


@pytest.fixture
def mail_app(make_app, smtp_server):
    """An app that sends its email to the test SMTP server; ``mail_app.mailbox`` holds what arrived."""
    host, port, mailbox = smtp_server
    application = make_app(MAIL_SERVER=host, MAIL_PORT=port)
    application.mailbox = mailbox
    application.send_mail = lambda: send_mail(application)
    return application
