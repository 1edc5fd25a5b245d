"""Every change to the Briff, from the editor's views, the CLI and tests alike.

Each content save keeps a BriffRevision; every change writes an AuditEntry in the same
transaction. Publishing (now, or by ``publish_due`` from cron) sets ``published_at`` with an
UPDATE guarded by ``published_at IS NULL`` and its rowcount, so an issue is published, and
queued for email, once however many runs overlap.

A published issue stays the record that was published: a change to it is a correction, kept
as a revision and shown as "Updated on ..." (``corrected_at``), and only allowed while the
issue stays complete in both languages (the publishing rule); its number never changes, so
its address and the links already emailed keep working.

Every change to what anonymous readers see (publishing, a correction, unpublishing) calls
``public_version.bump()`` in its transaction, so every process's page cache drops the Briff pages.
"""
import json
from dataclasses import dataclass, field
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..audit import Refused  # noqa: F401  (views catch operations.Refused)
from ..audit import audit as shared_audit
from ..clock import as_utc, now
from ..extensions import db
from ..models import BriffIssue, BriffItem
from ..public_version import bump as public_change
from . import queue, revisions

TEXTS = {"en": ("title_en", "body_en"), "cy": ("title_cy", "body_cy")}
REQUIRED = ("title_cy", "body_cy", "title_en", "body_en")


@dataclass
class Readiness:
    """Why an issue may not be published yet: no items, or items missing text or with a language to revisit."""

    empty: bool = False
    #: (position from 1, item, names of the missing fields, the language to revisit or None)
    items: list = field(default_factory=list)

    def __bool__(self):
        return not self.empty and not self.items


class NotReady(Exception):
    def __init__(self, readiness):
        super().__init__("not ready")
        self.readiness = readiness


def audit(actor, action, issue_id, **details):
    shared_audit(actor, action, "briff_issue", issue_id, **details)


def _apply(target, values):
    changed = []
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    return changed


def is_stale(item):
    """The language to revisit, "cy" or "en": the one whose text is older than a change to the
    other; None when both are current (or one has no text yet: that is "missing", not stale)."""
    en, cy = as_utc(item.en_changed_at), as_utc(item.cy_changed_at)
    if en is None or cy is None or en == cy:
        return None
    return "cy" if en > cy else "en"


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


def _frozen(result):
    """The readiness with its items copied (id and titles), to show after the session rolls back."""
    items = [(number, SimpleNamespace(id=item.id, title_en=item.title_en, title_cy=item.title_cy), missing, stale)
             for number, item, missing, stale in result.items]
    return Readiness(empty=result.empty, items=items)


def _correcting(issue):
    """Before saving a change to a published issue: refuse it (rolling it back) unless the issue
    stays complete in both languages; otherwise mark the correction. True for a correction."""
    if issue.published_at is None:
        return False
    result = readiness(issue)
    if not result:
        frozen = _frozen(result)
        db.session.rollback()
        raise NotReady(frozen)
    issue.corrected_at = now()
    public_change()
    return True


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
    """Change the number or date. A published issue keeps its number ("published-number"):
    its address is in the feed, in search engines and in every email already sent."""
    if issue.published_at is not None and number != issue.number:
        raise Refused("published-number")
    changed = _apply(issue, {"number": number, "issue_date": issue_date})
    if not changed:
        return False
    correction = _correcting(issue)
    db.session.flush()
    revisions.record(issue, actor, "issue.update", fields=changed)
    audit(actor, "briff.update", issue.id, fields=changed, number=number, issue_date=issue_date,
          **({"correction": True} if correction else {}))
    _commit_or_refuse("number-taken")
    return True


def _has_text(item, lang):
    return any((getattr(item, name) or "").strip() for name in TEXTS[lang])


CHECKED = {"cy": "welsh_checked", "en": "english_checked"}


def _mark_changes(item, changed, checked, moment, first):
    """Set en_changed_at / cy_changed_at for a save, so that ``is_stale`` names the language to revisit.

    Either language may be written first. A save that changes one language only is a change the
    other must be checked against, unless it brings that language up to date: it was the stale one,
    or it had no text before (``first``: its first translation). A save that changes both, or
    ``checked`` naming the stale language (the editor says it still matches), leaves both current.
    """
    stale = is_stale(item)
    langs = {lang for lang, names in TEXTS.items() if set(changed) & set(names)}
    if not langs and checked is not None and checked == stale:
        changed.append(CHECKED[checked])
        item.en_changed_at = item.cy_changed_at = moment
    elif len(langs) == 2 or (langs and (langs == {stale} or langs <= first or checked in set(TEXTS) - langs)):
        item.en_changed_at = item.cy_changed_at = moment
    elif langs:
        setattr(item, f"{langs.pop()}_changed_at", moment)


def save_item(issue, values, actor, item=None, checked=None):
    """Add (``item`` None) or edit an item from ``values`` (the fields of revisions.ITEM_FIELDS).

    ``checked``: "cy" or "en" when the editor confirms that the stale language (or the one not
    changed by this save) still matches the other (see ``_mark_changes``). Returns the item, or
    None if nothing changed. On a published issue, raises NotReady (nothing saved) if the item
    would lack a language or leave one to revisit.
    """
    creating = item is None
    if creating:
        item = BriffItem(title_en="", title_cy="", body_en="", body_cy="", link=None, topic_id=None,
                         visibility="public", confidential=False,
                         position=max((i.position for i in issue.items), default=-1) + 1)
    had_text = {lang: _has_text(item, lang) for lang in TEXTS}
    changed = _apply(item, values)
    _mark_changes(item, changed, checked, now(), first={lang for lang, had in had_text.items() if not had})
    if not changed and not creating:
        return None
    if creating:
        issue.items.append(item)
    correction = _correcting(issue)
    db.session.flush()
    what = "item.add" if creating else "item.update"
    revisions.record(issue, actor, what, item=_titles(item), fields=changed)
    audit(actor, f"briff.{what}", issue.id, item_id=item.id, fields=changed,
          **({"correction": True} if correction else {}))
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
    _correcting(issue)
    db.session.flush()
    revisions.record(issue, actor, "item.move", item=_titles(item), direction=direction)
    audit(actor, "briff.item.move", issue.id, item_id=item.id, direction=direction, position=other + 1)
    db.session.commit()
    return True


def remove_item(issue, item, actor):
    issue.items.remove(item)
    _renumber(sorted(issue.items, key=lambda i: i.position))
    _correcting(issue)
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
    if issue.published_at is not None and data["number"] != issue.number:
        raise Refused("published-number")
    with db.session.no_autoflush:
        revisions.apply(issue, revision)
        _correcting(issue)
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
    public_change()
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
    """Make a scheduled issue a draft again: an UPDATE that matches only while it is scheduled
    and unpublished, so it cannot undo (or log) a publication ``publish_due`` made meanwhile."""
    when = issue.publish_at
    result = db.session.execute(
        sa.update(BriffIssue).where(BriffIssue.id == issue.id, BriffIssue.published_at.is_(None),
                                    BriffIssue.publish_at.is_not(None))
        .values(publish_at=None).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        db.session.refresh(issue)
        return False
    audit(actor, "briff.unschedule", issue.id, publish_at=when)
    db.session.commit()
    db.session.refresh(issue)
    return True


def unpublish(issue, actor):
    """Take the issue off the site and the feed; emails not yet sent are not sent."""
    if issue.published_at is None:
        return False
    issue.published_at = None
    issue.publish_at = None
    issue.corrected_at = None
    queue.withdraw_unsent(issue)
    audit(actor, "briff.unpublish", issue.id, number=issue.number)
    public_change()
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
