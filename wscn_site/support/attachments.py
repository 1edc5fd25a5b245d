"""Files sent with a support request: staged in a local temporary file and checked by their content
exactly as staff uploads are (filetypes.check, the "document" kinds), then stored under a random
name before the row that names them commits, and removed again if it does not (storage.py).

The members' smaller limit is the request body's (``WSCN_MAX_MEMBER_UPLOAD_BYTES``, body_limits.py):
a larger body is answered 413 before anything is read.
"""
from dataclasses import dataclass

from flask_babel import gettext

from .. import filetypes, storage
from ..uploaded_files import Batch, display_name, refusal

PURPOSE = "document"


@dataclass
class Staged:
    staged: storage.StagedFile
    name: str
    content_type: str


def _refusal(error, name, path):
    if str(error) == "empty":
        return gettext("The selected file %(name)s is empty", name=name)
    return refusal(error, PURPOSE, name, path)


def stage(uploads):
    """Stage and check each uploaded file: the ``Batch`` of the accepted ones (kept or
    discarded together); a refused one is removed at once and its message kept in ``batch.errors``
    (plain strings: the page escapes the file name)."""
    batch = Batch()
    batch.errors = []
    try:
        for upload in uploads:
            name = display_name(upload.filename, fallback=PURPOSE)
            staged = storage.StagedFile(upload.stream)
            try:
                if staged.size == 0:
                    raise ValueError("empty")
                _, content_type = filetypes.check(staged.path, name, PURPOSE)
            except ValueError as error:
                batch.errors.append(_refusal(error, name, staged.path))
                staged.discard()
                continue
            batch.uploads.append(Staged(staged, name, content_type))
    except BaseException:
        batch.discard()
        raise
    return batch



def send_with(form, send):
    """Stage and check the files of ``form`` (a support.forms.WithFiles), then call ``send(batch)`` with
    them. False, with nothing sent or kept, when a file is refused (the form's attachments field says
    why); True once sent. An exception from ``send`` removes the files again."""
    with stage(form.chosen_files()) as batch:
        if batch.errors:
            form.attachments.errors = list(batch.errors)
            return False
        send(batch)
    return True
