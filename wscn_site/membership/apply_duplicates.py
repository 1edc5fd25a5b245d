"""Applications that name an organisation that is already a member, or that another open application
names: flagged to staff, never refused (a council may apply twice by mistake, or two people may apply
for it; staff decide)."""
import re

import sqlalchemy as sa

from .. import clock
from ..extensions import db
from ..models import Membership, MembershipApplication, Organisation

OPEN_STATUSES = ("pending", "needs-info")
_NOT_LETTERS = re.compile(r"[\W_]+")


def normalised(name):
    """A name as compared: case, spaces and punctuation ignored ("Cyngor Sir Ynys Môn" = "cyngor sir ynys-môn")."""
    return _NOT_LETTERS.sub(" ", (name or "").casefold()).strip()


def _names(*names):
    return {normalised(name) for name in names if normalised(name)}


def member_named(name_en, name_cy):
    """An organisation with one of these names that is a member this financial year or a later one."""
    wanted = _names(name_en, name_cy)
    if not wanted:
        return None
    members = db.session.execute(
        sa.select(Organisation).join(Membership)
        .where(Membership.status == "member", Membership.year >= clock.financial_year())
        .order_by(Organisation.id).distinct()).scalars()
    return next((org for org in members if _names(org.name_en, org.name_cy) & wanted), None)


def open_applications_named(application):
    """The other open applications (pending or needing information) for the same organisation."""
    wanted = _names(application.name_en, application.name_cy)
    others = db.session.execute(
        sa.select(MembershipApplication)
        .where(MembershipApplication.status.in_(OPEN_STATUSES), MembershipApplication.id != application.id)
        .order_by(MembershipApplication.id)).scalars()
    return [other for other in others if _names(other.name_en, other.name_cy) & wanted]
