"""Shared steps for the renewal tests: a London moment, organisations with a lead, reading the outbox."""
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from factories import organisation, user
from wscn_site.clock import LONDON
from wscn_site.extensions import db
from wscn_site.models import Membership, OutboxMessage


def at(*args):
    """An aware moment, London wall-clock time: at(2027, 3, 31, 23, 30)."""
    return datetime(*args, tzinfo=LONDON)


def member_org(name, year=2026, lead=None, lead_language="cy", finance=None, invoice_language="both",
               kind="local-authority", budget="250", fee_pence=1_000_000, members=()):
    """An organisation that is a member in financial year ``year`` (with its budget, band and fee),
    its lead (email ``lead``), its finance contact and other members; returns the organisation."""
    org = organisation(name, year=year, kind=kind)
    row = org.memberships[0]
    row.budget, row.band, row.fee_pence = Decimal(budget), "medium", fee_pence
    org.finance_email, org.finance_name, org.invoice_language = finance or "", "Cyllid" if finance else "", invoice_language
    if lead:
        user(lead, role="lead", org=org, language=lead_language, name=f"Lead of {name}")
    for email in members:
        user(email, org=org)
    return org


def add_year(org, year, status="member"):
    org.memberships.append(Membership(year=year, status=status))


def outbox(app):
    """[(recipient, language, subject, text)] in the order queued."""
    with app.app_context():
        return [(m.recipient, m.language, m.subject, m.text_body) for m in
                db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()]
