"""The Alembic migrations build the schema from nothing (SQLite here, PostgreSQL in `make test-postgres`)."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from alembic.config import Config
from alembic.script import ScriptDirectory

pytestmark = pytest.mark.db
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def migration_head():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_upgrade_to_head_and_back(make_app):
    app = make_app(create_tables=False)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == migration_head()
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    engine.dispose()


def test_migrations_match_the_models(make_app):
    """Every model change comes with its migration: after upgrading, autogenerate finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from wscn_site.extensions import db

    app = make_app(create_tables=False)
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context(), db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []
