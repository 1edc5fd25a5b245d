"""Joining and paying: applications for membership, invoices and credit notes, and their numbering.

Fees are kept in pence (integers): member prices of events (a later feature) may have pence.
An invoice is never deleted: a mistake is cancelled by a credit note (``kind="credit"``) that
names the original (``credits_id``). Numbers come from one series per financial year (the year in
which the document is issued: ``2026-27/0001``), assigned in the issuing transaction from
``InvoiceCounter`` (invoicing.py says how they stay gapless and unique).
"""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

APPLICATION_STATUSES = ("pending", "needs-info", "approved", "declined")
#: How an organisation wants its invoices: in Welsh, in English, or bilingual with Welsh first.
INVOICE_LANGUAGES = ("cy", "en", "both")
INVOICE_KINDS = ("invoice", "credit")


class MembershipApplication(db.Model):
    """An organisation asking to join, as it filled in the public form; staff decide on it."""

    __tablename__ = "membership_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    #: The language the form was filled in; emails about the application go in lead_language.
    language: Mapped[str] = mapped_column(sa.String(2))
    name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    name_cy: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: Annual budget in £ millions as understood from what was typed (None where no band applies).
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    #: Computed from the budget by fees.band_for, never typed; None sends it to staff review without one.
    band: Mapped[str | None] = mapped_column(sa.String(10))
    fee_pence: Mapped[int | None] = mapped_column(sa.Integer)
    lead_name: Mapped[str] = mapped_column(sa.String(200))
    lead_role: Mapped[str] = mapped_column(sa.String(200), default="")
    lead_email: Mapped[str] = mapped_column(sa.String(254))
    lead_language: Mapped[str] = mapped_column(sa.String(2))
    finance_name: Mapped[str] = mapped_column(sa.String(200), default="")
    finance_email: Mapped[str] = mapped_column(sa.String(254), default="")
    po_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    invoice_language: Mapped[str] = mapped_column(sa.String(4), default="cy")
    consent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    #: The first financial year (named by its April) that approval would cover.
    first_year: Mapped[int] = mapped_column(sa.Integer)
    #: Set when the application names an organisation that is a member or has one pending (flagged).
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    #: The organisation created (or matched) on approval.
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: The staff member's last message to the applicant (needs information, decline).
    staff_message: Mapped[str] = mapped_column(sa.Text, default="")

    def name(self, lang):
        return (self.name_cy or self.name_en) if lang == "cy" else (self.name_en or self.name_cy)


class InvoiceCounter(db.Model):
    """The last number used in one series; incremented by a single atomic UPDATE while issuing."""

    __tablename__ = "invoice_counter"

    series: Mapped[str] = mapped_column(sa.String(10), primary_key=True)  # "2026-27"
    last: Mapped[int] = mapped_column(sa.Integer, default=0)


class Invoice(db.Model):
    """An invoice or a credit note, as issued: its PDF is generated once and kept unchanged."""

    __tablename__ = "invoice"
    __table_args__ = (
        sa.UniqueConstraint("series", "sequence"),
        # At most one credit note cancels an invoice as a whole; partial ones (a booking's cancelled places) may be many.
        sa.Index("uq_invoice_credits_id_whole", "credits_id", unique=True,
                 sqlite_where=sa.text("partial = 0"), postgresql_where=sa.text("NOT partial")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), default="invoice")
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)  # "2026-27/0001"
    series: Mapped[str] = mapped_column(sa.String(10))
    sequence: Mapped[int] = mapped_column(sa.Integer)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    membership_id: Mapped[int | None] = mapped_column(sa.ForeignKey("membership.id"))
    #: For a credit note: the invoice it cancels (at most one credit note cancels an invoice as a whole).
    credits_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoice.id"))
    #: For a credit note: it credits some of the invoice's lines (a cancelled place of a booking), not all.
    partial: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    #: For a credit note: why staff cancelled the invoice (printed on it).
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: The financial year the invoice is for (its membership year); the series is the year of issue.
    year: Mapped[int | None] = mapped_column(sa.Integer)
    band: Mapped[str | None] = mapped_column(sa.String(10))
    amount_pence: Mapped[int] = mapped_column(sa.Integer)
    po_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    language: Mapped[str] = mapped_column(sa.String(4))
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    issued_on: Mapped[date] = mapped_column(sa.Date)  # in Europe/London
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The PDF in the file store (storage.py), and its SHA-256.
    storage_name: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    paid_on: Mapped[date | None] = mapped_column(sa.Date)
    payment_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    payment_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    lines: Mapped[list["InvoiceLine"]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.position")
    credits: Mapped["Invoice | None"] = relationship(remote_side=[id])


class InvoiceLine(db.Model):
    """One line of an invoice, described in both languages (the PDF shows one or both)."""

    __tablename__ = "invoice_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(sa.ForeignKey("invoice.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    description_en: Mapped[str] = mapped_column(sa.String(300))
    description_cy: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[int] = mapped_column(sa.Integer, default=1)
    unit_pence: Mapped[int] = mapped_column(sa.Integer)
    amount_pence: Mapped[int] = mapped_column(sa.Integer)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")
