"""The Briff: the Network's weekly update, its items, revisions and subscribers (its emails are in the outbox)."""
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .base import utcnow

VISIBILITIES = ("public", "members")


class BriffIssue(db.Model):
    __tablename__ = "briff_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(sa.Integer, unique=True)
    issue_date: Mapped[date] = mapped_column(sa.Date)
    #: When it goes (or went) out; None while a draft. Published once publish_at <= now and published_at is set.
    publish_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)
    #: The last correction made after publishing ("Updated on ..." on the page, <updated> in the feed).
    corrected_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    items: Mapped[list["BriffItem"]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="BriffItem.position"
    )
    revisions: Mapped[list["BriffRevision"]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="BriffRevision.id.desc()"
    )

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def is_scheduled(self):
        return self.published_at is None and self.publish_at is not None


class BriffItem(db.Model):
    __tablename__ = "briff_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("briff_issue.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    title_en: Mapped[str] = mapped_column(sa.String(250), default="")
    title_cy: Mapped[str] = mapped_column(sa.String(250), default="")
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    body_cy: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str | None] = mapped_column(sa.String(500))
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topic.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(sa.String(10), default="public")
    #: A members-only item whose title is hidden too from those not entitled to it.
    confidential: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: When each language's text last changed; Welsh older than English needs revisiting before publishing.
    en_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cy_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    issue: Mapped[BriffIssue] = relationship(back_populates="items")
    topic = relationship("Topic")

    def title(self, lang):
        return self.title_cy if lang == "cy" else self.title_en

    def body(self, lang):
        return self.body_cy if lang == "cy" else self.body_en

    @property
    def members_only(self):
        return self.visibility == "members"


class BriffRevision(db.Model):
    """A snapshot of an issue and its items, kept at every save."""

    __tablename__ = "briff_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(sa.ForeignKey("briff_issue.id", ondelete="CASCADE"), index=True)
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    snapshot: Mapped[str] = mapped_column(sa.Text)  # JSON of the issue and its items

    issue: Mapped[BriffIssue] = relationship(back_populates="revisions")
    saved_by = relationship("User")


class Subscriber(db.Model):
    __tablename__ = "briff_subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    #: A portal user who subscribed from the portal; receives members-only items while entitled.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: Random and lasting: the unsubscribe link in every email.
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(32))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user = relationship("User")

    @validates("email")
    def _store_email_normalised(self, key, email):
        return (email or "").strip().lower()

