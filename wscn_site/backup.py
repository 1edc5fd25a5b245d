"""``flask backup create DIR`` and ``flask backup restore DIR``: the database and every stored file.

A backup folder holds the database (``backup_database.py``), ``files/<name>`` for every object in
the store (the private folder or S3), and ``manifest.json`` with each file's SHA-256 and size,
written last, so a folder without a manifest is an unfinished backup. The database is copied before
the files: an upload committed meanwhile leaves at most a file without a row in the backup.

A restore goes only into an empty database and an empty store, and checks every checksum before it
writes anything; it stores the files first and loads the database last, so even an interrupted
restore never leaves a row without its file.
"""
import hashlib
import json
import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from . import backup_database, clock, storage

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(click.ClickException):
    """A refusal with a message for the operator; nothing was changed."""


def _digest(path):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(storage.CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _copy_out(files, name, target):
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        for chunk in files.chunks(name):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def create(folder):
    """Back up the database and every stored file into ``folder`` (new or empty); return the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: choose a new folder for each backup.")
    (folder / "files").mkdir(parents=True, exist_ok=True)
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    database = backup_database.dump(url, folder)
    manifest = {"format": FORMAT, "created_at": clock.now().isoformat(),
                "database": {"kind": backup_database.kind_of(url), "file": database, **_digest(folder / database)},
                "files": {}}
    files = storage.store()
    for name, _ in sorted(files.listing()):
        if storage.is_storage_name(name):
            manifest["files"][name] = _copy_out(files, name, folder / "files" / name)
    partial = folder / f"{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    os.replace(partial, folder / MANIFEST)
    return manifest


def _verified(folder):
    """The manifest, once every file in it has its recorded size and checksum."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} holds no readable {MANIFEST} (an unfinished backup?): {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST} is of an unknown format: {manifest.get('format')!r}")
    expected = {manifest["database"]["file"]: manifest["database"]}
    for name, recorded in manifest["files"].items():
        if not storage.is_storage_name(name):
            raise BackupError(f"{folder / MANIFEST} names a file that is not a storage name: {name!r}")
        expected[f"files/{name}"] = recorded
    problems = []
    for relative, recorded in expected.items():
        path = folder / relative
        if not path.is_file():
            problems.append(f"{relative} is missing")
        elif _digest(path) != {"sha256": recorded["sha256"], "size": recorded["size"]}:
            problems.append(f"{relative} does not match its checksum")
    if problems:
        raise BackupError("The backup is damaged; nothing was restored:\n  " + "\n  ".join(problems))
    return manifest


def restore(folder):
    """Restore a backup into an empty database and store; return the manifest."""
    folder = Path(folder)
    manifest = _verified(folder)
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    kind = backup_database.kind_of(url)
    if manifest["database"]["kind"] != kind:
        raise BackupError(f"This is a {manifest['database']['kind']} backup; the site's database is {kind}.")
    tables = backup_database.tables_in(url)
    if tables:
        raise BackupError(f"The database already has tables ({', '.join(tables[:5])}{' ...' if len(tables) > 5 else ''}):"
                          " a backup is restored only into an empty database. Nothing was restored.")
    files = storage.store()
    if any(storage.is_storage_name(name) for name, _ in files.listing()):
        raise BackupError(f"The file store ({files!r}) already holds files: a backup is restored only into an "
                          "empty store. Nothing was restored.")
    for name in manifest["files"]:
        files.copy_in(name, folder / "files" / name)
    backup_database.load(url, folder / manifest["database"]["file"])
    return manifest


backup_cli = AppGroup("backup", help="Back up, or restore, the database and every stored file.")


@backup_cli.command("create")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def create_command(folder):
    """Back up the database and every stored file into FOLDER (new or empty)."""
    manifest = create(folder)
    total = sum(item["size"] for item in manifest["files"].values())
    click.echo(f"Backed up the {manifest['database']['kind']} database and {len(manifest['files'])} file(s) "
               f"({total} bytes) into {folder}.")


@backup_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_command(folder):
    """Restore the backup in FOLDER into an empty database and an empty file store."""
    manifest = restore(folder)
    click.echo(f"Restored the database and {len(manifest['files'])} file(s) from {folder} "
               f"(backed up at {manifest['created_at']}).")


def init_app(app):
    app.cli.add_command(backup_cli)
