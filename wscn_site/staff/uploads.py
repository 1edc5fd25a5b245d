"""Files sent with a resource form: staged in a local temporary file, checked, then kept or discarded.

Nothing an uploader sends decides a path: files are stored under random names
(storage.StagedFile) and the original name is kept only as a label for people.
A refused file leaves nothing behind; ``Batch.keep()`` moves the files to their
final names before the rows that point at them are committed, and the batch removes them
again if the commit fails (see storage.py for why this order).
"""
import logging
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from .. import filetypes, storage
from ..labels import FILE_KIND_NAMES
from .labels import SLOTS

log = logging.getLogger(__name__)
MAX_NAME = 200
_UNSAFE = re.compile(r'[<>:"|?*\\/]')
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")

NOT_ALLOWED = {
    "document": _l("The selected file must be a PDF, Word, Excel, PowerPoint or OpenDocument text file"),
    "video": _l("The selected file must be an MP4 or WebM video"),
    "captions": _l("The selected file must be a WebVTT captions file (.vtt)"),
}


def display_name(original, fallback="file"):
    """A clean name to show and to offer on download; never used as a path. Keeps the extension."""
    base = unicodedata.normalize("NFC", (original or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, extension = base.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = base, ""
    else:
        extension = "." + extension
    stem = "".join(" " if ch.isspace() else ch for ch in stem
                   if ch.isspace() or unicodedata.category(ch)[0] not in "CZ")
    stem = " ".join(_UNSAFE.sub("_", stem).split()).strip(". ")
    if not stem:
        stem = secure_filename(base).rpartition(".")[0] or fallback
    return stem[:MAX_NAME] + extension


@dataclass
class Upload:
    slot: str
    staged: storage.StagedFile
    name: str
    content_type: str

    @property
    def purpose(self):
        return SLOTS[self.slot][0]


def _refusal(error, purpose, name, path):
    if str(error) == "mismatch":  # a plain string, so the page escapes the uploader's file name
        kind = filetypes.sniff(path)
        return gettext("The selected file is a %(kind)s file but its name, %(name)s, says otherwise. "
                  "Choose the right file, or correct its name", kind=FILE_KIND_NAMES.get(kind, kind), name=name)
    return NOT_ALLOWED[purpose]


def _reject(field, message):
    field.errors = [*field.errors, message]


class Batch(storage.DiscardUnlessKept):
    """The checked uploads of one submission; discarded on leaving a ``with`` block unless kept."""

    def __init__(self):
        self.uploads, self.refused, self.kept = [], False, False

    def keep(self):
        for upload in self.uploads:
            upload.staged.keep()
        self.kept = True

    def discard(self):
        """Remove every file of the batch, staged or already kept."""
        for upload in self.uploads:
            upload.staged.discard()


def stage(form):
    """Stage and check every file on the form; refused ones get a field error and are removed at once."""
    batch = Batch()
    try:
        for slot in form.uploads():
            field, purpose = form[slot], SLOTS[slot][0]
            name = display_name(field.data.filename, fallback=purpose)
            staged = storage.StagedFile(field.data.stream)
            try:
                if staged.size == 0:
                    raise ValueError("empty")
                _, content_type = filetypes.check(staged.path, name, purpose)
            except ValueError as error:
                message = _l("The selected file is empty") if str(error) == "empty" else _refusal(
                    error, purpose, name, staged.path)
                staged.discard()
                _reject(field, message)
                batch.refused = True
                continue
            batch.uploads.append(Upload(slot, staged, name, content_type))
    except BaseException:
        batch.discard()
        raise
    return batch


def remove_files(storage_names):
    """Remove files whose rows are gone (after the commit); a failure is logged, not raised."""
    for name in storage_names:
        try:
            storage.remove(name)
        except (OSError, storage.StoreUnavailable) as exc:
            log.error("could not remove stored file %s: %s", name, exc)
