"""What ``flask membership remind`` has sent: one row per organisation, financial year and kind of
email, so the command can run every day (and twice at once) and write to each organisation once."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

#: The invitation to renew (from 1 January) and the reminder (from 1 March, if not renewed by then).
RENEWAL_NOTICE_KINDS = ("invitation", "reminder")


class RenewalNotice(db.Model):
    __tablename__ = "renewal_notice"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"))
    #: The financial year the organisation is invited to renew for (named by its April).
    year: Mapped[int] = mapped_column(sa.Integer)
    kind: Mapped[str] = mapped_column(sa.String(12))
    sent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    #: The addresses written to, one per line (the lead or leads, the finance contact).
    recipients: Mapped[str] = mapped_column(sa.Text, default="")
