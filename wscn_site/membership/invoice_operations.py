"""Every change to invoices and invoicing: credit notes, payments, an organisation's invoicing
preferences and purchase-order numbers. Each checks who may do it (``Refused`` with a reason code
otherwise), writes its audit entry and commits in one transaction.

Reason codes: "staff-only", "not-lead" (only staff or the organisation's own lead), "not-an-invoice"
(a credit note cannot be cancelled or paid), "cancelled" (already cancelled by a credit note),
"paid" (paid invoices are not cancelled here), "already-paid", "already-issued" (the year's
invoice exists: cancel it to issue another), "nothing-owed", "po-required", and
invoice_issuer.ISSUER_NOT_CONFIGURED.
"""
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from ..audit import Refused, audit
from ..extensions import db
from ..models import Invoice, Membership, Organisation
from . import invoicing


def check_is_staff(actor):
    if actor is None or not actor.is_active or not actor.is_staff:
        raise Refused("staff-only")


def check_staff_or_lead(actor, organisation_id):
    """Network staff, or the active lead of this organisation."""
    if actor is None or not actor.is_active:
        raise Refused("not-lead")
    if not actor.is_staff and not (actor.role == "lead" and actor.organisation_id == organisation_id):
        raise Refused("not-lead")


def credit_note_of(invoice):
    """The credit note that cancels ``invoice`` as a whole, or None."""
    return db.session.execute(sa.select(Invoice).where(Invoice.credits_id == invoice.id,
                                                       Invoice.partial.is_(False))).scalar_one_or_none()


def part_credited(invoice):
    """Has part of ``invoice`` been credited already (a place of a booking cancelled)?"""
    return db.session.execute(sa.select(Invoice.id).where(Invoice.credits_id == invoice.id,
                                                          Invoice.partial.is_(True))).first() is not None


def cancel_invoice(invoice, reason, actor):
    """Cancel an unpaid invoice with a credit note of the same lines, negated, in the invoice's
    language; the year's invoice may then be issued again. Returns the credit note."""
    check_is_staff(actor)
    if invoice.kind != "invoice":
        raise Refused("not-an-invoice")
    if invoice.paid_on is not None:
        raise Refused("paid")
    if credit_note_of(invoice) is not None:
        raise Refused("cancelled")
    if part_credited(invoice):  # a whole credit note would credit those places twice
        raise Refused("part-credited")
    lines = [(line.description_en, line.description_cy, line.quantity, -line.unit_pence) for line in invoice.lines]
    membership = db.session.get(Membership, invoice.membership_id) if invoice.membership_id else None
    organisation = db.session.get(Organisation, invoice.organisation_id)
    try:
        credit = invoicing.issue(organisation, lines, language=invoice.language, actor=actor, kind="credit",
                                 membership=membership, credits=invoice, year=invoice.year, band=invoice.band,
                                 po_reference=invoice.po_reference, reason=reason)
        audit(actor, "invoice.cancel", "invoice", invoice.id, invoice_number=invoice.number,
              credit_note=credit.number, reason=reason)
        db.session.commit()
    except IntegrityError:  # another whole credit note for it committed meanwhile (one per invoice)
        db.session.rollback()
        raise Refused("cancelled") from None
    except Refused:
        db.session.rollback()
        raise
    return credit


def record_payment(invoice, paid_on, reference, actor):
    """Record that an invoice was paid; a guarded UPDATE, so two staff cannot record it twice."""
    check_is_staff(actor)
    if invoice.kind != "invoice":
        raise Refused("not-an-invoice")
    credit = aliased(Invoice)
    done = db.session.execute(
        sa.update(Invoice)
        .where(Invoice.id == invoice.id, Invoice.paid_on.is_(None),
               ~sa.exists().where(credit.credits_id == Invoice.id, credit.partial.is_(False)))
        .values(paid_on=paid_on, payment_reference=reference, payment_recorded_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not done:
        db.session.rollback()
        db.session.refresh(invoice)
        raise Refused("already-paid" if invoice.paid_on is not None else "cancelled")
    audit(actor, "invoice.payment", "invoice", invoice.id, invoice_number=invoice.number, paid_on=paid_on,
          payment_reference=reference)
    db.session.commit()
    db.session.refresh(invoice)


INVOICING_FIELDS = ("invoice_language", "po_required", "finance_name", "finance_email")


def save_invoicing(organisation, values, actor):
    """Change how an organisation is invoiced (``values``: INVOICING_FIELDS). Returns whether
    anything changed. Invoices already issued stay as they were issued."""
    check_is_staff(actor)
    changes = {}
    for name in INVOICING_FIELDS:
        old, new = getattr(organisation, name), values[name]
        if old != new:
            changes[name] = [old, new]
            setattr(organisation, name, new)
    if not changes:
        return False
    audit(actor, "organisation.invoicing", "organisation", organisation.id, **changes)
    db.session.commit()
    return True


REASONS = {invoicing.ALREADY_ISSUED: "already-issued", invoicing.NOTHING_OWED: "nothing-owed",
           invoicing.AWAITING_PO: "po-required"}


def issue_membership_invoice(membership, po_reference, actor):
    """Record the purchase-order number of a year's membership (staff, or the organisation's lead)
    and issue the invoice it was waiting for. Returns the invoice."""
    organisation = membership.organisation
    check_staff_or_lead(actor, organisation.id)
    po_reference = (po_reference or "").strip()
    if organisation.po_required and not po_reference:
        raise Refused("po-required")
    old = membership.po_reference
    membership.po_reference = po_reference
    try:
        invoice, reason = invoicing.invoice_membership(membership, actor)
        if invoice is None:
            raise Refused(REASONS[reason])
    except Refused:
        db.session.rollback()
        raise
    audit(actor, "membership.invoice", "organisation", organisation.id, membership_year=membership.year,
          po_reference=[old, po_reference] if old != po_reference else po_reference,
          invoice_number=invoice.number)
    db.session.commit()
    return invoice
