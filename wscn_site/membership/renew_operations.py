"""Renewing a membership (the organisation's lead, in the portal) and ending one (staff).

Each is one transaction: next year's membership, its invoice number (invoicing.py), the audit
entry and the confirmation email commit together or not at all. Lapsing deletes nothing: an
organisation that does not renew keeps its rows, people, bookings and requests, and renewing
adds a membership row, which restores access at once (access.py).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import clock, fees
from ..access import standing
from ..audit import Refused, audit
from ..extensions import db
from ..mail import queue_email
from ..models import Membership
from .invoicing import invoice_membership
from .renew_email import renew_link, year_label
from .renew_queries import UNBANDED_KINDS, is_lead, renewal_for


def renew(organisation, actor, budget=None, po_reference="", day=None):
    """Renew ``organisation`` for the year it may renew for now; returns (membership, invoice,
    why_no_invoice). ``budget`` (Decimal, £ millions) sets the band and fee; organisations of the
    unbanded kinds keep last year's agreed fee. Refused: "lead-only", or the Renewal's state
    ("not-yet", "renewed", "ended", "never")."""
    if not is_lead(actor) or actor.organisation_id != organisation.id:
        raise Refused("lead-only")
    renewal = renewal_for(organisation, day)
    if renewal.year is None:
        raise Refused(renewal.state)
    previous = renewal.latest
    if organisation.kind in UNBANDED_KINDS:
        band, fee_pence = None, previous.fee_pence
    else:
        if budget is None:
            raise Refused("budget")
        band = fees.band_for(budget)
        band, fee_pence = band.code, band.fee * 100
        organisation.budget_band = band
    membership = Membership(organisation=organisation, year=renewal.year, status="member", budget=budget,
                            band=band, fee_pence=fee_pence, po_reference=(po_reference or "").strip())
    db.session.add(membership)
    try:
        db.session.flush()
    except IntegrityError:  # renewed meanwhile, in another request
        db.session.rollback()
        raise Refused("renewed") from None
    try:
        invoice, why = invoice_membership(membership, actor)
    except BaseException:  # e.g. no issuer details in production: nothing of the renewal is kept
        db.session.rollback()
        raise
    audit(actor, "membership.renew", "organisation", organisation.id, membership_year=renewal.year,
          budget=str(budget) if budget is not None else None, budget_band=band, fee_pence=fee_pence,
          invoice=invoice.number if invoice else why)
    queue_email(actor.email, _l("Your organisation's membership is renewed"), "renew_confirmed", actor.language,
                user=actor, organisation=organisation, membership=membership, invoice=invoice, why=why,
                year_label=year_label(renewal.year), link=renew_link(actor.language))
    db.session.commit()
    return membership, invoice, why


def end_membership(organisation, actor, reason):
    """Staff end a membership before its year is out: this year's row and any later one become
    "lapsed" with the time and the reason (nothing is deleted); in the grace period, a "lapsed" row
    for this year ends the grace. Refused: "staff-only", "not-member"."""
    if actor is None or not actor.is_active or not actor.is_staff:
        raise Refused("staff-only")
    this_year = clock.financial_year()
    rows = [row for row in organisation.memberships if row.year >= this_year and row.status == "member"]
    if not rows and standing(organisation) == "grace":
        rows = [Membership(year=this_year, status="member")]
        organisation.memberships.append(rows[0])
    if not rows:
        raise Refused("not-member")
    moment = clock.now()
    for row in rows:
        row.status, row.ended_at, row.end_reason = "lapsed", moment, reason
    audit(actor, "membership.end", "organisation", organisation.id,
          membership_year=sorted(row.year for row in rows), reason=reason)
    db.session.commit()
    return rows
