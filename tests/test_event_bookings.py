"""Members book places: free places first, then the member price; refusals change nothing."""
import pytest
import sqlalchemy as sa
from icalendar import Calendar

from booking_helpers import BOOK, book, event, fingerprint, members, place_at, review
from factories import csrf_token, log_in
from helpers import visible_text
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Booking, Invoice, OutboxMessage, Place

pytestmark = pytest.mark.db


def _places(app, event_id, status="booked"):
    with app.app_context():
        return db.session.execute(sa.select(Place.email, Place.price_reason, Place.price_pence)
                                  .where(Place.event_id == event_id, Place.status == status)
                                  .order_by(Place.id)).all()


@pytest.fixture
def meeting(app):
    with app.app_context():
        return members(4), event()


def test_two_free_places_then_a_free_and_a_member_priced_one(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email)
    shown, _, _ = review(client, event_id, [("Ann Lead", "member0@example.example"), ("Bob", "bob@example.org")])
    text = visible_text(shown.text)
    assert "Free" in text and "One of your organisation's free places" in text and "£" not in text.split("Total")[1][:12]
    confirmed = book(client, event_id, [("Ann Lead", "member0@example.example"), ("Bob", "bob@example.org")])
    assert confirmed.status_code == 302
    shown, _, _ = review(client, event_id, [("Cat", "cat@example.org"), ("Dai", "dai@example.org")])
    text = visible_text(shown.text)
    assert "Member price" in text and "£40.00" in text and "Total £40.00" in text
    assert book(client, event_id, [("Cat", "cat@example.org"), ("Dai", "dai@example.org")]).status_code == 302
    assert [(reason, pence) for _, reason, pence in _places(app, event_id)] == [
        ("free", 0), ("free", 0), ("free", 0), ("member", 4000)]
    with app.app_context():
        invoice = db.session.execute(sa.select(Invoice)).scalar_one()
        assert invoice.amount_pence == 4000 and invoice.lines[0].description_en.startswith("Place at Test")
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "booking.create")).scalars().all()


def test_welsh_booking_page_and_refusal_are_in_welsh(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email, lang="cy")
    page = client.get(f"/cy/aelodau/digwyddiadau/{event_id}/archebu")
    assert page.status_code == 200 and 'lang="cy"' in page.text
    shown, _, _ = review(client, event_id, [("Ann", "ann@example.org"), ("Ann", "ANN@example.org")], lang="cy")
    assert shown.status_code == 422
    assert "Gwall:" in shown.text and "ann@example.org" in shown.text


def test_organisation_without_current_membership_pays_full_price(app, client):
    with app.app_context():
        org, event_id = members(1, status="lapsed", name="Lapsed Council"), event()
    log_in(client, org.people[0].email)
    shown, _, _ = review(client, event_id, [("Lee", "lee@example.org")])
    assert "Full price" in visible_text(shown.text) and "£60.00" in shown.text


def test_repeated_confirmation_books_once(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email)
    shown, data, path = review(client, event_id, [("Eve", "eve@example.org")])
    confirm = {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}
    assert client.post(path, data=confirm).status_code == 302
    again = client.post(path, data=confirm, follow_redirects=True)
    assert "already confirmed" in again.text
    assert len(_places(app, event_id)) == 1
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Booking.id))).scalar_one() == 1


@pytest.mark.parametrize("key", ["\x00", "k" * 65, "", "<script>"], ids=["nul", "long", "empty", "markup"])
def test_an_altered_request_key_is_replaced_and_the_booking_goes_on(app, client, meeting, key):
    """PostgreSQL refuses NUL in text (the fuzz found a 500) and the column holds 64 characters: a
    key that is not one the form gave is replaced by a fresh one, once."""
    org, event_id = meeting
    log_in(client, org.people[0].email)
    shown, data, path = review(client, event_id, [("Eve", "eve@example.org")])
    confirm = {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}
    assert client.post(path, data={**confirm, "request_key": key}).status_code == 302
    with app.app_context():
        stored = db.session.execute(sa.select(Booking.request_key)).scalar_one()
    assert len(stored) == 32 and "\x00" not in stored and "<" not in stored
    assert len(_places(app, event_id)) == 1


def test_tampered_price_is_refused_and_nothing_is_booked(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email)
    shown, data, path = review(client, event_id, [("Eve", "eve@example.org")])
    refused = client.post(path, data={**data, "step": "confirm", "confirmed": "member:1"})
    assert refused.status_code == 409 and "The price has changed" in refused.text
    assert _places(app, event_id) == []


@pytest.mark.parametrize("state,message", [
    ({"status": "cancelled"}, "has been cancelled"),
    ({"days": -1}, "already taken place"),
    ({"booking_closes_at_days": -1}, "Booking for this event has closed"),
])
def test_unbookable_events_say_why(app, client, state, message):
    from datetime import timedelta

    from wscn_site import clock
    with app.app_context():
        org = members(1)
        extra = {}
        if "booking_closes_at_days" in state:
            extra["booking_closes_at"] = clock.now() + timedelta(days=state.pop("booking_closes_at_days"))
        event_id = event(**state, **extra)
    log_in(client, org.people[0].email)
    page = client.get(BOOK.format(event_id))
    assert message in page.text
    token = csrf_token(client.get("/en/members/bookings").text)
    assert client.post(BOOK.format(event_id), data={"csrf_token": token}).status_code == 409
    assert _places(app, event_id) == []


