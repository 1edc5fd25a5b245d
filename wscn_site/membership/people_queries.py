"""What the lead's people pages read: only the lead's own organisation, never another's."""
import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import User

STATUSES = {
    "active": _l("Active"),
    "invited": _l("Invited, no password yet"),
    "deactivated": _l("Deactivated"),
}


def status(user):
    if not user.active:
        return "deactivated"
    return "active" if user.password_hash else "invited"


def people_of(organisation_id):
    """The organisation's people (never Network staff), leads first, then by name."""
    return db.session.execute(
        sa.select(User).where(User.organisation_id == organisation_id, User.role.in_(("lead", "member")))
        .order_by(sa.case((User.role == "lead", 0), else_=1), User.name, User.id)
    ).scalars().all()


def person_or_404(organisation_id, user_id):
    """One of the organisation's people; 404 for anyone else (another organisation's people look
    exactly like ids that do not exist)."""
    person = db.session.execute(
        sa.select(User).where(User.id == user_id, User.organisation_id == organisation_id,
                              User.role.in_(("lead", "member")))
    ).scalar_one_or_none()
    if person is None:
        abort(404)
    return person


def email_in_use(email):
    """The account with this address (any organisation's, or staff), or None."""
    return db.session.execute(sa.select(User).where(User.email == User.normalise_email(email))).scalar_one_or_none()
