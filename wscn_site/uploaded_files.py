"""What every upload form shares: a clean name to show for an uploaded file, the refusal messages of
the content check (filetypes.check), and the batch of staged files of one submission that is kept
or discarded together (storage.DiscardUnlessKept).

Nothing an uploader sends decides a path: files are stored under random names (storage.StagedFile)
and the original name is kept only as a label for people.
"""
import re
import unicodedata

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from . import filetypes, storage
from .labels import FILE_KIND_NAMES

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


def refusal(error, purpose, name, path):
    """Why filetypes.check refused the file at ``path`` named ``name`` for ``purpose``: a plain string,
    so the page escapes the uploader's file name."""
    if str(error) == "mismatch":
        kind = filetypes.sniff(path)
        return gettext("The selected file is a %(kind)s file but its name, %(name)s, says otherwise. "
                       "Choose the right file, or correct its name", kind=FILE_KIND_NAMES.get(kind, kind), name=name)
    return str(NOT_ALLOWED[purpose])


class Batch(storage.DiscardUnlessKept):
    """The checked uploads of one submission (each with its ``staged`` file); discarded on leaving a
    ``with`` block unless kept."""

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
