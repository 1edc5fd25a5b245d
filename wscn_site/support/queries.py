"""What the support pages read. Every read of a request, its conversation or its files goes through
``access.owned_by`` (lists) or ``access.may_see_owned`` (one record), so a request another
organisation owns, or one of a lapsed organisation, is a 404 exactly like an id that does not exist."""
import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from ..access import active_staff, may_see_owned, owned_by
from ..extensions import db
from ..models import SupportFile, SupportMessage, SupportRequest, User
from ..models.support import SUPPORT_STATUSES

_LOADED = (selectinload(SupportRequest.organisation), selectinload(SupportRequest.opened_by),
           selectinload(SupportRequest.assigned_to))


def requests_for(user):
    """The requests ``user`` may see, newest activity first (a member: their organisation's)."""
    return db.session.execute(
        sa.select(SupportRequest).where(owned_by(user, SupportRequest.organisation_id)).options(*_LOADED)
        .order_by(SupportRequest.updated_at.desc(), SupportRequest.id.desc())
    ).scalars().all()


def queue(user, status):
    """The staff queue of one status, oldest first (the longest waiting at the top)."""
    return db.session.execute(
        sa.select(SupportRequest).where(owned_by(user, SupportRequest.organisation_id),
                                        SupportRequest.status == status).options(*_LOADED)
        .order_by(SupportRequest.created_at, SupportRequest.id)
    ).scalars().all()


def counts(user):
    """{status: number of requests} for every status, in the order of the statuses."""
    found = dict(db.session.execute(
        sa.select(SupportRequest.status, sa.func.count()).where(owned_by(user, SupportRequest.organisation_id))
        .group_by(SupportRequest.status)).all())
    return {status: found.get(status, 0) for status in SUPPORT_STATUSES}


def request_or_404(user, request_id):
    """The request with its conversation and files, if ``user`` may see it; else a 404."""
    found = db.session.execute(
        sa.select(SupportRequest).where(SupportRequest.id == request_id).options(
            *_LOADED, selectinload(SupportRequest.files),
            selectinload(SupportRequest.messages).selectinload(SupportMessage.author))
    ).scalar_one_or_none()
    if found is None or not may_see_owned(user, found.organisation_id):
        abort(404)
    return found


def file_or_404(user, file_id, name):
    """A request's file, by its id and the name in the address, if ``user`` may see the request."""
    stored = db.session.execute(
        sa.select(SupportFile).where(SupportFile.id == file_id).options(selectinload(SupportFile.request))
    ).scalar_one_or_none()
    if stored is None or name != stored.original_name or not may_see_owned(user, stored.request.organisation_id):
        abort(404)
    return stored


def staff_people():
    """The Network's active staff, to assign requests to."""
    return active_staff(order=(User.name, User.id))
