"""What the staff queue of applications reads."""
import sqlalchemy as sa
from flask import abort

from ..extensions import db
from ..models import MembershipApplication, Organisation
from ..models.membership import APPLICATION_STATUSES
from . import apply_duplicates


def counts():
    """{status: number of applications}, every status present."""
    rows = db.session.execute(sa.select(MembershipApplication.status, sa.func.count())
                              .group_by(MembershipApplication.status)).all()
    found = dict(rows)
    return {status: found.get(status, 0) for status in APPLICATION_STATUSES}


def queue(status):
    """The applications with ``status``, oldest first for open ones (first come, first served),
    newest first for decided ones."""
    order = MembershipApplication.id if status in apply_duplicates.OPEN_STATUSES else MembershipApplication.id.desc()
    return db.session.execute(sa.select(MembershipApplication).where(MembershipApplication.status == status)
                              .order_by(order)).scalars().all()


def flagged_ids(applications):
    """The ids among ``applications`` that name a member or another open application."""
    return {a.id for a in applications
            if a.duplicate_of_id or (a.status in apply_duplicates.OPEN_STATUSES
                                     and apply_duplicates.open_applications_named(a))}


def application_or_404(application_id):
    application = db.session.get(MembershipApplication, application_id)
    if application is None:
        abort(404)
    return application


def organisation(organisation_id):
    return db.session.get(Organisation, organisation_id) if organisation_id else None
