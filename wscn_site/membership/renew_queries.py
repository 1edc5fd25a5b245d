"""Reads for renewing: which year an organisation may renew for now, and what its people are told.

The dates come from the clock (today in London) and the configuration: renewal for a financial
year opens on ``RENEWAL_INVITATIONS_FROM`` (1 January before it), the reminder goes from
``RENEWAL_REMINDERS_FROM`` (1 March); after 31 March the grace period (access.py) runs.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from flask import current_app, request

from .. import clock
from ..access import grace_ends, standing
from ..config import month_day
from ..extensions import db
from ..models import Invoice, Membership

#: Kinds whose fee is agreed with the Network rather than banded by budget (as when they applied):
#: a renewal keeps last year's fee.
UNBANDED_KINDS = ("third-sector", "police")
PORTAL_PREFIXES = ("/en/members/", "/cy/aelodau/")


def _day_in(year, setting):
    month, day = month_day(current_app.config[setting])
    return date(year, month, day)


def opens_on(year):
    """The day renewal for financial year ``year`` opens and its invitations go (1 January ``year``)."""
    return _day_in(year, "RENEWAL_INVITATIONS_FROM")


def reminder_on(year):
    """The day the reminder to renew for ``year`` goes to organisations that have not (1 March ``year``)."""
    return _day_in(year, "RENEWAL_REMINDERS_FROM")


@dataclass(frozen=True)
class Renewal:
    """What an organisation may do now. ``year``: the financial year it may renew for, or None;
    ``state``: "open" (for next year), "grace" or "lapsed" (for this year, not renewed), or why
    not: "not-yet" (opens on ``opens``), "renewed" (next year is done), "ended" (staff ended the
    membership: only they restore it), "never" (not a member yet: it applies).
    ``latest``: its newest membership row up to next year (budget, band and fee to start from)."""
    year: int | None
    state: str
    latest: Membership | None = None
    opens: date | None = None


def renewal_for(organisation, day=None):
    day = day or clock.today()
    this_year = clock.financial_year(day)
    rows = [row for row in organisation.memberships if row.year <= this_year + 1]
    if not rows:
        return Renewal(None, "never")
    latest = max(rows, key=lambda row: row.year)
    if latest.status != "member":
        return Renewal(None, "ended", latest)
    if latest.year == this_year + 1:
        return Renewal(None, "renewed", latest)
    if latest.year == this_year:
        opens = opens_on(this_year + 1)
        return Renewal(this_year + 1, "open", latest, opens) if day >= opens else Renewal(None, "not-yet", latest, opens)
    return Renewal(this_year, standing(organisation, day), latest)


def is_lead(user):
    return (user is not None and getattr(user, "is_authenticated", False) and user.is_active
            and user.role == "lead" and user.organisation is not None)


@dataclass(frozen=True)
class Notice:
    """The "renew" notice on every portal page during the grace period."""
    year: int  # the financial year not yet renewed for
    ends: date  # the last day of access without renewing
    lead: bool  # the reader may renew (else: ask the lead)


def portal_notice(user, day=None):
    """The notice for this user on this page, or None: portal pages only, people of an organisation
    in its grace period. Reads nothing the request has not loaded already."""
    if not request.path.startswith(PORTAL_PREFIXES):
        return None
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_staff:
        return None
    organisation = user.organisation
    if organisation is None or standing(organisation, day) != "grace":
        return None
    year = clock.financial_year(day)
    return Notice(year=year, ends=grace_ends(year), lead=user.role == "lead")


def lost_access(user, day=None):
    """A person of an organisation that was a member and is no longer (not renewed after the grace
    period, or ended): they see the "renew" page instead of the library."""
    return (getattr(user, "is_authenticated", False) and user.is_active and not user.is_staff
            and user.organisation is not None and standing(user.organisation, day) == "lapsed")


def invoice_of(membership):
    """The membership's invoice still standing (not cancelled by a credit note), or None."""
    credit = aliased(Invoice)
    return db.session.execute(
        sa.select(Invoice).where(Invoice.membership_id == membership.id, Invoice.kind == "invoice",
                                 ~sa.exists().where(credit.credits_id == Invoice.id, credit.partial.is_(False)))
        .order_by(Invoice.id.desc())).scalars().first()


def leads_of(organisation):
    return [user for user in organisation.users if user.role == "lead" and user.active]
