"""Revisions of a Briff issue: a JSON snapshot of the issue and its items, kept at every save.

The snapshot is the state *after* the save, so the newest revision is the issue as it is now.
The summary is JSON too ({"what": ..., "item": [English title, Welsh title], "fields": [...]}),
so that labels.describe() can word it in the language of the page that shows it.
"""
import json
from datetime import date, datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import BriffItem, BriffRevision, Topic

ITEM_FIELDS = ("title_en", "title_cy", "body_en", "body_cy", "link", "topic_id", "visibility", "confidential")
TIMES = ("en_changed_at", "cy_changed_at")


def _time(value):
    return value.isoformat() if value else None


def snapshot(issue):
    return {
        "number": issue.number,
        "issue_date": issue.issue_date.isoformat(),
        "publish_at": _time(issue.publish_at),
        "published_at": _time(issue.published_at),
        "items": [
            {"id": item.id, "position": item.position, **{name: getattr(item, name) for name in ITEM_FIELDS},
             **{name: _time(getattr(item, name)) for name in TIMES}}
            for item in sorted(issue.items, key=lambda i: i.position)
        ],
    }


def record(issue, actor, what, **details):
    """Keep a revision of ``issue`` as it is now (call after flushing the change)."""
    summary = json.dumps({"what": what, **details}, ensure_ascii=False, sort_keys=True)
    revision = BriffRevision(saved_by_id=actor.id if actor else None, summary=summary,
                             snapshot=json.dumps(snapshot(issue), ensure_ascii=False, sort_keys=True))
    issue.revisions.append(revision)
    return revision


def summary_of(revision):
    try:
        value = json.loads(revision.summary or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def apply(issue, revision):
    """Put the issue's number, date and items back as they were in ``revision`` (not its publishing state)."""
    data = json.loads(revision.snapshot)
    issue.number = data["number"]
    issue.issue_date = date.fromisoformat(data["issue_date"])
    current = {item.id: item for item in issue.items}
    topics = set(db.session.execute(sa.select(Topic.id)).scalars())  # a topic deleted since is left out
    kept = []
    for position, saved in enumerate(data["items"]):
        item = current.pop(saved["id"], None) or BriffItem()
        for name in ITEM_FIELDS:
            setattr(item, name, saved[name])
        item.topic_id = item.topic_id if item.topic_id in topics else None
        for name in TIMES:
            setattr(item, name, datetime.fromisoformat(saved[name]) if saved[name] else None)
        item.position = position
        kept.append(item)
    issue.items = kept  # items not in the snapshot are deleted (delete-orphan)
    return data
