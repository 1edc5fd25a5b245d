"""The outbox: every email, written in the same transaction as the change that causes it."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

#: pending (waiting for its next attempt), sending (claimed by a run), sent, failed (after the last
#: retry: shown to staff), expired (its link expired before it could go: dropped, never sent).
OUTBOX_STATES = ("pending", "sending", "sent", "failed", "expired")


class OutboxMessage(db.Model):
    """One email to one recipient, rendered in their language.

    A message of a registered ``kind`` with no stored body is rendered by the sender at send time
    (the Briff: members-only items follow the reader's entitlement when it goes). ``kind``,
    ``about_id`` and ``recipient_id`` name what it is about (an issue, a subscriber), so a feature
    can count, cancel or refuse to queue the same message twice.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (sa.UniqueConstraint("kind", "about_id", "recipient_id"),
                      sa.Index("ix_outbox_message_due", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    about_id: Mapped[int | None] = mapped_column(sa.Integer)
    recipient_id: Mapped[int | None] = mapped_column(sa.Integer)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    text_body: Mapped[str] = mapped_column(sa.Text, default="")
    html_body: Mapped[str] = mapped_column(sa.Text, default="")
    headers: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON: List-Unsubscribe and the like
    message_id: Mapped[str] = mapped_column(sa.String(250), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: When the link it carries stops working: not sent after this; its body is erased once sent.
    expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="OutboxAttachment.id")


class OutboxAttachment(db.Model):
    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")
