"""Member organisations and the people who log in."""
import secrets
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import financial_year
from ..extensions import db
from .base import utcnow

ORGANISATION_KINDS = ("local-authority", "police", "fire-rescue", "health", "third-sector", "other")
#: What a Membership row records for one financial year; "prospective" is having no row at all.
MEMBERSHIP_STATUSES = ("member", "lapsed", "prospective")
RECORDED_STATUSES = ("member", "lapsed")
ROLES = ("member", "lead", "staff", "admin")
STAFF_ROLES = ("staff", "admin")


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        # At most one placeholder for non-members' bookings, however many are made at once.
        sa.Index("uq_organisation_nonmember_placeholder", "holds_nonmember_bookings", unique=True,
                 sqlite_where=sa.text("holds_nonmember_bookings"), postgresql_where=sa.text("holds_nonmember_bookings")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_cy: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    budget_band: Mapped[str | None] = mapped_column(sa.String(10))
    #: How its invoices are written: "cy", "en" or "both" (bilingual, Welsh first).
    invoice_language: Mapped[str] = mapped_column(sa.String(4), default="cy", server_default="cy")
    #: Its finance team pays nothing without a purchase-order number: no invoice is issued until one is entered.
    po_required: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    finance_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    finance_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    #: The placeholder that non-members' bookings belong to (models/nonmember_bookings.py): never anyone's organisation.
    holds_nonmember_bookings: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Membership.year.desc()")

    def name(self, lang):
        return self.name_cy if lang == "cy" else self.name_en

    def membership_in(self, year):
        """The Membership row of financial year ``year`` (named by its April), or None."""
        return next((row for row in self.memberships if row.year == year), None)

    def status_in(self, year=None):
        """"member" or "lapsed" as recorded for the year (default: this one); with no row for it,
        "lapsed" if the organisation was ever a member, else "prospective"."""
        year = financial_year() if year is None else year
        row = self.membership_in(year)
        if row is not None:
            return row.status
        return "lapsed" if any(r.status == "member" and r.year < year for r in self.memberships) else "prospective"

    def is_current_member(self, day=None):
        """A member in the financial year of ``day`` (default: today in London)."""
        row = self.membership_in(financial_year(day))
        return row is not None and row.status == "member"


class Membership(db.Model):
    """One organisation's membership in one financial year (April to March, named by its first year)."""

    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    #: The budget (in £ millions) declared for this year, the band computed from it and the fee
    #: (pence; None until set, 0 for none: no invoice is issued for a zero fee).
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    band: Mapped[str | None] = mapped_column(sa.String(10))
    fee_pence: Mapped[int | None] = mapped_column(sa.Integer)
    po_reference: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    #: Ended by staff before the year was out (with a reason, audited); status is then "lapsed".
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    end_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    role: Mapped[str] = mapped_column(sa.String(10), default="member")
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    #: Changes when the password changes or the account is deactivated, spending every link sent before.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=lambda: secrets.token_urlsafe(24))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")

    @staticmethod
    def normalise_email(email):
        return (email or "").strip().lower()

    @validates("email")
    def _store_email_normalised(self, key, email):
        return self.normalise_email(email)

    @property
    def is_active(self):
        return self.active

    @property
    def is_staff(self):
        return self.role in STAFF_ROLES

    #: The key of the login session this user object was loaded through (kept in the signed cookie).
    session_key = None

    def get_id(self):
        """What Flask-Login keeps in the session: the login session's key, never the user's id."""
        return self.session_key

    def __eq__(self, other):
        return isinstance(other, User) and self.id is not None and self.id == other.id

    __hash__ = object.__hash__

    def set_password(self, password):
        """A new password spends every link sent before and ends every login session."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.end_sessions()

    def check_password(self, password):
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def end_sessions(self):
        """End every login session of this user (at their next request) and spend every link."""
        self.session_token = secrets.token_urlsafe(24)
        if self.id is not None:
            db.session.execute(sa.update(LoginSession)
                               .where(LoginSession.user_id == self.id, LoginSession.ended_at.is_(None))
                               .values(ended_at=utcnow()))


class LoginSession(db.Model):
    """One login in one browser. The cookie holds a random key; only its SHA-256 is stored, so a
    copy of the database opens no session. Ended by logging out (this one, or everywhere), a new
    password or deactivation; it also lapses after an idle time and an absolute lifetime."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # SHA-256 of the cookie's key
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
