"""Issuing invoices and credit notes: numbered in one series per financial year, gapless and unique.

The number is taken in the issuing transaction by one atomic ``UPDATE invoice_counter SET last =
last + 1 ... RETURNING last``: on PostgreSQL the row lock it takes holds every other issuer of the same
series until this transaction ends (so two approvals at once get 0001 and 0002, never the same, and a
rollback gives the number back: no gaps); on SQLite the write lock serialises whole transactions.
The unique constraint on (series, sequence) is the last guard. Counting existing rows is not used:
it gives duplicates under concurrency and after gaps.

The caller commits: an invoice is issued together with what causes it (an approval, a renewal) or not
at all.
"""
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import clock
from ..extensions import db
from ..models import Invoice, InvoiceCounter, InvoiceLine
from . import invoice_files, invoice_pdf
from .invoice_issuer import issuer as configured_issuer


def series_for(day=None):
    """The series of the financial year in which ``day`` (default: today in London) falls: "2026-27"."""
    year = clock.financial_year(day)
    return f"{year}-{(year + 1) % 100:02d}"


def take_number(series):
    """The next sequence number of ``series``, locked until the caller's transaction ends."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(InvoiceCounter).values(series=series, last=0).on_conflict_do_nothing())
    return db.session.execute(
        sa.update(InvoiceCounter).where(InvoiceCounter.series == series)
        .values(last=InvoiceCounter.last + 1).returning(InvoiceCounter.last)
    ).scalar_one()


def issue(organisation, lines, *, language, actor=None, kind="invoice", membership=None, credits=None,
          year=None, band=None, po_reference="", reason="", partial=False):
    """Create, number and flush an invoice (or credit note) of ``lines`` — (description_en,
    description_cy, quantity, unit_pence) — for ``organisation``, with its PDF made and stored
    (invoice_pdf.py, invoice_files.py: removed again if the transaction does not commit). Returns
    the Invoice; the caller commits. A ``partial`` credit note credits some lines of ``credits`` (a
    cancelled place of a booking); an invoice has any number of those and at most one whole one. Without the issuer's details in production,
    invoice_issuer.IssuerNotConfigured (a Refused) is raised before anything is numbered."""
    issuer = configured_issuer()
    today = clock.today()
    series = series_for(today)
    sequence = take_number(series)
    invoice = Invoice(
        kind=kind, series=series, sequence=sequence, number=f"{series}/{sequence:04d}",
        organisation_id=organisation.id, membership_id=membership.id if membership else None,
        credits_id=credits.id if credits else None, year=year, band=band, po_reference=po_reference or "",
        language=language, issued_at=clock.now(), issued_on=today, issued_by_id=actor.id if actor else None,
        amount_pence=0, reason=reason or "", partial=partial,
    )
    for position, (description_en, description_cy, quantity, unit_pence) in enumerate(lines):
        invoice.lines.append(InvoiceLine(position=position, description_en=description_en,
                                         description_cy=description_cy, quantity=quantity,
                                         unit_pence=unit_pence, amount_pence=quantity * unit_pence))
    invoice.amount_pence = sum(line.amount_pence for line in invoice.lines)
    db.session.add(invoice)
    db.session.flush()
    invoice_files.store_pdf(invoice, invoice_pdf.render(invoice, organisation, issuer, credited=credits))
    return invoice


#: Why a membership's invoice was not issued (None when it was).
NOTHING_OWED, AWAITING_PO, ALREADY_ISSUED = "nothing-owed", "awaiting-po", "already-issued"


def membership_line(membership):
    year = membership.year
    label = f"{year}-{(year + 1) % 100:02d}"
    return (f"Membership of the Wales Safer Communities Network, {label}",
            f"Aelodaeth o Rwydwaith Cymunedau Mwy Diogel Cymru, {label}", 1, membership.fee_pence)


def invoice_membership(membership, actor=None):
    """Issue the invoice for one year's membership, in the caller's transaction. Returns
    ``(invoice, None)``, or ``(None, reason)``: nothing is owed (no fee, or a zero fee), the
    organisation requires a purchase order and none is recorded yet, or it was already issued."""
    organisation = membership.organisation
    if not membership.fee_pence:
        return None, NOTHING_OWED
    if organisation.po_required and not membership.po_reference.strip():
        return None, AWAITING_PO
    credit = aliased(Invoice)
    existing = db.session.execute(sa.select(Invoice.id).where(
        Invoice.membership_id == membership.id, Invoice.kind == "invoice",
        ~sa.exists().where(credit.credits_id == Invoice.id, credit.partial.is_(False)))).first()
    if existing is not None:
        return None, ALREADY_ISSUED
    invoice = issue(organisation, [membership_line(membership)], language=organisation.invoice_language,
                    actor=actor, membership=membership, year=membership.year, band=membership.band,
                    po_reference=membership.po_reference)
    return invoice, None
