"""Every change staff make, each writing its AuditEntry in the same transaction.

Usable from views, the CLI and tests alike. Functions that may be refused
return None (or False) and leave the reason on the form.
"""
import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import Refused, audit  # noqa: F401  (Refused: views catch operations.Refused)
from ..auth.operations import queue_invitation
from ..extensions import db
from ..models import DownloadRecord, Organisation, Resource, ResourceFile, Topic, User
from . import uploads
from .labels import SLOTS, slot_of

log = logging.getLogger(__name__)
RESOURCE_FIELDS = ("title_cy", "title_en", "summary_cy", "summary_en", "kind", "audience")
MAX_VALUE = 120


def _short(value):
    text = value if isinstance(value, str) or value is None else str(value)
    return text if text is None or len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def _changed(target, values):
    """Set attributes; return {name: [old, new]} (long texts shortened) for those that changed."""
    changes = {}
    for name, value in values.items():
        old = getattr(target, name)
        if old != value:
            changes[name] = [_short(old), _short(value)]
            setattr(target, name, value)
    return changes


def resource_status(resource, today=None):
    if resource.published_at is None:
        return "draft"
    if resource.expires_on is not None and resource.expires_on < (today or clock.today()):
        return "expired"
    return "published"


def _apply_resource_fields(form, resource):
    changes = _changed(resource, {name: form[name].data for name in RESOURCE_FIELDS})
    changes |= _changed(resource, {"expires_on": form.expiry_date})
    topics = db.session.execute(sa.select(Topic).where(Topic.id.in_(form.topics.data or []))).scalars().all()
    if {t.id for t in topics} != {t.id for t in resource.topics}:
        changes["topics"] = sorted(t.slug for t in topics)
        resource.topics = topics
    if form.publish_now and resource.published_at is None:
        resource.published_at = clock.now()
        changes["published"] = True
    elif not form.publish_now and resource.published_at is not None:
        resource.published_at = None
        changes["published"] = False
    return changes


def _apply_files(form, resource, batch):
    """Swap in the uploaded files; return (changes, storage names to remove once committed)."""
    removed_ids, new_slots = set(form.remove_files.data or []), {u.slot for u in batch.uploads}
    changes, obsolete = {}, []
    for stored in list(resource.files):
        if stored.id in removed_ids or slot_of(stored) in new_slots:
            resource.files.remove(stored)
            obsolete.append(stored.storage_name)
            changes.setdefault("files_removed", []).append(stored.original_name)
        elif stored.purpose == "video" and stored.language != form.video_language.data:
            stored.language = form.video_language.data
            changes["video_language"] = stored.language
    for upload in batch.uploads:
        purpose, language = SLOTS[upload.slot]
        resource.files.append(ResourceFile(
            purpose=purpose, language=language or form.video_language.data, original_name=upload.name,
            storage_name=upload.staged.storage_name, content_type=upload.content_type,
            size=upload.staged.size, sha256=upload.staged.sha256,
        ))
        changes.setdefault("files_added", []).append(f"{upload.slot}: {upload.name}")
    return changes, obsolete


def _commit_then_keep(batch):
    """Commit, then move the staged files to their place; if the commit fails nothing is kept."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise  # leaving the batch's ``with`` block with an error discards its files
    try:
        batch.keep()
    except OSError:
        log.exception("could not keep uploaded files; removing their rows")
        names = [u.staged.storage_name for u in batch.uploads]
        db.session.execute(sa.delete(ResourceFile).where(ResourceFile.storage_name.in_(names)))
        db.session.commit()
        raise


def save_resource(form, actor, resource=None):
    """Create (``resource`` None) or update a resource from a submitted form and its files.

    The form and every file are checked together. Returns the resource, or None when
    anything was refused: the form then carries the errors, and no row or file is left.
    """
    valid = form.validate()
    with uploads.stage(form) as batch:
        if not valid or batch.refused:
            return None
        creating = resource is None
        resource = resource or Resource()
        changes = _apply_resource_fields(form, resource)
        file_changes, obsolete = _apply_files(form, resource, batch)
        if creating:
            db.session.add(resource)
            changes = {"title_cy": resource.title_cy, "title_en": resource.title_en, "kind": resource.kind,
                       "audience": resource.audience, "published": form.publish_now}
        db.session.flush()
        audit(actor, "resource.create" if creating else "resource.update", "resource", resource.id,
              **changes, **file_changes)
        _commit_then_keep(batch)
    uploads.remove_files(obsolete)
    return resource


def unpublish_resource(resource, actor):
    if resource.published_at is None:
        return False
    resource.published_at = None
    audit(actor, "resource.unpublish", "resource", resource.id, title_en=resource.title_en)
    db.session.commit()
    return True


def delete_resource(resource, actor):
    """Delete the resource and its file rows, keep its download records (without the link), then its files."""
    names = [f.storage_name for f in resource.files]
    audit(actor, "resource.delete", "resource", resource.id, title_en=resource.title_en,
          title_cy=resource.title_cy, files=[f.original_name for f in resource.files])
    db.session.execute(sa.update(DownloadRecord).where(DownloadRecord.resource_id == resource.id)
                       .values(resource_id=None))
    db.session.delete(resource)
    db.session.commit()
    uploads.remove_files(names)


def save_organisation(form, actor, organisation=None):
    creating = organisation is None
    if creating:
        organisation = Organisation()
        db.session.add(organisation)
    values = {
        "name_cy": form.name_cy.data, "name_en": form.name_en.data, "kind": form.kind.data,
        "budget_band": None if form.budget_band.data == "none" else form.budget_band.data,
        "membership_status": form.membership_status.data, "membership_year": form.year,
    }
    changes = _changed(organisation, values)
    db.session.flush()
    audit(actor, "organisation.create" if creating else "organisation.update", "organisation",
          organisation.id, **changes)
    db.session.commit()
    return organisation


def invite_user(form, actor):
    """Create the account (no password yet) and queue its invitation email, in one transaction.
    Returns the user, or None if the email was taken meanwhile."""
    check_may_grant(form.role.data, actor)
    user = User(name=form.name.data, email=form.email.data, role=form.role.data,
                language=form.language.data, organisation_id=form.organisation.data or None, password_hash=None)
    db.session.add(user)
    try:
        db.session.flush()
        audit(actor, "user.invite", "user", user.id, email=user.email, role=user.role,
              organisation_id=user.organisation_id, language=user.language)
        queue_invitation(user, invited_by=actor)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return user


def send_invitation_again(user, actor):
    """Queue a fresh invitation link in the user's language, audited in the same transaction."""
    queue_invitation(user, invited_by=actor)
    audit(actor, "user.invite_resent", "user", user.id, email=user.email)
    db.session.commit()


def check_may_grant(role, actor, current_role=None):
    """Only administrators give the administrator role, or take it away."""
    if "admin" in (role, current_role) and actor.role != "admin":
        raise Refused("admin-only")


def change_role(user, role, actor):
    if user.id == actor.id:
        raise Refused("own-role")
    if user.role == role:
        return False
    check_may_grant(role, actor, user.role)
    audit(actor, "user.role", "user", user.id, role=[user.role, role])
    user.role = role
    db.session.commit()
    return True


def set_active(user, active, actor):
    """Deactivate (ending every session at its next request) or reactivate an account."""
    if user.id == actor.id:
        raise Refused("self")
    if user.active == active:
        return False
    user.active = active
    if not active:
        user.end_sessions()
    audit(actor, "user.reactivate" if active else "user.deactivate", "user", user.id, email=user.email)
    db.session.commit()
    return True
