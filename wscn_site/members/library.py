"""Finding resources: filters and search, always within what the access rule allows."""
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..access import visible_to
from ..extensions import db
from ..listing import Listing, code, page_number, search_words, words_match
from ..models import Resource, ResourceFile, Topic
from ..models.resources import RESOURCE_KINDS

PAGE_SIZE = 20


@dataclass(frozen=True)
class Filters(Listing):
    q: str = ""
    kind: str = ""
    topic: str = ""
    language: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args):
        return cls(
            q=search_words(args),
            kind=args.get("kind", "") if args.get("kind") in RESOURCE_KINDS else "",
            topic=code(args, "topic"),
            language=args.get("language", "") if args.get("language") in ("cy", "en") else "",
            page=page_number(args),
        )


def _conditions(user, lang, filters):
    title = Resource.title_cy if lang == "cy" else Resource.title_en
    summary = Resource.summary_cy if lang == "cy" else Resource.summary_en
    conditions = [visible_to(user)]
    if filters.kind:
        conditions.append(Resource.kind == filters.kind)
    if filters.topic:
        conditions.append(Resource.topics.any(Topic.slug == filters.topic))
    if filters.language:
        conditions.append(Resource.files.any(ResourceFile.language.in_([filters.language, "bilingual"])))
    return conditions + words_match(filters.q, [title, summary])


def find(user, lang, filters):
    """(resources on this page, total count) for the user, newest first: one query for both (the count
    is a window over every match) and one for the page's topics; a page past the end counts apart."""
    conditions = _conditions(user, lang, filters)
    rows = db.session.execute(
        sa.select(Resource, sa.func.count().over().label("total")).where(*conditions)
        .options(selectinload(Resource.topics))
        .order_by(Resource.published_at.desc().nulls_last(), Resource.id.desc())
        .offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    if rows:
        return [row.Resource for row in rows], rows[0].total
    total = db.session.execute(sa.select(sa.func.count(Resource.id)).where(*conditions)).scalar_one()
    return [], total


def latest(user, limit=5):
    return db.session.execute(
        sa.select(Resource).where(visible_to(user)).options(selectinload(Resource.topics))
        .order_by(Resource.published_at.desc().nulls_last(), Resource.id.desc()).limit(limit)
    ).scalars().all()


def all_topics():
    return db.session.execute(sa.select(Topic).order_by(Topic.slug)).scalars().all()


