"""The default file store: a private folder on this server's disk, outside ``static/``.

Objects live at ``<folder>/<first two characters>/<name>``. Besides the interface every store has
(``storage.py``), it offers ``local_path()`` so a proxy in front (nginx's X-Accel-Redirect) can send a
file itself.
"""
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .store_errors import ObjectMissing, Stat

CHUNK = 1024 * 1024


class LocalStore:
    kind = "local"

    def __init__(self, folder):
        self.folder = Path(folder)

    def __repr__(self):
        return f"the private folder {self.folder}"

    def _path(self, name):
        return self.folder / name[:2] / name

    def local_path(self, name):
        """Where the object lives on disk (a proxy may send it from there)."""
        return self._path(name)

    def presigned_url(self, name, seconds, filename, content_type):
        return None  # only object stores hand out links of their own

    def put(self, name, staged_path):
        """Move a staged file (in the same folder, so the move is a rename) to its final name."""
        target = self._path(name)
        target.parent.mkdir(exist_ok=True)
        shutil.move(staged_path, target)
        target.chmod(0o640)  # mkstemp made it 0600; behind nginx its workers read it through the app's group

    def copy_in(self, name, source_path):
        """Store a copy of a file from elsewhere (a backup being restored)."""
        target = self._path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source_path, target)

    def stat(self, name):
        try:
            found = self._path(name).stat()
        except FileNotFoundError:
            raise ObjectMissing(name) from None
        return Stat(found.st_size, datetime.fromtimestamp(found.st_mtime, timezone.utc))

    def chunks(self, name, start=0, end=None):
        """The object's bytes from ``start`` up to ``end`` (exclusive), a chunk at a time."""
        try:
            handle = open(self._path(name), "rb")
        except FileNotFoundError:
            raise ObjectMissing(name) from None
        with handle:
            handle.seek(start)
            left = None if end is None else end - start
            while left is None or left > 0:
                chunk = handle.read(CHUNK if left is None else min(CHUNK, left))
                if not chunk:
                    return
                left = None if left is None else left - len(chunk)
                yield chunk

    def delete(self, name):
        self._path(name).unlink(missing_ok=True)

    def listing(self):
        """(name, last modified) of every stored object (names are checked by the caller)."""
        for path in self.folder.glob("[0-9a-f][0-9a-f]/*"):
            try:
                if path.is_file():
                    yield path.name, datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            except FileNotFoundError:
                continue

    def check(self):
        """None when files can be stored, else what is wrong. The folder is made at start-up
        (``health.init_app``), never here: a folder gone later (an unmounted volume) is reported."""
        if not self.folder.is_dir():
            return f"the private folder {self.folder} is not a directory"
        try:
            handle, name = tempfile.mkstemp(dir=self.folder, prefix=".ready-")
            os.close(handle)
            os.unlink(name)
        except OSError as exc:
            return f"the private folder {self.folder} is not writable: {exc}"
        return None
