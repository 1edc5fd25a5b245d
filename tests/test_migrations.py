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


def test_briff_items_whose_welsh_was_saved_last_stay_current(make_app):
    """Under the earlier rule an item whose Welsh was saved after its English was current; the
    migration keeps it so, rather than asking for the English to be revisited."""
    from flask_migrate import upgrade

    from wscn_site.briff.operations import is_stale
    from wscn_site.extensions import db
    from wscn_site.models import BriffItem

    app = make_app(create_tables=False)
    with app.app_context():
        upgrade(revision="43f276c43b7b")
        db.session.execute(sa.text(
            "INSERT INTO briff_issue (id, number, issue_date, created_at, updated_at) "
            "VALUES (1, 1, '2026-11-26', '2026-11-26 09:00:00+00', '2026-11-26 09:00:00+00')"))
        for ident, en, cy in ((1, "2026-11-26 09:00:00+00", "2026-11-26 10:00:00+00"),  # Welsh caught up
                              (2, "2026-11-26 11:00:00+00", "2026-11-26 10:00:00+00")):  # Welsh to revisit
            db.session.execute(sa.text(
                "INSERT INTO briff_item (id, issue_id, position, title_en, title_cy, body_en, body_cy, visibility, "
                "confidential, en_changed_at, cy_changed_at) VALUES (:id, 1, :id, 'T', 'T', 'B', 'B', 'public', "
                "false, :en, :cy)"), {"id": ident, "en": en, "cy": cy})
        db.session.commit()
        upgrade()
        assert [is_stale(db.session.get(BriffItem, ident)) for ident in (1, 2)] == [None, "cy"]


def test_the_placeholder_of_non_members_bookings_is_flagged_by_the_migration(make_app):
    """Found by name and kind before: the first such organisation becomes the flagged placeholder; a later
    lookalike (staff may name an organisation anything) stays an ordinary organisation."""
    from flask_migrate import upgrade

    from wscn_site.events.nonmember_operations import nonmember_organisation
    from wscn_site.extensions import db

    app = make_app(create_tables=False)
    with app.app_context():
        upgrade(revision="e1f3a5c7b9d2")
        for ident in (7, 9):
            db.session.execute(sa.text(
                "INSERT INTO organisation (id, name_en, name_cy, kind, created_at) VALUES "
                "(:id, 'Non-member bookings', 'Archebion gan rai nad ydynt yn aelodau', 'other', "
                "'2026-11-26 09:00:00+00')"), {"id": ident})
        db.session.commit()
        upgrade()
        flags = dict(db.session.execute(sa.text("SELECT id, holds_nonmember_bookings FROM organisation")).all())
        assert {ident: bool(flag) for ident, flag in flags.items()} == {7: True, 9: False}
        assert nonmember_organisation().id == 7
