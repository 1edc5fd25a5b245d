"""Members' requests for the Network's help: the request (owned by an organisation), its
conversation (one message per reply, from the member's side or from staff) and its files.

A request's ``organisation_id`` decides who may see it, through ``access.owned_by`` and
``access.may_see_owned``; its files are private objects in the store (named by a random id, never
by the uploader's file name), listed in ``models.STORED_OBJECT_COLUMNS``.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

SUPPORT_KINDS = ("governance", "problem-solving", "community-safety", "peer-review", "documents")
#: new -> in-progress <-> waiting (for the member) -> done; declined from any open status.
SUPPORT_STATUSES = ("new", "in-progress", "waiting", "done", "declined")
OPEN_STATUSES = ("new", "in-progress", "waiting")


class SupportRequest(db.Model):
    __tablename__ = "support_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    opened_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(sa.String(30))
    description: Mapped[str] = mapped_column(sa.Text)
    #: The language the member prefers for the Network's help and replies ("cy" or "en").
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    status: Mapped[str] = mapped_column(sa.String(20), default="new", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    declined_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    organisation = relationship("Organisation")
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    messages: Mapped[list["SupportMessage"]] = relationship(back_populates="request", order_by="SupportMessage.id")
    files: Mapped[list["SupportFile"]] = relationship(back_populates="request", order_by="SupportFile.id")

    def files_with(self, message=None):
        """The files sent with ``message`` of its conversation, or (None) with the request itself: read
        from ``files``, loaded once for the whole page."""
        message_id = message.id if message is not None else None
        return [stored for stored in self.files if stored.message_id == message_id]


class SupportMessage(db.Model):
    """One reply in a request's conversation: from the Network's staff or from the member's side."""

    __tablename__ = "support_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("support_request.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    from_staff: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    request: Mapped[SupportRequest] = relationship(back_populates="messages")
    author = relationship("User")


class SupportFile(db.Model):
    """A file sent with the request (``message_id`` empty) or with one reply in its conversation, by the
    member's side or by staff; kept private to the organisation and staff."""

    __tablename__ = "support_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("support_request.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("support_message.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    storage_name: Mapped[str] = mapped_column(sa.String(32), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    request: Mapped[SupportRequest] = relationship(back_populates="files")
    message: Mapped[SupportMessage | None] = relationship()

    #: How file_delivery sends it: always as an attachment, never shown inline.
    purpose = "document"
