"""The annual meeting of members and the questions members put to it.

A meeting is set up by staff (a draft), then its agenda is published in both languages; questions
are open from then until ``questions_close_at`` (a London moment, stored in UTC). Each question
belongs to the organisation of the person who asked it (``access.owned_by``); its ``language`` is
the one the answer comes back in. Staff accept, merge (into another question of the same meeting)
or decline it; they publish the accepted questions to every member before the meeting, and after it
the answers with the minutes (a Resource of kind "minutes" in the library).
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

ADDRESSEES = ("board", "team")
QUESTION_STATUSES = ("submitted", "accepted", "merged", "declined")
QUESTION_LANGUAGES = ("cy", "en")


class Meeting(db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    online: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    venue_en: Mapped[str] = mapped_column(sa.String(200), default="")
    venue_cy: Mapped[str] = mapped_column(sa.String(200), default="")
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id", ondelete="SET NULL"))
    #: Markdown, sanitised when rendered (markup.py).
    agenda_en: Mapped[str] = mapped_column(sa.Text, default="")
    agenda_cy: Mapped[str] = mapped_column(sa.Text, default="")
    questions_close_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    agenda_published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: Claimed by ``flask meetings remind`` with a guarded UPDATE, so the reminder goes once.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    questions_published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    answers_published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    minutes_resource_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resource.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    questions: Mapped[list["MeetingQuestion"]] = relationship(
        back_populates="meeting", order_by="MeetingQuestion.id", foreign_keys="MeetingQuestion.meeting_id")

    def venue(self, lang):
        return self.venue_cy if lang == "cy" else self.venue_en

    def agenda(self, lang):
        return self.agenda_cy if lang == "cy" else self.agenda_en


class MeetingQuestion(db.Model):
    __tablename__ = "meeting_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    addressed_to: Mapped[str] = mapped_column(sa.String(10))
    language: Mapped[str] = mapped_column(sa.String(2))
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="submitted", index=True)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting_question.id", ondelete="SET NULL"))
    decline_reason_en: Mapped[str] = mapped_column(sa.Text, default="")
    decline_reason_cy: Mapped[str] = mapped_column(sa.Text, default="")
    answer_en: Mapped[str] = mapped_column(sa.Text, default="")
    answer_cy: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="questions", foreign_keys=[meeting_id])

    def decline_reason(self, lang):
        """In ``lang`` where staff wrote it, else in the question's own language."""
        wanted = self.decline_reason_cy if lang == "cy" else self.decline_reason_en
        return wanted or (self.decline_reason_cy if self.language == "cy" else self.decline_reason_en)

    def answer(self, lang):
        """The answer in ``lang`` where there is one, else in the question's language."""
        wanted = self.answer_cy if lang == "cy" else self.answer_en
        return wanted or (self.answer_cy if self.language == "cy" else self.answer_en)
