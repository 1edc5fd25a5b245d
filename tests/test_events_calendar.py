"""The iCalendar files: one per event and a feed per language, valid (parsed by the icalendar library),
in the reader's language, without the joining link, and saying when an event is cancelled."""
import pytest
from icalendar import Calendar

from event_helpers import NOW, make_event
from wscn_site import clock
from wscn_site.events import pages_operations
from wscn_site.extensions import db
from wscn_site.models.events import Event

pytestmark = pytest.mark.db


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield


def _events(calendar):
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_an_events_ics_is_a_valid_calendar_in_each_language(app, client, frozen):
    with app.app_context():
        event_id = make_event(online=True, venue_en="", venue_cy="", joining_link="https://meet.example/secret")
    english = client.get(f"/en/events/{event_id}.ics")
    assert english.status_code == 200 and english.mimetype == "text/calendar"
    assert f'filename="event-{event_id}-en.ics"' in english.headers["Content-Disposition"]
    (item,) = _events(Calendar.from_ical(english.data))
    assert str(item["summary"]) == "Spring network meeting"
    assert item.decoded("dtstart").isoformat() == "2027-06-03T08:30:00+00:00"
    assert str(item["location"]) == "Online" and str(item["status"]) == "CONFIRMED"
    assert str(item["url"]).endswith(f"/en/events/{event_id}")
    assert b"meet.example" not in english.data  # the joining link goes only to booked attendees
    (eitem,) = _events(Calendar.from_ical(client.get(f"/cy/digwyddiadau/{event_id}.ics").data))
    assert str(eitem["summary"]) == "Cyfarfod rhwydwaith y gwanwyn" and str(eitem["location"]) == "Ar-lein"
    assert str(eitem["uid"]) == str(item["uid"])  # one event, whatever the language


def test_the_feed_lists_public_events_and_marks_cancellations(app, client, frozen):
    with app.app_context():
        kept = make_event()
        make_event(status="draft", title_en="Secret draft")
        gone = make_event(days=40, title_en="Autumn meeting", title_cy="Cyfarfod yr hydref")
    assert b"Secret draft" not in client.get("/en/events/calendar.ics").data
    with app.app_context():
        pages_operations.cancel(db.session.get(Event, gone), None)
    feed = Calendar.from_ical(client.get("/en/events/calendar.ics").data)  # the cancellation reached it
    by_summary = {str(e["summary"]): e for e in _events(feed)}
    assert set(by_summary) == {"Spring network meeting", "Cancelled: Autumn meeting"}
    assert str(by_summary["Cancelled: Autumn meeting"]["status"]) == "CANCELLED"
    welsh = Calendar.from_ical(client.get("/cy/digwyddiadau/calendr.ics").data)
    assert "Wedi'i ganslo: Cyfarfod yr hydref" in {str(e["summary"]) for e in _events(welsh)}
    assert str(welsh["x-wr-calname"]) == "Digwyddiadau Rhwydwaith Cymunedau Mwy Diogel Cymru"
    assert kept


def test_the_booking_slice_can_put_the_joining_link_in_an_attendees_calendar(app, frozen):
    from wscn_site.events.pages_ical import event_calendar

    with app.app_context(), app.test_request_context():
        event = db.session.get(Event, make_event(online=True, joining_link="https://meet.example/room"))
        (item,) = _events(Calendar.from_ical(event_calendar(event, "cy", joining_link=True)))
    assert str(item["conference"]) == "https://meet.example/room"
