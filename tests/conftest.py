"""Fixtures: the app on a fresh database, its client and CLI runner.

Database tests carry the ``db`` mark; ``make test-postgres`` runs them again
against PostgreSQL by setting ``WSCN_TEST_DATABASE_URL``, each test in a
schema of its own that is dropped afterwards.
"""
import os
import secrets
import uuid

import pytest
import sqlalchemy as sa

os.environ.setdefault("WSCN_SECRET_KEY", secrets.token_urlsafe(32))

from wscn_site import create_app  # noqa: E402

POSTGRES_URL = os.environ.get("WSCN_TEST_DATABASE_URL", "")


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
def make_app(database_url, tmp_path):
    """Build an app with overrides; every app gets its own database and instance folder."""

    def build(**overrides):
        config = {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SITE_URL": "https://safercommunities.example",
        }
        config.update(overrides)
        return create_app(config)

    return build


@pytest.fixture
def app(make_app):
    return make_app()


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
