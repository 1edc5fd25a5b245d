"""Private files behind one interface: the local private folder (default) or an S3-compatible store.

``store()`` is the app's store (``store_local.LocalStore`` or ``store_s3.S3Store``, chosen by
``WSCN_STORAGE_URL``); both offer put, stat, chunks, delete, listing, check, ``local_path(name)``
(None for S3) and ``presigned_url(name, seconds, filename, content_type)`` (None for the folder).
Objects are named by a random id, never by what the uploader sent.

Uploads are staged and checked in a local temporary file first. An object is stored under its final
name *before* the database row that points at it is committed, and deleted again if the commit fails;
a row's object is deleted only after the row's deletion is committed. So a process that dies between
the two steps can leave an object without a row, never a row without its object, and ``flask storage
sweep`` (cron, hourly) removes such objects once they are older than any upload still in progress.
"""
import hashlib
import logging
import os
import re
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from . import clock
from .extensions import db
from .models import STORED_OBJECT_COLUMNS
from .store_errors import ObjectMissing, Stat, StoreUnavailable  # noqa: F401  (the interface's errors)
from .store_local import LocalStore

log = logging.getLogger(__name__)
#: An object without a row is left alone this long: its upload may still be committing.
SWEEP_AFTER_MINUTES = 60

_STORAGE_NAME = re.compile(r"[0-9a-f]{32}")
CHUNK = 1024 * 1024


def is_storage_name(name):
    return bool(_STORAGE_NAME.fullmatch(name or ""))


def build_store(config):
    url = config.get("STORAGE_URL") or ""
    if url.startswith("s3://"):
        from .store_s3 import S3Store

        return S3Store(url, config.get("S3_ENDPOINT_URL"))
    if url:
        raise RuntimeError(f"WSCN_STORAGE_URL must be empty (the private folder) or s3://bucket/prefix, not {url!r}")
    return LocalStore(config["PRIVATE_DIR"])


def store():
    """The app's file store, built on first use."""
    found = current_app.extensions.get("storage")
    if found is None:
        found = current_app.extensions["storage"] = build_store(current_app.config)
    return found


def check():
    """Readiness: None when the store can be reached, else a sentence saying what is wrong."""
    try:
        return store().check()
    except Exception as exc:  # a readiness probe reports, it does not raise
        return f"file store: {exc}"


def private_dir():
    """The local private folder: the store itself by default, and where uploads are staged with S3."""
    folder = Path(current_app.config["PRIVATE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class FileUnavailable(HTTPException):
    """A row names an object the store does not hold: staff are alerted in the log; the reader is told."""

    code = 503
    messages = (_l("The file is not available at the moment"),
                _l("Network staff have been told about the problem. Try again later, or email "
                   "SaferCommunities@wlga.gov.uk."))


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
    """An upload written to a local temporary file, checked there, not yet stored.

    ``keep()`` stores it under its final name (call it before committing the row); ``discard()``
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
        store().put(self.storage_name, self.path)
        self.kept = True

    def discard(self):
        self.path.unlink(missing_ok=True)
        if self.kept:
            try:
                remove(self.storage_name)
            except StoreUnavailable as exc:  # the sweep removes it later: it has no row
                log.error("could not remove stored file %s: %s", self.storage_name, exc)


def remove(storage_name):
    if not is_storage_name(storage_name):
        raise ValueError("not a storage name")
    store().delete(storage_name)


def sweep(older_than_minutes=SWEEP_AFTER_MINUTES):
    """Remove stored objects that no row names, and abandoned staged uploads, older than the given
    age. Returns what was removed (object names, and ``incoming/...`` for staged files)."""
    cutoff = clock.now() - timedelta(minutes=older_than_minutes)
    known = set()
    for column in STORED_OBJECT_COLUMNS:
        known.update(db.session.execute(sa.select(column).where(column.is_not(None))).scalars())
    files, removed = store(), []
    for name, modified in list(files.listing()):
        if is_storage_name(name) and name not in known and modified < cutoff:
            try:
                files.delete(name)
                removed.append(name)
            except (OSError, StoreUnavailable) as exc:
                log.error("could not sweep %s: %s", name, exc)
    for path in (private_dir() / "incoming").glob("upload-*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
                path.unlink()
                removed.append(f"incoming/{path.name}")
        except OSError as exc:
            log.error("could not sweep %s: %s", path, exc)
    return removed


storage_cli = AppGroup("storage", help="Uploaded files in the private folder or object store.")


@storage_cli.command("sweep")
@click.option("--minutes", type=click.IntRange(min=1), default=SWEEP_AFTER_MINUTES, show_default=True,
              help="Leave files younger than this: their upload may still be in progress.")
def sweep_command(minutes):
    """Remove files that no database row names (left by a process that died mid-upload)."""
    removed = sweep(minutes)
    for name in removed:
        click.echo(f"Removed {name}")
    click.echo(f"{len(removed)} file(s) without a database row removed.")


def store_unavailable(error):
    """The object store cannot be reached: the bilingual 503 page (public pages need no store)."""
    from .errors import render_error

    log.error("file store unavailable: %s", error)
    db.session.rollback()
    return render_error(ServiceUnavailable())


def init_app(app):
    app.cli.add_command(storage_cli)
    app.register_error_handler(StoreUnavailable, store_unavailable)
