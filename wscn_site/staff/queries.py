"""What the staff pages read. Staff see everything, so these do not filter by the access rule."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AuditEntry, DownloadRecord, Organisation, Resource, User

AUDIT_PAGE = 100


def get_or_404(model, ident):
    return db.get_or_404(model, ident)


def all_resources():
    return db.session.execute(
        sa.select(Resource).options(selectinload(Resource.files))
        .order_by(Resource.updated_at.desc(), Resource.id.desc())
    ).scalars().all()


def downloads_of(resource):
    """Who downloaded the resource's files, newest first, with their organisation."""
    return db.session.execute(
        sa.select(DownloadRecord).where(DownloadRecord.resource_id == resource.id)
        .options(selectinload(DownloadRecord.user).selectinload(User.organisation))
        .order_by(DownloadRecord.at.desc(), DownloadRecord.id.desc())
    ).scalars().all()


def organisations(lang):
    """Every organisation with its number of users, sorted by name in the page's language."""
    counts = sa.select(sa.func.count(User.id)).where(User.organisation_id == Organisation.id).scalar_subquery()
    rows = db.session.execute(sa.select(Organisation, counts).options(selectinload(Organisation.memberships))).all()
    return sorted(rows, key=lambda row: row[0].name(lang).casefold())


def users(organisation_id=None):
    query = sa.select(User).options(selectinload(User.organisation)).order_by(User.name, User.id)
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    return db.session.execute(query).scalars().all()


def latest_audit(limit=AUDIT_PAGE):
    return db.session.execute(
        sa.select(AuditEntry).options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ).scalars().all()


def user_status(user):
    if not user.active:
        return "deactivated"
    return "active" if user.password_hash else "invited"
