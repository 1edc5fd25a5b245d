"""Private files: kept outside ``static/``, named by a random id, never by what the uploader sent."""
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from flask import current_app

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

    ``keep()`` moves it to its final name; ``discard()`` (also on leaving a
    ``with`` block without keeping) removes it, so a failed upload leaves nothing.
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
        self.path, self.kept = target, True
        return target

    def discard(self):
        self.path.unlink(missing_ok=True)


def remove(storage_name):
    path_for(storage_name).unlink(missing_ok=True)
