"""Consultations the Network responds to, and members' comments on its draft response.

A consultation is written by staff in both languages and links to the external consultation; its
``comments_close_at`` (the internal deadline) comes before ``closes_on`` (the real closing date).
The draft and final responses are resources of the library, shown to a reader only when the
library's own rule (``access.visible_to``) lets them see it. Each comment records its author's
organisation (``organisation_id``: the one access rule for owned records asks about it).
"""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

CONSULTATION_STATUSES = ("draft", "open", "responded")


class Consultation(db.Model):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_en: Mapped[str] = mapped_column(sa.String(250), default="")
    title_cy: Mapped[str] = mapped_column(sa.String(250), default="")
    summary_en: Mapped[str] = mapped_column(sa.Text, default="")
    summary_cy: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(500))
    closes_on: Mapped[date] = mapped_column(sa.Date)
    comments_close_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    draft_resource_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resource.id", ondelete="SET NULL"))
    response_resource_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resource.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(20), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    responded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    comments: Mapped[list["ConsultationComment"]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="ConsultationComment.id")

    def title(self, lang):
        return self.title_cy if lang == "cy" else self.title_en

    def summary(self, lang):
        return self.summary_cy if lang == "cy" else self.summary_en


class ConsultationComment(db.Model):
    __tablename__ = "consultation_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    show_organisation: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    hidden_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Its author changed it (until the deadline); what it said before is in the audit log.
    edited_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: Its author withdrew it (until the deadline): no member sees it; staff still do, marked so.
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    consultation: Mapped[Consultation] = relationship(back_populates="comments")
    author = relationship("User", foreign_keys=[author_id])
    organisation = relationship("Organisation")