def test_draft_or_unknown_event_is_not_found(app, client):
    with app.app_context():
        org, draft = members(1), event(status="draft")
    log_in(client, org.people[0].email)
    assert client.get(BOOK.format(draft)).status_code == 404
    assert client.get(BOOK.format(draft + 100)).status_code == 404


def test_same_person_twice_and_full_event_are_refused(app, client):
    with app.app_context():
        org, event_id = members(1), event(capacity=2)
    log_in(client, org.people[0].email)
    assert book(client, event_id, [("Ann", "ann@example.org")]).status_code == 302
    again, _, _ = review(client, event_id, [("Ann", "ann@example.org")])
    assert again.status_code == 422 and "already has a place" in again.text
    shown, data, path = review(client, event_id, [("Bo", "bo@example.org"), ("Cy", "cy@example.org")])
    full = client.post(path, data={**data, "step": "confirm", "confirmed": fingerprint(shown.text)})
    assert full.status_code == 409 and "only 1 place left" in full.text
    assert len(_places(app, event_id)) == 1


def test_too_many_places_are_refused(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email)
    people = [(f"P{n}", f"p{n}@example.org") for n in range(11)]
    shown, data, path = review(client, event_id, people)
    assert shown.status_code == 422 and "more places than one booking can have" in shown.text
    assert _places(app, event_id) == []


def test_virtual_seminar_is_free_for_three_named_people_a_year(app, client):
    with app.app_context():
        org = members(1)
        first, second = event(kind="virtual-seminar", member=1000, full=2000, online=True), \
            event(kind="virtual-seminar", days=40, member=1000, full=2000, online=True)
    log_in(client, org.people[0].email)
    four = [("A", "a@example.org"), ("B", "b@example.org"), ("C", "c@example.org"), ("D", "d@example.org")]
    assert book(client, first, four).status_code == 302
    assert [p[1] for p in _places(app, first)] == ["named", "named", "named", "member"]
    assert book(client, second, [("C", "c@example.org"), ("E", "e@example.org")]).status_code == 302
    assert [p[1:] for p in _places(app, second)] == [("named", 0), ("member", 1000)]


def test_confirmation_email_per_attendee_in_their_language_with_calendar(app, client):
    with app.app_context():
        org, event_id = members(1), event(kind="virtual-seminar", online=True)
    log_in(client, org.people[0].email)
    book(client, event_id, [("Ann", "ann@example.org", "cy", True), ("Ben", "ben@example.org", "en")])
    with app.app_context():
        rows = {row.recipient: row for row in db.session.execute(sa.select(OutboxMessage)).scalars()}
        welsh, english = rows["ann@example.org"], rows["ben@example.org"]
        assert welsh.language == "cy" and "Prawf virtual-seminar" in welsh.subject
        assert "siarad Cymraeg" in welsh.text_body and "https://meet.example/abc" in welsh.text_body
        assert english.subject.startswith("Your place at Test")
        calendar = Calendar.from_ical(welsh.attachments[0].data)
        entry = calendar.walk("VEVENT")[0]
        assert str(entry["summary"]) == "Prawf virtual-seminar ŷ" and "meet.example" in str(entry["location"])
        assert welsh.attachments[0].content_type == "text/calendar"


def test_cancelling_frees_the_place_and_the_allowance(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email)
    book(client, event_id, [("A", "a@example.org"), ("B", "b@example.org"), ("C", "c@example.org"),
                            ("D", "d@example.org")])
    with app.app_context():
        first = db.session.execute(sa.select(Place.id).order_by(Place.id)).scalars().first()
    page = client.get("/en/members/bookings")
    assert "Cancel A's place" in page.text
    done = client.post(f"/en/members/bookings/places/{first}/cancel", data={"csrf_token": csrf_token(page.text)},
                       follow_redirects=True)
    assert "The place is cancelled" in done.text
    assert len(_places(app, event_id)) == 3
    shown, _, _ = review(client, event_id, [("E", "e@example.org")])
    assert "One of your organisation's free places" in shown.text


def test_a_colleague_cannot_cancel_someone_elses_place(app, client, meeting):
    org, event_id = meeting
    log_in(client, org.people[0].email)
    book(client, event_id, [("A", "a@example.org")])
    with app.app_context():
        place = db.session.execute(sa.select(Place.id)).scalar_one()
    other = app.test_client()
    log_in(other, org.people[1].email)
    token = csrf_token(other.get("/en/members/bookings").text)
    assert other.post(f"/en/members/bookings/places/{place}/cancel", data={"csrf_token": token}).status_code == 404
    assert len(_places(app, event_id)) == 1


def test_the_public_event_page_counts_booked_places_and_not_cancelled_ones(app, client):
    """Places left on the public pages come from the bookings: a booked place takes one, a
    cancelled place gives it back, in both languages."""
    from wscn_site.models import Place

    with app.app_context():
        event_id = event(capacity=3)
        org = members()
        place_at(event_id, org, "a@council.example")
        cancelled = place_at(event_id, org, "b@council.example")
        db.session.get(Place, cancelled).status = "cancelled"
        db.session.commit()
    assert "2 places left" in visible_text(client.get(f"/en/events/{event_id}").text)
    assert "2 places left" in visible_text(client.get("/en/events").text)
    assert "2 le ar ôl" in visible_text(client.get(f"/cy/digwyddiadau/{event_id}").text)
