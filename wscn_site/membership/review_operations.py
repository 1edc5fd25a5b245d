"""Staff decisions on applications, each audited in its own transaction.

Approving is all or nothing: the organisation, its membership for the year(s) the joining rule gives
(apply_rules.years_to_record), the lead's account with its invitation email, the invoice (its number
taken from the year's series) and the audit entry commit together, or nothing does. Each decision
first moves the application out of the open statuses with one guarded UPDATE, so two members of staff
deciding at once cannot both succeed (the second is refused with "decided").

Refusal reasons: "staff-only", "decided" (already approved or declined), "fee-needed" (an unbanded
application needs the fee staff set, which may be 0), "lead-exists" (the lead's email address already
has an account).
"""
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import Refused, audit
from ..auth.operations import queue_invitation
from ..extensions import db
from ..mail import queue_email
from ..models import Membership, MembershipApplication, Organisation, User
from .apply_duplicates import OPEN_STATUSES
from .apply_rules import years_to_record
from .invoicing import invoice_membership

NEEDS_INFO_SUBJECT = _l("We need more information about your application")
DECLINED_SUBJECT = _l("Your application to join the Network")


def check_is_staff(actor):
    if actor is None or not actor.is_active or not actor.is_staff:
        raise Refused("staff-only")


def _claim(application, status, actor, decided=True):
    """Move an open application to ``status``, or refuse if someone else decided it meanwhile."""
    now = clock.now()
    values = {"status": status, "updated_at": now}
    if decided:
        values |= {"decided_by_id": actor.id, "decided_at": now}
    result = db.session.execute(
        sa.update(MembershipApplication)
        .where(MembershipApplication.id == application.id, MembershipApplication.status.in_(OPEN_STATUSES))
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise Refused("decided")
    for name, value in values.items():
        setattr(application, name, value)


def _lead_taken(email):
    return db.session.execute(sa.select(User.id).where(User.email == User.normalise_email(email))).first() is not None


def _organisation(application, po_required):
    return Organisation(
        name_en=application.name_en or application.name_cy, name_cy=application.name_cy or application.name_en,
        kind=application.kind, budget_band=application.band, invoice_language=application.invoice_language,
        finance_name=application.finance_name, finance_email=application.finance_email, po_required=po_required)


def approve(application, actor, fee_pence=None, po_required=False):
    """Approve an open application. ``fee_pence`` is needed (and used) only for an application
    without a band; ``po_required`` marks the new organisation as needing a purchase-order number,
    so that without one in the application its invoice waits for it (invoicing.AWAITING_PO).
    Returns (organisation, invoice or None, why no invoice or None)."""
    check_is_staff(actor)
    if application.status not in OPEN_STATUSES:
        raise Refused("decided")
    unbanded = application.band is None
    if unbanded and fee_pence is None:
        raise Refused("fee-needed")
    if _lead_taken(application.lead_email):
        raise Refused("lead-exists")
    fee = fee_pence if unbanded else application.fee_pence
    applied_on = clock.as_utc(application.created_at).astimezone(clock.LONDON).date()
    years = years_to_record(applied_on)
    try:
        _claim(application, "approved", actor)
        organisation = _organisation(application, po_required)
        for year in years:  # the fee pays for the last year; the rest of the joining year comes with it
            organisation.memberships.append(Membership(
                year=year, status="member", budget=application.budget, band=application.band,
                fee_pence=fee if year == years[-1] else 0, po_reference=application.po_reference))
        db.session.add(organisation)
        lead = User(email=application.lead_email, name=application.lead_name, role="lead",
                    language=application.lead_language, organisation=organisation, password_hash=None)
        db.session.add(lead)
        db.session.flush()
        queue_invitation(lead, invited_by=actor)
        paid = next(row for row in organisation.memberships if row.year == years[-1])
        invoice, reason = invoice_membership(paid, actor)
        application.organisation_id = organisation.id
        audit(actor, "application.approve", "membership_application", application.id,
              organisation_id=organisation.id, years=years, fee_pence=fee, band=application.band,
              lead=lead.email, po_required=po_required, invoice=invoice.number if invoice else reason)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if _lead_taken(application.lead_email):  # the lead's address was given an account at this very moment
            raise Refused("lead-exists") from None
        raise  # anything else is a fault to see, not a refusal to show staff
    except BaseException:
        db.session.rollback()
        raise
    return SimpleNamespace(organisation=organisation, invoice=invoice, reason=reason, lead=lead, years=years)


def ask_for_information(application, message, actor):
    """Email the applicant the staff member's question (in the applicant's language); the application
    stays open."""
    check_is_staff(actor)
    _claim(application, "needs-info", actor, decided=False)
    _send_message(application, message, actor, "application.needs_info", "membership_needs_info",
                  NEEDS_INFO_SUBJECT)


def decline(application, message, actor):
    """Decline an open application, with the staff member's message to the applicant."""
    check_is_staff(actor)
    _claim(application, "declined", actor)
    _send_message(application, message, actor, "application.decline", "membership_declined", DECLINED_SUBJECT)


def _send_message(application, message, actor, action, template, subject):
    try:
        application.staff_message = message
        queue_email(application.lead_email, subject, template, application.lead_language,
                    application=application, message=message)
        audit(actor, action, "membership_application", application.id, message=message,
              language=application.lead_language)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
