"""What the Briff pages read: published issues, the archive's filters and search, the staff lists.

Search never matches the text of a members-only item for a reader who may not read it
(the same rule as ``presenting.present``).
"""
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..access import is_entitled
from ..extensions import db
from ..listing import Listing, code, page_number, search_words, words_match
from ..models import BriffIssue, BriffItem, Topic

PAGE_SIZE = 10
FEED_SIZE = 20


@dataclass(frozen=True)
class Filters(Listing):
    q: str = ""
    topic: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args):
        return cls(q=search_words(args), topic=code(args, "topic"), page=page_number(args))


def _published():
    return BriffIssue.published_at.is_not(None)


def item_conditions(user, lang, filters):
    """SQL conditions on BriffItem for the items that match the filters and that ``user`` may search."""
    title = BriffItem.title_cy if lang == "cy" else BriffItem.title_en
    body = BriffItem.body_cy if lang == "cy" else BriffItem.body_en
    conditions = [] if is_entitled(user) else [BriffItem.visibility == "public"]
    if filters.topic:
        conditions.append(BriffItem.topic.has(Topic.slug == filters.topic))
    return conditions + words_match(filters.q, [title, body])


def archive(user, lang, filters):
    """(issues on this page, total, {issue id: matching items or None for all}) newest first."""
    query = sa.select(BriffIssue).where(_published())
    if filters.active:
        query = query.where(BriffIssue.items.any(sa.and_(*item_conditions(user, lang, filters))))
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    issues = db.session.execute(
        query.options(selectinload(BriffIssue.items).selectinload(BriffItem.topic))
        .order_by(BriffIssue.issue_date.desc(), BriffIssue.number.desc())
        .offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).scalars().all()
    matches = {}
    if filters.active and issues:
        rows = db.session.execute(
            sa.select(BriffItem.id, BriffItem.issue_id)
            .where(BriffItem.issue_id.in_([i.id for i in issues]), *item_conditions(user, lang, filters))
        ).all()
        for item_id, issue_id in rows:
            matches.setdefault(issue_id, set()).add(item_id)
    return issues, total, matches


def published_issue(number):
    return db.session.execute(
        sa.select(BriffIssue).where(BriffIssue.number == number, _published())
        .options(selectinload(BriffIssue.items).selectinload(BriffItem.topic))
    ).scalar_one_or_none()


def latest_published(limit=FEED_SIZE):
    return db.session.execute(
        sa.select(BriffIssue).where(_published())
        .options(selectinload(BriffIssue.items).selectinload(BriffItem.topic))
        .order_by(BriffIssue.issue_date.desc(), BriffIssue.number.desc()).limit(limit)
    ).scalars().all()


def sitemap_numbers():
    """Numbers of the published issues, for the sitemap (nothing but the numbers)."""
    return db.session.execute(
        sa.select(BriffIssue.number, BriffIssue.updated_at).where(_published()).order_by(BriffIssue.number)
    ).all()


def used_topics(user):
    """Topics of the published items ``user`` may read, for the archive's filter."""
    used = sa.select(BriffItem.topic_id).join(BriffIssue).where(_published())
    if not is_entitled(user):
        used = used.where(BriffItem.visibility == "public")
    return db.session.execute(sa.select(Topic).where(Topic.id.in_(used)).order_by(Topic.slug)).scalars().all()


def all_issues():
    return db.session.execute(
        sa.select(BriffIssue).options(selectinload(BriffIssue.items))
        .order_by(BriffIssue.number.desc())
    ).scalars().all()


def next_number():
    return (db.session.execute(sa.select(sa.func.max(BriffIssue.number))).scalar() or 0) + 1
