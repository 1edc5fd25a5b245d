"""Resources in the members' portal and their files."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

RESOURCE_KINDS = (
    "briefing", "legislation-briefing", "funding-briefing", "recorded-seminar", "training",
    "template", "consultation-response",
    "minutes",
)
AUDIENCES = ("members", "staff")
FILE_LANGUAGES = ("cy", "en", "bilingual")
FILE_PURPOSES = ("document", "video", "captions")

resource_topic = sa.Table(
    "resource_topic",
    db.metadata,
    sa.Column("resource_id", sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True),
)


class Topic(db.Model):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_cy: Mapped[str] = mapped_column(sa.String(120))

    def name(self, lang):
        return self.name_cy if lang == "cy" else self.name_en


class Resource(db.Model):
    __tablename__ = "resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_en: Mapped[str] = mapped_column(sa.String(250))
    title_cy: Mapped[str] = mapped_column(sa.String(250))
    summary_en: Mapped[str] = mapped_column(sa.Text)
    summary_cy: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(30))
    audience: Mapped[str] = mapped_column(sa.String(10), default="members")
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    expires_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    topics: Mapped[list[Topic]] = relationship(secondary=resource_topic, order_by=Topic.slug)
    files: Mapped[list["ResourceFile"]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="ResourceFile.id"
    )

    def title(self, lang):
        return self.title_cy if lang == "cy" else self.title_en

    def summary(self, lang):
        return self.summary_cy if lang == "cy" else self.summary_en

    def files_for(self, purpose):
        return [f for f in self.files if f.purpose == purpose]


class ResourceFile(db.Model):
    __tablename__ = "resource_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(sa.ForeignKey("resource.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(sa.String(10))
    purpose: Mapped[str] = mapped_column(sa.String(10), default="document")
    #: Random name of the file in the private folder; never derived from what the uploader sent.
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    resource: Mapped[Resource] = relationship(back_populates="files")
