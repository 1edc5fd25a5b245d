"""Item 15: an upload never leaves a database row without its file, even if the process dies
between writing the file and committing the row (a real SIGKILL, in a child process), and
``flask storage sweep`` removes the files without rows that such a death can leave: on the private
folder and on an S3 store alike."""
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from staff_helpers import count, create_resource, staff_client, stored_files
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import Resource, ResourceFile

pytestmark = pytest.mark.db
TESTS = Path(__file__).resolve().parent

CHILD = r'''
import json, os, signal, sys
import shutil
from sqlalchemy.orm import Session
from wscn_site import create_app, store_s3
from staff_helpers import create_resource
from factories import log_in

url, private, where, stores = sys.argv[1:5]
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "PRIVATE_DIR": private,
                  "SITE_URL": "https://safercommunities.example", **json.loads(stores)})
client = app.test_client()
assert log_in(client, "staff@example.org").status_code == 302

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

if where == "move":
    shutil.move = die  # the private folder: the rename to the final name
    store_s3.S3Store._upload = die  # S3: the upload of the checked file
else:
    Session.commit = die
create_resource(client, title_en="Killed mid-upload")
print("survived")
'''


def rows_and_files(app):
    """Every ResourceFile row has its file on disk; return (file rows, files on disk)."""
    with app.app_context():
        names = set(db.session.execute(sa.select(ResourceFile.storage_name)).scalars())
    on_disk = {p.name for p in stored_files(app) if p.parent.name != "incoming"}
    assert names <= on_disk, f"rows without files: {names - on_disk}"
    return len(names), stored_files(app)


@pytest.mark.both_stores
@pytest.mark.parametrize("where", ["move", "commit"])
def test_a_process_killed_between_the_file_and_the_row_leaves_no_row_without_its_file(app, portal, where,
                                                                                     store_config):
    rows_before, files_before = rows_and_files(app)
    child = subprocess.run([sys.executable, "-c", CHILD, app.config["SQLALCHEMY_DATABASE_URI"],
                            str(app.config["PRIVATE_DIR"]), where, json.dumps(store_config)],
                           cwd=TESTS, env={**os.environ, "PYTHONPATH": f"{TESTS.parent}{os.pathsep}{TESTS}"}, capture_output=True,
                           text=True, timeout=120)
    assert child.returncode == -9, child.stderr  # killed, no clean-up ran
    assert count(app, Resource, Resource.title_en == "Killed mid-upload") == 0
    rows_after, files_after = rows_and_files(app)
    assert rows_after == rows_before
    orphans = sorted(set(files_after) - set(files_before))
    assert len(orphans) == 1  # the file alone, under a temporary or its final name
    runner = app.test_cli_runner()
    fresh = runner.invoke(args=["storage", "sweep", "--minutes", "30"])
    assert fresh.exit_code == 0 and "0 file(s)" in fresh.output  # too young: its upload might still be committing
    assert stored_files(app) == files_after
    with clock.frozen_at(clock.now() + timedelta(minutes=31)):
        swept = runner.invoke(args=["storage", "sweep", "--minutes", "30"])
    assert swept.exit_code == 0 and "1 file(s) without a database row removed." in swept.output
    assert stored_files(app) == files_before  # the files with rows are all still there
    assert rows_and_files(app)[0] == rows_before


def test_when_the_move_to_the_final_name_fails_neither_row_nor_file_is_kept(make_app, tmp_path):
    """A real filesystem failure: every possible folder of a stored file is taken by a plain file."""
    from factories import user

    app = make_app(PRIVATE_DIR=tmp_path / "blocked")
    with app.app_context():
        user("staff@example.org", role="staff")
        db.session.commit()
    private = Path(app.config["PRIVATE_DIR"])
    (private / "incoming").mkdir(parents=True)
    for number in range(256):
        (private / f"{number:02x}").write_bytes(b"")
    client = staff_client(app, type("Portal", (), {"users": {"staff": type("U", (), {"email": "staff@example.org"})}}))
    with pytest.raises(OSError):
        create_resource(client)
    assert count(app, Resource) == 0 and count(app, ResourceFile) == 0
    assert list((private / "incoming").iterdir()) == []
    assert all(path.stat().st_size == 0 for path in private.iterdir() if path.is_file())
