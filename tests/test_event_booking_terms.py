"""A workshop's early invite (only members may book until a date) and the credit note when a
paid place is cancelled."""
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking_helpers import BOOK, book, event, members, review
from factories import csrf_token, log_in, user
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Event, Invoice, Place

pytestmark = pytest.mark.db


def _booked(app, event_id):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(Place.id)).where(
            Place.event_id == event_id, Place.status == "booked")).scalar_one()


@pytest.fixture
def workshop(app):
    """A workshop open to members only for two more days; a member and a lapsed organisation."""
    with app.app_context():
        member = members(1)
        lapsed = members(1, status="lapsed", name="Lapsed Trust", prefix="lapsed")
        event_id = event(kind="workshop", full=5000, member=3000, members_only_until=clock.now() + timedelta(days=2))
    return member, lapsed, event_id


def test_only_members_may_book_during_the_early_invite(app, client, workshop):
    _member, lapsed, event_id = workshop
    log_in(client, lapsed.people[0].email)
    page = client.get(BOOK.format(event_id))
    assert "Only member organisations can book this event for now." in page.text
    assert 'name="step"' not in page.text  # no form to fill
    welsh = client.get(f"/cy/aelodau/digwyddiadau/{event_id}/archebu")
    assert 'lang="cy"' in welsh.text and "Only member organisations" not in welsh.text
    token = csrf_token(client.get("/en/members/bookings").text)
    forged = client.post(BOOK.format(event_id), data={
        "csrf_token": token, "request_key": "k" * 20, "step": "confirm", "confirmed": "full:5000",
        "attendees-0-name": "Lee", "attendees-0-email": "lee@example.org", "attendees-0-language": "en"})
    assert forged.status_code == 409 and "Only member organisations" in forged.text
    assert _booked(app, event_id) == 0


def test_a_member_books_during_the_early_invite(app, client, workshop):
    member, _lapsed, event_id = workshop
    log_in(client, member.people[0].email)
    assert book(client, event_id, [("Ann", "ann@example.org")]).status_code == 302
    assert _booked(app, event_id) == 1


def test_after_the_early_invite_anyone_books_at_the_full_price(app, client, workshop):
    _member, lapsed, event_id = workshop
    with app.app_context():
        db.session.get(Event, event_id).members_only_until = clock.now() - timedelta(minutes=1)
        db.session.commit()
    log_in(client, lapsed.people[0].email)
    shown, _, _ = review(client, event_id, [("Lee", "lee@example.org")])
    assert "Full price" in shown.text and "£50.00" in shown.text
    assert book(client, event_id, [("Lee", "lee@example.org")]).status_code == 302
    assert _booked(app, event_id) == 1


def test_cancelling_a_paid_place_issues_a_credit_note_and_a_free_one_does_not(app, client):
    with app.app_context():
        org, event_id = members(1), event()
    log_in(client, org.people[0].email)
    people = [("A", "a@example.org"), ("B", "b@example.org"), ("C", "c@example.org"), ("D", "d@example.org")]
    assert book(client, event_id, people).status_code == 302
    with app.app_context():
        places = {p.email: p.id for p in db.session.execute(sa.select(Place)).scalars()}
    token = csrf_token(client.get("/en/members/bookings").text)
    client.post(f"/en/members/bookings/places/{places['a@example.org']}/cancel", data={"csrf_token": token})
    with app.app_context():
        assert db.session.execute(sa.select(Invoice.kind)).scalars().all() == ["invoice"]
    client.post(f"/en/members/bookings/places/{places['d@example.org']}/cancel", data={"csrf_token": token})
    with app.app_context():
        invoice, credit = db.session.execute(sa.select(Invoice).order_by(Invoice.id)).scalars().all()
        assert (invoice.kind, invoice.amount_pence) == ("invoice", 4000)
        assert credit.kind == "credit" and credit.credits_id == invoice.id and abs(credit.amount_pence) == 4000
        assert credit.lines[0].description_en.startswith("Place at Test") and "member price" in credit.lines[0].description_en
        assert "pris aelodau" in credit.lines[0].description_cy
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "booking.cancel",
                                                               AuditEntry.target_id == places["d@example.org"])).scalar_one()
        assert json.loads(entry.details)["credit"] == credit.number


def test_cancelling_two_paid_places_of_one_booking_credits_each(app, client):
    """One invoice for the booking, one credit note per cancelled paid place (not a 500 on the second)."""
    with app.app_context():
        org, event_id = members(1), event()
    log_in(client, org.people[0].email)
    people = [(name, f"{name.lower()}@example.org") for name in ("A", "B", "C", "D", "E")]
    assert book(client, event_id, people).status_code == 302
    with app.app_context():
        places = {p.email: p.id for p in db.session.execute(sa.select(Place)).scalars()}
    token = csrf_token(client.get("/en/members/bookings").text)
    for email in ("d@example.org", "e@example.org"):
        answer = client.post(f"/en/members/bookings/places/{places[email]}/cancel", data={"csrf_token": token})
        assert answer.status_code == 302, email
    with app.app_context():
        invoice, *credits = db.session.execute(sa.select(Invoice).order_by(Invoice.id)).scalars().all()
        assert (invoice.kind, invoice.amount_pence) == ("invoice", 8000)
        assert [(c.kind, c.credits_id, abs(c.amount_pence)) for c in credits] == [("credit", invoice.id, 4000)] * 2

    from wscn_site.audit import Refused
    from wscn_site.membership.invoice_operations import cancel_invoice
    from wscn_site.models import User

    with app.app_context():  # staff cannot then cancel the whole invoice: those places would be credited twice
        staff = user("finance@wlga.example", role="staff")
        db.session.commit()
        with pytest.raises(Refused) as refused:
            cancel_invoice(db.session.get(Invoice, invoice.id), "Wrong organisation", db.session.get(User, staff.id))
        assert refused.value.reason == "part-credited"
        assert db.session.execute(sa.select(sa.func.count(Invoice.id))).scalar_one() == 3
