"""``flask membership remind``: the renewal invitation and reminder, each written once.

From ``opens_on(year)`` (1 January) each organisation that is a member this financial year and has
no membership for the next gets the invitation to renew; from ``reminder_on(year)`` (1 March), if
it has still not renewed, the reminder (which goes alone if the invitation never went). Each goes
to the organisation's active leads, in their own language, and to its finance contact in the
organisation's invoice language (bilingual, Welsh first, for "both"). A ``RenewalNotice`` row per
organisation, year and kind, committed with the emails in the outbox, makes the command safe to
run every day and twice at once: its unique constraint lets one run write it.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, selectinload

from .. import clock
from ..audit import audit
from ..extensions import db
from ..mail import site_urls
from ..models import Membership, Organisation, RenewalNotice
from .renew_email import queue_renewal_email
from .renew_queries import leads_of, opens_on, reminder_on

SUBJECTS = {"invitation": lambda year: _l("Renew your organisation's membership for %(year)s", year=year),
            "reminder": lambda year: _l("Reminder: renew your organisation's membership for %(year)s", year=year)}


@dataclass
class Sent:
    organisation: str
    kind: str
    year: int
    recipients: list = field(default_factory=list)


def due_kind(day):
    """(kind, year): the email due on ``day`` for the next financial year, or (None, year)."""
    year = clock.financial_year(day) + 1
    if day >= reminder_on(year):
        return "reminder", year
    if day >= opens_on(year):
        return "invitation", year
    return None, year


def candidates(year, kind):
    """Ids of this year's members with no membership for ``year`` and no ``kind`` notice for it yet."""
    later = aliased(Membership)
    renewed = sa.select(later.id).where(later.organisation_id == Organisation.id, later.year == year)
    noticed = sa.select(RenewalNotice.id).where(RenewalNotice.organisation_id == Organisation.id,
                                                RenewalNotice.year == year, RenewalNotice.kind == kind)
    return db.session.execute(
        sa.select(Organisation.id).join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.year == year - 1, Membership.status == "member", ~renewed.exists(), ~noticed.exists())
        .order_by(Organisation.id)).scalars().all()


def recipients(organisation):
    """[(email, language, name, is_lead)]: the active leads, then the finance contact, each address once."""
    found, seen = [], set()
    for lead in leads_of(organisation):
        found.append((lead.email, lead.language, lead.name, True))
        seen.add(lead.email)
    finance = (organisation.finance_email or "").strip().lower()
    if finance and finance not in seen:
        found.append((finance, organisation.invoice_language, organisation.finance_name, False))
    return found


def remind(day=None):
    """Queue the emails due today; returns (sent: [Sent], nobody: [organisation names with no one to
    write to]). Each organisation commits on its own."""
    day = day or clock.today()
    kind, year = due_kind(day)
    if kind is None:
        return [], []
    with site_urls():
        return _remind(kind, year)


def _remind(kind, year):
    sent, nobody = [], []
    for organisation_id in candidates(year, kind):
        organisation = db.session.execute(
            sa.select(Organisation).where(Organisation.id == organisation_id)
            .options(selectinload(Organisation.users))).scalar_one()
        to = recipients(organisation)
        if not to:
            nobody.append(organisation.name_en)
            continue
        try:
            db.session.add(RenewalNotice(organisation_id=organisation.id, year=year, kind=kind,
                                         recipients="\n".join(email for email, *_ in to)))
            db.session.flush()
        except IntegrityError:  # another run wrote to it first
            db.session.rollback()
            continue
        for email, lang, name, lead in to:
            queue_renewal_email(email, SUBJECTS[kind], lang, year=year, kind=kind, name=name, lead=lead,
                                organisation=organisation)
        audit(None, "membership.remind", "organisation", organisation.id, membership_year=year, notice=kind,
              recipients=[email for email, *_ in to])
        db.session.commit()
        sent.append(Sent(organisation.name_en, kind, year, [email for email, *_ in to]))
    return sent, nobody
