"""Who downloaded what, and every change staff make."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class DownloadRecord(db.Model):
    __tablename__ = "download_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    resource_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resource.id", ondelete="SET NULL"), index=True)
    file_name: Mapped[str] = mapped_column(sa.String(255))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user = relationship("User")


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    target_type: Mapped[str] = mapped_column(sa.String(30))
    target_id: Mapped[int | None] = mapped_column(sa.Integer)
    details: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    actor = relationship("User")
