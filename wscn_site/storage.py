"""Private files: kept outside ``static/``, named by a random id, never by what the uploader sent.

A file is written under its final name *before* the database row that points at it is
committed, and removed again if the commit fails; a row's file is removed only after the row's
deletion is committed. So a process that dies between the two steps can leave a file without
a row, never a row without its file, and ``flask storage sweep`` (cron, hourly) removes such
files once they are older than any upload still in progress.
"""
import hashlib
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from .extensions import db
from .models import ResourceFile

log = logging.getLogger(__name__)
#: A file without a row is left alone this long: its upload may still be committing.
SWEEP_AFTER_MINUTES = 60

_STORAGE_NAME = re.compile(r"[0-9a-f]{32}")
CHUNK = 1024 * 1024


def private_dir():
    folder = Path(current_app.config["PRIVATE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_for(storage_name):
    """Where a stored file lives; refuses anything but our own random names."""
    if not _STORAGE_NAME.fullmatch(storage_name or ""):
        raise ValueError("not a storage name")
    return private_dir() / storage_name[:2] / storage_name


class DiscardUnlessKept:
    """As a ``with`` block: leaving it without ``keep()``, or by an exception, calls ``discard()``."""

    kept = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self.kept or exc[0] is not None:
            self.discard()
        return False


class StagedFile(DiscardUnlessKept):
    """An upload written to a temporary file in the private folder, not yet kept.

    ``keep()`` moves it to its final name (call it before committing the row); ``discard()``
    (also on leaving a ``with`` block without keeping, or by an exception) removes it from
    wherever it is, so a failed upload leaves nothing.
    """

    def __init__(self, stream):
        folder = private_dir() / "incoming"
        folder.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix="upload-")
        self.path = Path(name)
        self.storage_name = secrets.token_hex(16)
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(handle, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except BaseException:
            self.path.unlink(missing_ok=True)
            raise
        self.sha256, self.size, self.kept = digest.hexdigest(), size, False

    def keep(self):
        target = path_for(self.storage_name)
        target.parent.mkdir(exist_ok=True)
        shutil.move(self.path, target)
        target.chmod(0o640)  # mkstemp made it 0600; nginx's workers read it through the app's group
        self.path, self.kept = target, True
        return target

    def discard(self):
        self.path.unlink(missing_ok=True)


def remove(storage_name):
    path_for(storage_name).unlink(missing_ok=True)


def sweep(older_than_minutes=SWEEP_AFTER_MINUTES):
    """Remove stored files that no row names, and abandoned temporary uploads, older than the
    given age. Returns the paths removed (relative to the private folder)."""
    folder, cutoff = private_dir(), time.time() - older_than_minutes * 60
    known = set(db.session.execute(sa.select(ResourceFile.storage_name)).scalars())
    candidates = [path for path in folder.glob("[0-9a-f][0-9a-f]/*")
                  if _STORAGE_NAME.fullmatch(path.name) and path.name not in known]
    candidates += list(folder.glob("incoming/upload-*"))
    removed = []
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(str(path.relative_to(folder)))
        except OSError as exc:
            log.error("could not sweep %s: %s", path, exc)
    return removed


storage_cli = AppGroup("storage", help="Uploaded files in the private folder.")


@storage_cli.command("sweep")
@click.option("--minutes", type=click.IntRange(min=1), default=SWEEP_AFTER_MINUTES, show_default=True,
              help="Leave files younger than this: their upload may still be in progress.")
def sweep_command(minutes):
    """Remove files that no database row names (left by a process that died mid-upload)."""
    removed = sweep(minutes)
    for name in removed:
        click.echo(f"Removed {name}")
    click.echo(f"{len(removed)} file(s) without a database row removed.")


def init_app(app):
    app.cli.add_command(storage_cli)
