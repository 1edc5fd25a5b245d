"""The one rule that decides who may see a resource in the members' portal.

Every path that shows or sends a resource (the library, search, the detail
page, file downloads, and anything later that lists resources) filters with
``visible_to(user)``; ``can_view`` asks the same rule about one resource.

- Staff and admins see everything, including unpublished, expired and staff-only resources.
- Other active users see resources for members that are published and not expired,
  and only while their organisation's membership is current: a member in this financial year, or
  last year's member not yet renewed within the grace period after 31 March
  (``MEMBERSHIP_GRACE_DAYS``, default 30: to 30 April). ``standing`` says which.
- Anonymous visitors and deactivated users see nothing.

``is_entitled(user)`` is the membership half of the rule, for members-only Briff items
(on the web and in email).

Records an organisation owns (its questions to the annual meeting, its comments on consultations,
its requests for support, and their files) follow the same rule: ``owned_by(user, column)`` filters
a query with it and ``may_see_owned(user, organisation_id)`` asks it about one record. Staff see
every organisation's; a member sees their own organisation's while it is entitled; a lapsed
organisation's people, anonymous visitors and deactivated users see none.
"""
from datetime import date, timedelta

from functools import wraps

import sqlalchemy as sa
from flask import abort, current_app, g, has_app_context
from flask_login import current_user, login_required

from . import clock
from .extensions import db
from .models import Resource, User
from .models.accounts import STAFF_ROLES


@login_required
def require_staff():
    """Staff pages: anonymous visitors go to the log-in page; anyone else logged in gets a 404,
    so the area's existence is not revealed."""
    if g.get("database_unavailable"):
        abort(503)
    if not current_user.is_active or not current_user.is_staff:
        abort(404)


def active_staff(order=(User.id,)):
    """The Network's active staff (staff and admins): who is told of what members send in, and who a
    request may be given to."""
    return db.session.execute(
        sa.select(User).where(User.role.in_(STAFF_ROLES), User.active.is_(True)).order_by(*order)).scalars().all()


def grace_days():
    return int(current_app.config["MEMBERSHIP_GRACE_DAYS"]) if has_app_context() else 30


def grace_ends(year):
    """The last day on which last year's member that has not renewed for financial year ``year``
    keeps access: the grace period's days after 31 March (30 April by default)."""
    return date(year, 3, 31) + timedelta(days=grace_days())


def standing(organisation, day=None):
    """An organisation's membership on ``day`` (default: today in London): "member" in that
    financial year; "grace" when it was last year's member, has no row for this year and the grace
    period runs; otherwise "lapsed" (ended, or not renewed) or "prospective" (never a member).
    Reads only ``organisation.memberships`` (loaded with the user: no query of its own)."""
    day = day or clock.today()
    year = clock.financial_year(day)
    row = organisation.membership_in(year)
    if row is not None:
        return "member" if row.status == "member" else "lapsed"
    last = organisation.membership_in(year - 1)
    if last is not None and last.status == "member" and day <= grace_ends(year):
        return "grace"
    return organisation.status_in(year)


def staff_only(view):
    """A view of the staff area in a blueprint that also has other pages: ``require_staff``'s rule
    (anonymous visitors log in first; anyone else not staff gets a 404) before the view."""
    @wraps(view)
    def checked(*args, **kwargs):
        refused = require_staff()
        return refused if refused is not None else view(*args, **kwargs)

    return checked


def is_entitled(user):
    """May this person read members-only material (resources, members-only Briff items)?"""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    return user.organisation is not None and standing(user.organisation) in ("member", "grace")


def owned_by(user, column):
    """A SQL condition on ``column`` (a record's organisation id): true for the records ``user`` may see."""
    if not is_entitled(user):
        return sa.false()
    if user.is_staff:
        return sa.true()
    return column == user.organisation_id


def may_see_owned(user, organisation_id):
    """May ``user`` see (and act on) a record owned by the organisation ``organisation_id``?"""
    if not is_entitled(user):
        return False
    return user.is_staff or (organisation_id is not None and organisation_id == user.organisation_id)


def visible_to(user, now=None):
    """A SQL condition on ``Resource`` true for the resources ``user`` may see."""
    if not is_entitled(user):
        return sa.false()
    if user.is_staff:
        return sa.true()
    now = now or clock.now()
    today = now.astimezone(clock.LONDON).date()
    return sa.and_(
        Resource.audience == "members",
        Resource.published_at.is_not(None),
        Resource.published_at <= now,
        sa.or_(Resource.expires_on.is_(None), Resource.expires_on >= today),
    )


def visible_resource(user, resource_id, *options):
    """The resource with this id if ``user`` may see it, else None (never saying which); ``options``
    load what the caller will show with it (``selectinload(Resource.files)``)."""
    return db.session.execute(
        sa.select(Resource).where(Resource.id == resource_id, visible_to(user)).options(*options)
    ).scalar_one_or_none()


def can_view(user, resource):
    return visible_resource(user, resource.id) is not None
