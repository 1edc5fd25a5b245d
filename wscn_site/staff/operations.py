"""Every change staff make, each writing its AuditEntry in the same transaction.

Usable from views, the CLI and tests alike. Who may do what to whom is decided here, not in
the views: an operation that may not be done raises ``Refused(reason)``, with reason codes
"staff-only" (the actor is not active Network staff), "self" and "own-role" (nobody deactivates
themselves or changes their own role), "admin-only" (giving or taking away the administrator
role) and "staff-account" (only administrators manage the accounts of Network staff; staff
manage members and leads).
"""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import Refused, audit  # noqa: F401  (Refused: views catch operations.Refused)
from ..auth.operations import queue_invitation
from ..extensions import db
from ..models import DownloadRecord, Membership, Organisation, Resource, ResourceFile, Topic, User
from ..models.accounts import RECORDED_STATUSES, STAFF_ROLES
from . import uploads
from .labels import SLOTS, slot_of

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


def _keep_then_commit(batch):
    """Move the checked files to their final names, then commit the rows that name them.

    If either step fails, the rows are rolled back and the batch's ``with`` block removes every
    file; if the process dies between the two, only files without rows remain, and
    ``flask storage sweep`` removes them. Never a row without its file.
    """
    try:
        batch.keep()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise  # leaving the batch's ``with`` block with an error discards its files, kept or not


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
        _keep_then_commit(batch)
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
    """Create or update an organisation; the membership chosen is recorded for the form's year
    (a row per financial year: recording next year's leaves this year's as it was)."""
    check_is_staff(actor)
    creating = organisation is None
    if creating:
        organisation = Organisation()
        db.session.add(organisation)
    values = {
        "name_cy": form.name_cy.data, "name_en": form.name_en.data, "kind": form.kind.data,
        "budget_band": None if form.budget_band.data == "none" else form.budget_band.data,
    }
    changes = _changed(organisation, values)
    db.session.flush()
    changes |= _record_membership(organisation, form.membership_status.data, form.year)
    audit(actor, "organisation.create" if creating else "organisation.update", "organisation",
          organisation.id, **changes)
    db.session.commit()
    return organisation


def _record_membership(organisation, status, year):
    """Set the status of one financial year: a row for member or lapsed, none for prospective."""
    if year is None:
        if status not in RECORDED_STATUSES:
            return {}
        year = clock.financial_year()
    row, old = organisation.membership_in(year), organisation.status_in(year)
    if old == status or (row is None and status not in RECORDED_STATUSES):
        return {}
    if status in RECORDED_STATUSES and row is None:
        organisation.memberships.append(Membership(year=year, status=status))
    elif status in RECORDED_STATUSES:
        row.status = status
    else:
        organisation.memberships.remove(row)
    return {"membership_year": year, "membership_status": [old, status]}


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


def check_is_staff(actor):
    if actor is None or not actor.is_active or not actor.is_staff:
        raise Refused("staff-only")


def check_may_manage(user, actor):
    """Staff manage members and leads; only administrators manage staff and administrators."""
    check_is_staff(actor)
    if user.role in STAFF_ROLES and actor.role != "admin":
        raise Refused("staff-account")


def check_may_grant(role, actor, current_role=None):
    """Only administrators give the administrator role, or take it away."""
    check_is_staff(actor)
    if "admin" in (role, current_role) and actor.role != "admin":
        raise Refused("admin-only")


def change_role(user, role, actor):
    check_is_staff(actor)
    if user.id == actor.id:
        raise Refused("own-role")
    check_may_grant(role, actor, user.role)
    check_may_manage(user, actor)
    if user.role == role:
        return False
    audit(actor, "user.role", "user", user.id, role=[user.role, role])
    user.role = role
    db.session.commit()
    return True


def set_active(user, active, actor):
    """Deactivate (ending every session at its next request) or reactivate an account."""
    check_is_staff(actor)
    if user.id == actor.id:
        raise Refused("self")
    check_may_manage(user, actor)
    if user.active == active:
        return False
    user.active = active
    if not active:
        user.end_sessions()
    audit(actor, "user.reactivate" if active else "user.deactivate", "user", user.id, email=user.email)
    db.session.commit()
    return True
