"""Invoice numbers under parallel issuing, on a real PostgreSQL: threads issue at once (each its own
connection and transaction), some roll back after taking a number; the numbers that remain are
1..N of the year's series, with no gap and no duplicate, each with its PDF in the store."""
import threading

import pytest
import sqlalchemy as sa

from factories import member_with_fee
from wscn_site.extensions import db
from wscn_site.membership.invoicing import invoice_membership, series_for
from wscn_site.models import Invoice, InvoiceCounter, Membership
from wscn_site.storage import store

pytestmark = pytest.mark.db
THREADS, EACH = 4, 2


class Abandoned(Exception):
    """The rest of the approval failed after the invoice was numbered."""


def test_parallel_issuing_gives_every_invoice_a_distinct_number_without_gaps(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrent transactions need PostgreSQL (WSCN_TEST_DATABASE_URL)")
        memberships = []
        for n in range(THREADS * EACH * 2):
            memberships.append(member_with_fee(name=f"Cyngor {n}", name_en=f"Council {n}").memberships[0].id)
        db.session.commit()
    start, errors, abandoned = threading.Barrier(THREADS), [], []

    def approve(mine):
        try:
            with app.app_context():
                start.wait()
                for position, membership_id in enumerate(mine):
                    invoice, reason = invoice_membership(db.session.get(Membership, membership_id))
                    assert reason is None
                    if position % 2:  # every other approval fails after its invoice was numbered
                        abandoned.append(invoice.storage_name)
                        db.session.rollback()
                    else:
                        db.session.commit()
                db.session.remove()
        except Exception as error:  # reported below, with the thread's traceback lost but its type kept
            errors.append(error)

    threads = [threading.Thread(target=approve, args=(memberships[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with app.app_context():
        series = series_for()
        sequences = db.session.execute(sa.select(Invoice.sequence).where(Invoice.series == series)
                                       .order_by(Invoice.sequence)).scalars().all()
        assert sequences == list(range(1, THREADS * EACH + 1))  # no gaps, no duplicates
        assert db.session.get(InvoiceCounter, series).last == THREADS * EACH
        stored = {name for name, _modified in store().listing()}
        names = set(db.session.execute(sa.select(Invoice.storage_name)).scalars())
        assert stored == names  # every invoice has its PDF; the abandoned ones left none
        assert len(abandoned) == THREADS * EACH and not stored & set(abandoned)


def test_parallel_approvals_number_their_invoices_without_gaps_or_duplicates(app):
    """Staff approve applications at the same moment (threads, each its own transaction, through the
    approval itself): every approval creates its organisation and invoice, and the numbers are 1..N."""
    from decimal import Decimal

    from factories import user
    from wscn_site import clock
    from wscn_site.membership import review_operations
    from wscn_site.models import MembershipApplication, Organisation, User

    count = 8
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrent transactions need PostgreSQL (WSCN_TEST_DATABASE_URL)")
        staff = user("staff@network.example", role="staff")
        db.session.flush()
        staff_id = staff.id
        ids = []
        for n in range(count):
            application = MembershipApplication(
                language="cy", name_cy=f"Cyngor {n}", name_en=f"Council {n}", kind="local-authority",
                budget=Decimal("250"), band="medium", fee_pence=1_000_000, lead_name=f"Arweinydd {n}",
                lead_email=f"lead{n}@council.example", lead_language="cy", invoice_language="both",
                consent_at=clock.now(), first_year=clock.financial_year())
            db.session.add(application)
            db.session.flush()
            ids.append(application.id)
        db.session.commit()
    start, errors = threading.Barrier(4), []

    def approve(mine):
        try:
            with app.test_request_context("/en/staff/applications"):  # the invitation's link is built
                actor = db.session.get(User, staff_id)
                start.wait()
                for application_id in mine:
                    review_operations.approve(db.session.get(MembershipApplication, application_id), actor)
                db.session.remove()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=approve, args=(ids[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with app.app_context():
        numbers = db.session.execute(sa.select(Invoice.number).order_by(Invoice.sequence)).scalars().all()
        assert numbers == [f"{series_for()}/{n:04d}" for n in range(1, count + 1)]
        assert db.session.execute(sa.select(sa.func.count(Organisation.id))).scalar_one() == count
