"""Every change to the Briff, from the editor's views, the CLI and tests alike.

Each content save keeps a BriffRevision; every change writes an AuditEntry in the same
transaction. Publishing (now, or by ``publish_due`` from cron) sets ``published_at`` with an
UPDATE guarded by ``published_at IS NULL`` and its rowcount, so an issue is published, and
queued for email, once however many runs overlap.
"""
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import AuditEntry, BriffIssue, BriffItem, Delivery
from . import queue, revisions

MAX_DETAILS = 2000
TEXTS = {"en": ("title_en", "body_en"), "cy": ("title_cy", "body_cy")}
REQUIRED = ("title_cy", "body_cy", "title_en", "body_en")


class Refused(Exception):
    """A change that cannot be made: ``args[0]`` says why ("published", "number-taken", ...)."""


@dataclass
class Readiness:
    """Why an issue may not be published yet: no items, or items missing text or with stale Welsh."""

    empty: bool = False
    #: (position from 1, item, names of the missing fields, Welsh older than the English)
    items: list = field(default_factory=list)

    def __bool__(self):
        return not self.empty and not self.items


class NotReady(Exception):
    def __init__(self, readiness):
        super().__init__("not ready")
        self.readiness = readiness


def now():
    return datetime.now(timezone.utc)


def as_utc(value):
    """SQLite hands back naive datetimes; every time here is UTC."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def audit(actor, action, issue_id, **details):
    text = json.dumps(details, ensure_ascii=False, default=str, sort_keys=True) if details else ""
    db.session.add(AuditEntry(actor_id=actor.id if actor else None, action=action, target_type="briff_issue",
                              target_id=issue_id, details=text[:MAX_DETAILS]))


def _apply(target, values):
    changed = []
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    return changed


def is_stale(item):
    """True when the English changed after the Welsh was last saved."""
    en, cy = as_utc(item.en_changed_at), as_utc(item.cy_changed_at)
    return en is not None and cy is not None and en > cy


def readiness(issue):
    result = Readiness(empty=not issue.items)
    for number, item in enumerate(issue.items, start=1):
        missing = [name for name in REQUIRED if not (getattr(item, name) or "").strip()]
        stale = is_stale(item)
        if missing or stale:
            result.items.append((number, item, missing, stale))
    return result


def _titles(item):
    return [item.title_en, item.title_cy]


def _commit_or_refuse(reason):
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused(reason) from None


def create_issue(number, issue_date, actor):
    issue = BriffIssue(number=number, issue_date=issue_date)
    db.session.add(issue)
    db.session.flush()
    revisions.record(issue, actor, "issue.create")
    audit(actor, "briff.create", issue.id, number=number, issue_date=issue_date)
    _commit_or_refuse("number-taken")
    return issue


def update_issue(issue, number, issue_date, actor):
    changed = _apply(issue, {"number": number, "issue_date": issue_date})
    if not changed:
        return False
    db.session.flush()
    revisions.record(issue, actor, "issue.update", fields=changed)
    audit(actor, "briff.update", issue.id, fields=changed, number=number, issue_date=issue_date)
    _commit_or_refuse("number-taken")
    return True


def save_item(issue, values, actor, item=None, welsh_checked=False):
    """Add (``item`` None) or edit an item from ``values`` (the fields of revisions.ITEM_FIELDS).

    Sets en_changed_at / cy_changed_at when that language's title or body changes (or, with
    ``welsh_checked``, marks the Welsh as revisited). English added to an item that had only Welsh
    is its translation, so the Welsh stays current (written Welsh first, it is not "older" than the
    English). Returns the item, or None if nothing changed.
    """
    creating = item is None
    if creating:
        item = BriffItem(title_en="", title_cy="", body_en="", body_cy="", link=None, topic_id=None,
                         visibility="public", confidential=False,
                         position=max((i.position for i in issue.items), default=-1) + 1)
    english_was_empty = not any((getattr(item, name) or "").strip() for name in TEXTS["en"])
    changed = _apply(item, values)
    moment = now()
    if set(changed) & set(TEXTS["en"]):
        item.en_changed_at = moment
        if english_was_empty and item.cy_changed_at is not None:
            item.cy_changed_at = moment  # the first English, written from the Welsh: not a change to revisit
    welsh_changed = bool(set(changed) & set(TEXTS["cy"]))
    if welsh_changed or (welsh_checked and is_stale(item)):
        item.cy_changed_at = moment
        if not welsh_changed:
            changed.append("welsh_checked")
    if not changed and not creating:
        return None
    if creating:
        issue.items.append(item)
    db.session.flush()
    what = "item.add" if creating else "item.update"
    revisions.record(issue, actor, what, item=_titles(item), fields=changed)
    audit(actor, f"briff.{what}", issue.id, item_id=item.id, fields=changed)
    db.session.commit()
    return item


def _renumber(items):
    for position, item in enumerate(items):
        item.position = position


def move_item(issue, item, direction, actor):
    items = sorted(issue.items, key=lambda i: i.position)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items)
    db.session.flush()
    revisions.record(issue, actor, "item.move", item=_titles(item), direction=direction)
    audit(actor, "briff.item.move", issue.id, item_id=item.id, direction=direction, position=other + 1)
    db.session.commit()
    return True


def remove_item(issue, item, actor):
    issue.items.remove(item)
    _renumber(sorted(issue.items, key=lambda i: i.position))
    db.session.flush()
    revisions.record(issue, actor, "item.remove", item=_titles(item))
    audit(actor, "briff.item.remove", issue.id, item_id=item.id, title_en=item.title_en)
    db.session.commit()


def restore(issue, revision, actor):
    """Put back an earlier revision: itself a save, so it keeps a revision of its own."""
    if revision.issue_id != issue.id:
        raise Refused("other-issue")
    data = json.loads(revision.snapshot)
    taken = db.session.execute(sa.select(BriffIssue.id).where(
        BriffIssue.number == data["number"], BriffIssue.id != issue.id)).first()
    if taken:
        raise Refused("number-taken")
    revisions.apply(issue, revision)
    db.session.flush()
    revisions.record(issue, actor, "restore", revision=revision.id, saved_at=revision.saved_at.isoformat())
    audit(actor, "briff.restore", issue.id, revision=revision.id)
    _commit_or_refuse("number-taken")


def _mark_published(issue, moment, actor, action):
    """Set published_at once: the UPDATE matches only while it is unset. Then queue the emails."""
    result = db.session.execute(
        sa.update(BriffIssue).where(BriffIssue.id == issue.id, BriffIssue.published_at.is_(None),
                                    BriffIssue.publish_at <= moment)
        .values(published_at=moment)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    audit(actor, action, issue.id, number=issue.number)
    db.session.flush()
    db.session.refresh(issue)
    queue.queue_issue(issue)  # commits the publication, its audit entry and the deliveries together
    return True


def publish_now(issue, actor):
    if issue.published_at is not None:
        raise Refused("published")
    ready = readiness(issue)
    if not ready:
        raise NotReady(ready)
    moment = now()
    issue.publish_at = moment
    return _mark_published(issue, moment, actor, "briff.publish")


def schedule(issue, when, actor):
    if issue.published_at is not None:
        raise Refused("published")
    ready = readiness(issue)
    if not ready:
        raise NotReady(ready)
    issue.publish_at = when
    audit(actor, "briff.schedule", issue.id, publish_at=when)
    db.session.commit()


def cancel_schedule(issue, actor):
    if issue.published_at is not None or issue.publish_at is None:
        return False
    audit(actor, "briff.unschedule", issue.id, publish_at=issue.publish_at)
    issue.publish_at = None
    db.session.commit()
    return True


def unpublish(issue, actor):
    """Take the issue off the site and the feed; emails not yet sent are not sent."""
    if issue.published_at is None:
        return False
    issue.published_at = None
    issue.publish_at = None
    db.session.execute(sa.delete(Delivery).where(Delivery.issue_id == issue.id, Delivery.status == "pending"))
    audit(actor, "briff.unpublish", issue.id, number=issue.number)
    db.session.commit()
    return True


def publish_due(moment=None):
    """Publish every issue whose time has come and is not yet published: [(number, outcome)].

    Outcome: "published", "not-ready" (left scheduled: fix it and it goes at the next run),
    or "already" (another run got there first).
    """
    moment = moment or now()
    due = db.session.execute(
        sa.select(BriffIssue).where(BriffIssue.publish_at <= moment, BriffIssue.published_at.is_(None))
        .order_by(BriffIssue.publish_at, BriffIssue.id)
    ).scalars().all()
    outcomes = []
    for issue in due:
        if not readiness(issue):
            outcomes.append((issue.number, "not-ready"))
            continue
        done = _mark_published(issue, moment, None, "briff.publish_due")
        outcomes.append((issue.number, "published" if done else "already"))
    return outcomes
