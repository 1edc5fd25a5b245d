"""Files sent with a resource form: staged in a local temporary file, checked, then kept or discarded.

Nothing an uploader sends decides a path: files are stored under random names
(storage.StagedFile) and the original name is kept only as a label for people.
A refused file leaves nothing behind; ``Batch.keep()`` moves the files to their
final names before the rows that point at them are committed, and the batch removes them
again if the commit fails (see storage.py for why this order).
"""
import logging
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .. import filetypes, storage
from ..uploaded_files import Batch, display_name, refusal
from .labels import SLOTS

log = logging.getLogger(__name__)


@dataclass
class Upload:
    slot: str
    staged: storage.StagedFile
    name: str
    content_type: str

    @property
    def purpose(self):
        return SLOTS[self.slot][0]


def _reject(field, message):
    field.errors = [*field.errors, message]


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
                message = _l("The selected file is empty") if str(error) == "empty" else refusal(
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
