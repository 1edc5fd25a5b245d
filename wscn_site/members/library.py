"""Finding resources: filters and search, always within what the access rule allows."""
from dataclasses import dataclass

import sqlalchemy as sa

from ..access import visible_to
from ..extensions import db
from ..models import Resource, ResourceFile, Topic
from ..models.resources import RESOURCE_KINDS

PAGE_SIZE = 20
MAX_WORDS = 8
MAX_QUERY = 200


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    topic: str = ""
    language: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args):
        """Read the query string; values we do not know are ignored rather than trusted."""
        page = args.get("page", "1")
        return cls(
            q=" ".join(args.get("q", "")[:MAX_QUERY].replace("\x00", "").split()),
            kind=args.get("kind", "") if args.get("kind") in RESOURCE_KINDS else "",
            topic=args.get("topic", "")[:60],
            language=args.get("language", "") if args.get("language") in ("cy", "en") else "",
            page=min(int(page), 10_000) if page.isdecimal() and int(page) > 0 else 1,
        )


def _escape_like(word):
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
    for word in filters.q.split()[:MAX_WORDS]:
        pattern = f"%{_escape_like(word)}%"
        conditions.append(sa.or_(title.ilike(pattern, escape="\\"), summary.ilike(pattern, escape="\\")))
    return conditions


def find(user, lang, filters):
    """(resources on this page, total count) for the user, newest first."""
    conditions = _conditions(user, lang, filters)
    total = db.session.execute(sa.select(sa.func.count(Resource.id)).where(*conditions)).scalar_one()
    rows = db.session.execute(
        sa.select(Resource).where(*conditions)
        .order_by(Resource.published_at.desc().nulls_last(), Resource.id.desc())
        .offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).scalars().all()
    return rows, total


def latest(user, limit=5):
    return db.session.execute(
        sa.select(Resource).where(visible_to(user))
        .order_by(Resource.published_at.desc().nulls_last(), Resource.id.desc()).limit(limit)
    ).scalars().all()


def all_topics():
    return db.session.execute(sa.select(Topic).order_by(Topic.slug)).scalars().all()


