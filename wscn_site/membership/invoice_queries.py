"""Reading invoices: the staff list, one organisation's, those unpaid too long, and the years whose
invoice is still to be issued. ``overdue`` is the entry point the staff dashboard uses."""
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from .. import clock
from ..extensions import db
from ..models import Invoice, Membership, Organisation

#: Unpaid invoices older than this many days are shown on the staff dashboard.
OVERDUE_AFTER_DAYS = 30
STATUSES = ("unpaid", "overdue", "paid", "cancelled", "credit")


@dataclass(frozen=True)
class Row:
    invoice: Invoice
    organisation: Organisation
    credit_number: str | None  # the credit note that cancels it

    @property
    def status(self):
        return status(self.invoice, self.credit_number)


def status(invoice, credit_number=None, today=None):
    if invoice.kind == "credit":
        return "credit"
    if credit_number:
        return "cancelled"
    if invoice.paid_on is not None:
        return "paid"
    today = today or clock.today()
    return "overdue" if (today - invoice.issued_on).days > OVERDUE_AFTER_DAYS else "unpaid"


def _rows(*conditions, limit=None):
    credit = aliased(Invoice)
    query = (sa.select(Invoice, Organisation, credit.number)
             .join(Organisation, Organisation.id == Invoice.organisation_id)
             .outerjoin(credit, sa.and_(credit.credits_id == Invoice.id, credit.partial.is_(False)))
             .where(*conditions).order_by(Invoice.issued_at.desc(), Invoice.id.desc()))
    if limit:
        query = query.limit(limit)
    return [Row(*found) for found in db.session.execute(query).all()]


def unpaid_condition():
    credit = aliased(Invoice)
    return sa.and_(Invoice.kind == "invoice", Invoice.paid_on.is_(None),
                   ~sa.exists().where(credit.credits_id == Invoice.id, credit.partial.is_(False)))


def listing(show="all"):
    """Every invoice and credit note for staff, newest first; ``show`` "unpaid" or "overdue" narrows it."""
    if show == "unpaid":
        return _rows(unpaid_condition())
    if show == "overdue":
        return overdue()
    return _rows()


def overdue(today=None):
    """Invoices unpaid more than OVERDUE_AFTER_DAYS days after they were issued, oldest first."""
    cutoff = (today or clock.today()) - timedelta(days=OVERDUE_AFTER_DAYS)
    return sorted(_rows(unpaid_condition(), Invoice.issued_on < cutoff), key=lambda row: row.invoice.issued_on)


def for_organisation(organisation_id):
    return _rows(Invoice.organisation_id == organisation_id)


def one(invoice_id):
    """(Row) of one invoice, or None."""
    found = _rows(Invoice.id == invoice_id)
    return found[0] if found else None


def credited(invoice):
    """The invoice a credit note cancels."""
    return db.session.get(Invoice, invoice.credits_id) if invoice.credits_id else None


def awaiting_invoice(organisation_id):
    """This and later years' memberships with a fee to pay and no invoice standing (never issued,
    or cancelled by a credit note): held for a purchase-order number, or to issue now."""
    credit = aliased(Invoice)
    standing = (sa.select(Invoice.id).where(Invoice.membership_id == Membership.id, Invoice.kind == "invoice",
                                             ~sa.exists().where(credit.credits_id == Invoice.id, credit.partial.is_(False))))
    return db.session.execute(
        sa.select(Membership).where(Membership.organisation_id == organisation_id, Membership.status == "member",
                                    Membership.fee_pence > 0, Membership.year >= clock.financial_year(),
                                    ~standing.exists())
        .options(selectinload(Membership.organisation)).order_by(Membership.year)
    ).scalars().all()


def lead_invoice(user, invoice_id):
    """The invoice with this id if ``user`` is the active lead of its organisation, else None."""
    if not (user.is_authenticated and user.is_active and user.role == "lead" and user.organisation_id):
        return None
    return db.session.execute(sa.select(Invoice).where(
        Invoice.id == invoice_id, Invoice.organisation_id == user.organisation_id)).scalar_one_or_none()
