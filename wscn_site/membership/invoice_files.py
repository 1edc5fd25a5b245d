"""An issued document's PDF in the file store: written once, before the row that names it commits.

``store_pdf`` stores the bytes under a random name (storage.StagedFile) while the issuing
transaction is still open, and notes the name on the session. If that transaction ends without
committing (an error, a rollback, a session closed unfinished) the object is removed again; a
process killed in between leaves an object without a row, which ``flask storage sweep`` removes
(``Invoice.storage_name`` is in models.STORED_OBJECT_COLUMNS). Never a row without its PDF: the
caller of invoicing.issue commits whenever it likes, and this holds.
"""
import io
import logging
from types import SimpleNamespace

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..file_delivery import deliver, stat_or_unavailable
from ..i18n import in_language
from ..storage import ObjectMissing, StagedFile, StoreUnavailable, remove, store

log = logging.getLogger(__name__)
PENDING = "invoice_pdfs_pending"


def store_pdf(invoice, data):
    """Store ``data`` as ``invoice``'s PDF; removed again unless the session's transaction commits."""
    with StagedFile(io.BytesIO(data)) as staged:
        staged.keep()
        session = sa.inspect(invoice).session
        session.info.setdefault(PENDING, []).append(staged.storage_name)
        invoice.storage_name, invoice.sha256 = staged.storage_name, staged.sha256


@sa.event.listens_for(Session, "after_commit")
def _committed(session):
    session.info.pop(PENDING, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction):
    if transaction.parent is not None or not session.info.get(PENDING):
        return
    for name in session.info.pop(PENDING):
        try:
            remove(name)
        except (ObjectMissing, StoreUnavailable, OSError) as error:  # no row names it: the sweep removes it
            log.error("could not remove the PDF %s of an invoice that was not issued: %s", name, error)


def download_name(invoice, lang):
    """'anfoneb-2026-27-0001.pdf' / 'invoice-2026-27-0001.pdf' (credit notes: 'nodyn-credyd-...')."""
    with in_language(lang):
        word = _("invoice") if invoice.kind == "invoice" else _("credit-note")
    return f"{word}-{invoice.number.replace('/', '-')}.pdf"


def send_pdf(invoice, lang):
    """The PDF as a download, after the caller has checked who may have it."""
    if not invoice.storage_name:
        abort(404)
    files = store()
    stat = stat_or_unavailable(files, invoice.storage_name, f"the PDF of invoice {invoice.number}")
    stored = SimpleNamespace(storage_name=invoice.storage_name, sha256=invoice.sha256, purpose="document",
                             content_type="application/pdf", original_name=download_name(invoice, lang))
    return deliver(files, stored, stat)
