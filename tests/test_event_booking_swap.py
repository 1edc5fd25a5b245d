"""Swapping the person on a booked place: the lead, the booker or staff name someone else; the
place keeps its price (no extra allowance), the change is audited, the new attendee gets the
confirmation with the calendar entry; refused after the cut-off and for someone already booked."""
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from booking_helpers import book, event, members
from factories import csrf_token, log_in, user
from helpers import visible_text
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Event, OutboxMessage, Place, SeminarIndividual

pytestmark = pytest.mark.db

SWAP = "/en/members/bookings/places/{}/swap"


def _place(app, email):
    with app.app_context():
        return db.session.execute(sa.select(Place).where(Place.email == email)).scalar_one_or_none()


@pytest.fixture
def booked(app, client):
    """Two free places booked by the lead (Ann, Ben); a colleague who did not book them."""
    with app.app_context():
        org, event_id = members(2), event()
    log_in(client, org.people[0].email)
    assert book(client, event_id, [("Ann", "ann@example.org"), ("Ben", "ben@example.org")]).status_code == 302
    return org, event_id, _place(app, "ann@example.org").id


def _new_mail(app):
    """Messages queued after the booking's two confirmations."""
    with app.app_context():
        rows = db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id).offset(2)).scalars().all()
        return {row.recipient: (row.language, row.subject, [a.data for a in row.attachments]) for row in rows}


def _swap(client, place_id, name, email, language="cy", path=SWAP, **extra):
    page = client.get(path.format(place_id))
    assert page.status_code == 200, page.text
    data = {"csrf_token": csrf_token(page.text), "name": name, "email": email, "language": language, **extra}
    return client.post(path.format(place_id), data=data)


def test_lead_swaps_a_free_place_without_using_more_allowance(app, client, booked):
    _org, event_id, place_id = booked
    assert "Send someone instead of Ann" in client.get("/en/members/bookings").text
    done = _swap(client, place_id, "Cerys", "Cerys@Example.org", dietary_needs="Fegan", speaks_welsh="y")
    assert done.status_code == 302
    assert "Cerys now has the place" in client.get("/en/members/bookings").text
    place = _place(app, "cerys@example.org")
    assert place.id == place_id and place.price_reason == "free" and place.price_pence == 0
    assert place.language == "cy" and place.speaks_welsh and place.dietary_needs == "Fegan"
    assert _place(app, "ann@example.org") is None
    with app.app_context():
        booked_now = db.session.execute(sa.select(sa.func.count(Place.id)).where(
            Place.event_id == event_id, Place.status == "booked", Place.price_reason == "free")).scalar_one()
        assert booked_now == 2  # still two of the three free places
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "booking.swap")).scalar_one()
        details = json.loads(entry.details)
        assert details["before"]["email"] == "ann@example.org" and details["after"]["email"] == "cerys@example.org"
    mails = _new_mail(app)
    language, subject, attachments = mails["cerys@example.org"]
    assert language == "cy" and "Prawf network-meeting" in subject
    assert Calendar.from_ical(attachments[0]).walk("VEVENT")[0]["summary"] == "Prawf network-meeting ŷ"
    assert "someone else" in mails["ann@example.org"][1]
    page = client.get("/en/members/bookings")
    assert "One of your organisation" not in page.text  # the list shows prices, not allowance
    shown = client.get(f"/en/members/events/{event_id}/book")
    assert "used 2 of its 3 free places" in visible_text(shown.text)


def test_swapping_to_someone_already_booked_is_refused_beside_their_address(app, client, booked):
    _org, _event_id, place_id = booked
    refused = _swap(client, place_id, "Ben again", "ben@example.org")
    assert refused.status_code == 422
    assert "This person already has a place at this event" in refused.text and "Ben again" in refused.text
    same = _swap(client, place_id, "Ann", "ann@example.org")
    assert same.status_code == 422 and "already holds this place" in same.text
    assert _place(app, "ann@example.org").name == "Ann"
    assert _new_mail(app) == {}


def test_welsh_swap_page_and_error_summary_are_in_welsh(app, client, booked):
    _org, _event_id, place_id = booked
    path = "/cy/aelodau/archebion/lleoedd/{}/newid-person"
    page = client.get(path.format(place_id))
    assert page.status_code == 200 and 'lang="cy"' in page.text
    assert SWAP.format(place_id) in page.text  # the counterpart link
    refused = client.post(path.format(place_id), data={"csrf_token": csrf_token(page.text), "name": "",
                                                       "email": "ben@example.org", "language": "cy"})
    assert refused.status_code == 422 and "Gwall:" in refused.text


def test_swap_is_refused_after_the_cut_off(app, client, booked):
    _org, event_id, place_id = booked
    token = csrf_token(client.get(SWAP.format(place_id)).text)
    with app.app_context():
        db.session.get(Event, event_id).booking_closes_at = clock.now() - timedelta(hours=1)
        db.session.commit()
    assert "Send someone instead" not in client.get("/en/members/bookings").text
    refused = client.post(SWAP.format(place_id), data={"csrf_token": token, "name": "Cerys",
                                                       "email": "cerys@example.org", "language": "en"},
                          follow_redirects=True)
    assert "can no longer be changed online" in refused.text
    assert _place(app, "ann@example.org") is not None and _place(app, "cerys@example.org") is None


def test_a_colleague_who_did_not_book_cannot_swap(app, booked):
    org, _event_id, place_id = booked
    other = app.test_client()
    log_in(other, org.people[1].email)
    assert other.get(SWAP.format(place_id)).status_code == 404
    assert "Send someone instead" not in other.get("/en/members/bookings").text


def test_staff_swap_from_the_attendee_list(app, booked):
    _org, event_id, place_id = booked
    with app.app_context():
        user("staff@example.org", role="staff")
        db.session.commit()
    staff = app.test_client()
    log_in(staff, "staff@example.org")
    listing = staff.get(f"/en/staff/events/{event_id}/attendees")
    assert f"/en/staff/events/places/{place_id}/swap" in listing.text
    done = _swap(staff, place_id, "Dewi", "dewi@example.org", language="en", path="/en/staff/events/places/{}/swap")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/en/staff/events/{event_id}/attendees")
    assert _place(app, "dewi@example.org").language == "en"


def test_a_named_seminar_place_keeps_the_years_named_people(app, client):
    with app.app_context():
        org, event_id = members(1), event(kind="virtual-seminar", online=True, member=1000, full=2000)
    log_in(client, org.people[0].email)
    book(client, event_id, [("Ann", "ann@example.org")])
    place_id = _place(app, "ann@example.org").id
    assert _swap(client, place_id, "Cerys", "cerys@example.org").status_code == 302
    place = _place(app, "cerys@example.org")
    assert (place.price_reason, place.price_pence) == ("named", 0)
    with app.app_context():
        assert db.session.execute(sa.select(SeminarIndividual.email)).scalars().all() == ["ann@example.org"]
