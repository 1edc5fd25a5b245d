"""``flask backup create`` and ``restore``: the demo data, backed up and restored into an empty database
and store, shows the same pages, accepts the same logins, serves the same bytes and keeps the same Briff
subscribers; from the private folder to S3 and back, and on PostgreSQL. A restore refuses a database or
store that is not empty, and a damaged backup, before writing anything."""
import json
import os
import uuid

import pytest
import sqlalchemy as sa

from factories import log_in
from helpers import visible_text
from staff_helpers import stored_files
from wscn_site.extensions import db
from wscn_site.models import BriffIssue, Resource, ResourceFile, Subscriber

POSTGRES_URL = os.environ.get("WSCN_TEST_DATABASE_URL", "")  # as conftest.py reads it

pytestmark = pytest.mark.db


def what_people_find(app):
    """Public Briff pages, the member's library and resource pages, every file's bytes (downloaded
    through the app by staff) and the subscribers; the demo logins must work."""
    with app.app_context():
        issues = db.session.execute(sa.select(BriffIssue.number).where(BriffIssue.published_at.is_not(None))).scalars()
        resources = db.session.execute(sa.select(Resource.id).order_by(Resource.id)).scalars().all()
        files = db.session.execute(sa.select(ResourceFile.id, ResourceFile.original_name)).all()
        subscribers = sorted(db.session.execute(sa.select(Subscriber.email, Subscriber.language,
                                                          Subscriber.confirmed_at, Subscriber.token)).all())
        paths = ["/cy/briff/", "/en/briff/"] + [f"/cy/briff/{number}" for number in issues]
    visitor, member, staff = app.test_client(), app.test_client(), app.test_client()
    assert log_in(member, *app.logins["member"]).status_code == 302
    assert log_in(staff, *app.logins["staff"]).status_code == 302
    found = {path: visible_text(visitor.get(path).text) for path in paths}
    found |= {path: visible_text(member.get(path).text) for path in
              ["/en/members/library", *(f"/cy/aelodau/adnoddau/{number}" for number in resources)]}
    found["files"] = {(file_id, name): staff.get(f"/en/members/files/{file_id}/{name}").data for file_id, name in files}
    found["subscribers"] = subscribers
    assert len(found["files"]) >= 5 and all(found["files"].values()) and subscribers
    return found


def backup(app, folder):
    result = app.test_cli_runner().invoke(args=["backup", "create", str(folder)])
    assert result.exit_code == 0, result.output
    return result


def restore(app, folder):
    return app.test_cli_runner().invoke(args=["backup", "restore", str(folder)])


def empty_app(make_app, tmp_path, name, **config):
    return make_app(create_tables=False, **{"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.sqlite3",
                                            "PRIVATE_DIR": tmp_path / f"{name}-private", **config})


def add_subscribers(app):
    """The demo data has no Briff subscribers: a confirmed Welsh reader and an unconfirmed English one."""
    from wscn_site import clock

    with app.app_context():
        db.session.add_all([Subscriber(email="darllenydd@example.org", language="cy", confirmed_at=clock.now()),
                            Subscriber(email="reader@example.org", language="en")])
        db.session.commit()


def test_the_demo_data_restores_from_the_private_folder_to_s3_and_back(demo_app, make_app, moto_server, tmp_path):
    add_subscribers(demo_app)
    before = what_people_find(demo_app)
    made = backup(demo_app, tmp_path / "backup-1")
    manifest = json.loads((tmp_path / "backup-1" / "manifest.json").read_text())
    assert f"{len(manifest['files'])} file(s)" in made.output and manifest["database"]["kind"] == "sqlite"

    on_s3 = empty_app(make_app, tmp_path, "on-s3", **moto_server.config())
    on_s3.logins = demo_app.logins
    restored = restore(on_s3, tmp_path / "backup-1")
    assert restored.exit_code == 0, restored.output
    assert sorted(item.name for item in stored_files(on_s3)) == sorted(manifest["files"])
    assert what_people_find(on_s3) == before

    backup(on_s3, tmp_path / "backup-2")
    back_home = empty_app(make_app, tmp_path, "back-home")
    back_home.logins = demo_app.logins
    assert restore(back_home, tmp_path / "backup-2").exit_code == 0
    assert what_people_find(back_home) == before


@pytest.fixture
def postgres_databases():
    """Two new, empty PostgreSQL databases (a backup is of a whole database)."""
    if not POSTGRES_URL:
        pytest.skip("WSCN_TEST_DATABASE_URL is not set")
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    names = [f"backup_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_URL)
    yield [url.set(database=name).render_as_string(hide_password=False) for name in names]
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_demo_data_restores_into_an_empty_postgresql_database(make_app, postgres_databases, tmp_path):
    from site_pages import demo_logins

    source_url, target_url = postgres_databases
    source = make_app(SQLALCHEMY_DATABASE_URI=source_url, PRIVATE_DIR=tmp_path / "source-private")
    source.logins = demo_logins(source)
    add_subscribers(source)
    before = what_people_find(source)
    backup(source, tmp_path / "backup")
    assert (tmp_path / "backup" / "database.pgdump").is_file()
    target = make_app(create_tables=False, SQLALCHEMY_DATABASE_URI=target_url, PRIVATE_DIR=tmp_path / "target-private")
    target.logins = source.logins
    restored = restore(target, tmp_path / "backup")
    assert restored.exit_code == 0, restored.output
    assert what_people_find(target) == before


@pytest.fixture
def demo_backup(demo_app, tmp_path):
    backup(demo_app, tmp_path / "backup")
    return tmp_path / "backup"


def test_a_restore_into_a_database_with_tables_is_refused(make_app, demo_backup, tmp_path):
    target = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'used.sqlite3'}", PRIVATE_DIR=tmp_path / "t")
    result = restore(target, demo_backup)
    assert result.exit_code == 1
    assert "The database already has tables" in result.output and "Nothing was restored." in result.output
    assert stored_files(target) == []


def test_a_restore_into_a_store_with_files_is_refused(make_app, demo_backup, demo_app, tmp_path):
    target = empty_app(make_app, tmp_path, "target", PRIVATE_DIR=demo_app.config["PRIVATE_DIR"])
    result = restore(target, demo_backup)
    assert result.exit_code == 1 and "already holds files" in result.output
    with target.app_context():
        assert sa.inspect(db.engine).get_table_names() == []


def test_a_damaged_backup_is_refused_before_anything_is_written(make_app, demo_backup, tmp_path):
    damaged = sorted((demo_backup / "files").iterdir())[0]
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"X")
    target = empty_app(make_app, tmp_path, "target")
    result = restore(target, demo_backup)
    assert result.exit_code == 1
    assert f"files/{damaged.name} does not match its checksum" in result.output
    assert stored_files(target) == []
    with target.app_context():
        assert sa.inspect(db.engine).get_table_names() == []


def test_a_backup_goes_only_into_a_new_or_empty_folder(demo_app, demo_backup):
    result = demo_app.test_cli_runner().invoke(args=["backup", "create", str(demo_backup)])
    assert result.exit_code == 1 and "is not empty" in result.output
