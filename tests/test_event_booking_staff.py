"""Staff see an event's attendees (needs, Welsh speakers, the translation flag), export them,
keep the register, and adjust an organisation's free allowance with a reason (audited)."""
import csv
import io

import pytest
import sqlalchemy as sa

from booking_helpers import book, event, members, review
from factories import csrf_token, log_in, user
from helpers import visible_text
from wscn_site.extensions import db
from wscn_site.models import AllowanceAdjustment, AuditEntry, Place

pytestmark = pytest.mark.db


@pytest.fixture
def booked(app):
    """An event with five places booked by one organisation (one wishes to speak Welsh, one has needs)."""
    with app.app_context():
        org, event_id = members(1), event()
        staff = user("staff@example.org", role="staff")
        db.session.commit()
        staff_email = staff.email
    client = app.test_client()
    log_in(client, org.people[0].email)
    people = [("Ann", "ann@example.org", "cy", True)] + [(f"P{n}", f"p{n}@example.org") for n in range(4)]
    assert book(client, event_id, people).status_code == 302
    with app.app_context():
        place = db.session.execute(sa.select(Place).where(Place.email == "p0@example.org")).scalar_one()
        place.access_needs, place.dietary_needs = "=HYPERLINK(\"x\") step-free access", "Llysieuol"
        db.session.commit()
    staff_client = app.test_client()
    log_in(staff_client, staff_email)
    return org, event_id, staff_client


def test_attendee_list_counts_welsh_speakers_and_flags_translation(app, booked):
    _org, event_id, staff = booked
    page = staff.get(f"/en/staff/events/{event_id}/attendees")
    text = visible_text(page.text)
    assert page.status_code == 200 and "1 attendee wishes to speak Welsh" in text
    assert "Book simultaneous translation" in text  # 1 of 5 = 20% >= 10%
    welsh = staff.get(f"/cy/staff/digwyddiadau/{event_id}/mynychwyr")
    assert welsh.status_code == 200 and 'lang="cy"' in welsh.text


def test_translation_flag_follows_the_configured_threshold(make_app):
    application = make_app(EVENT_TRANSLATION_THRESHOLD_PERCENT=50)
    client = application.test_client()
    with application.app_context():
        org, event_id = members(1), event()
    log_in(client, org.people[0].email)
    book(client, event_id, [("Ann", "ann@example.org", "cy", True), ("Ben", "ben@example.org"),
                            ("Cai", "cai@example.org")])
    with application.app_context():
        from wscn_site.events.booking_staff_queries import attendees
        from wscn_site.models import Event
        found = attendees(db.session.get(Event, event_id))
        assert found.welsh == 1 and not found.needs_translation  # 33% < 50%


def test_attendee_csv_is_in_the_page_language_and_safe_for_spreadsheets(app, booked):
    _org, event_id, staff = booked
    response = staff.get(f"/cy/staff/digwyddiadau/{event_id}/mynychwyr.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="mynychwyr-' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == 6
    needs = next(row for row in rows if row[2] == "p0@example.org")
    assert needs[5].startswith("'=") and "Llysieuol" in needs


def test_register_is_saved_and_audited(app, booked):
    _org, event_id, staff = booked
    page = staff.get(f"/en/staff/events/{event_id}/attendees")
    with app.app_context():
        first = db.session.execute(sa.select(Place.id).order_by(Place.id)).scalars().first()
    done = staff.post(f"/en/staff/events/{event_id}/attendees",
                      data={"csrf_token": csrf_token(page.text), "attended": [str(first)]}, follow_redirects=True)
    assert "The register is saved" in done.text
    with app.app_context():
        marks = db.session.execute(sa.select(Place.attended).order_by(Place.id)).scalars().all()
        assert marks == [True, False, False, False, False]
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "booking.attendance")).scalar_one()


def test_members_cannot_see_the_attendee_list(app, booked):
    org, event_id, _staff = booked
    client = app.test_client()
    log_in(client, org.people[0].email)
    assert client.get(f"/en/staff/events/{event_id}/attendees").status_code == 404
    assert client.get(f"/en/staff/events/{event_id}/attendees.csv").status_code == 404


def test_staff_adjust_the_allowance_with_a_reason_and_the_member_gets_a_free_place(app, booked):
    org, event_id, staff = booked
    path = f"/en/staff/organisations/{org.id}/event-allowances"
    page = staff.get(path)
    assert page.status_code == 200 and "3" in visible_text(page.text)
    refused = staff.post(path, data={"csrf_token": csrf_token(page.text), "target": "event", "event_id": event_id,
                                     "change": "1", "reason": ""})
    assert refused.status_code == 200 and "Enter the reason" in refused.text
    done = staff.post(path, data={"csrf_token": csrf_token(page.text), "target": "event", "event_id": event_id,
                                  "change": "1", "reason": "Speaker from the organisation"}, follow_redirects=True)
    assert "is adjusted" in done.text and "Speaker from the organisation" in done.text
    with app.app_context():
        assert db.session.execute(sa.select(AllowanceAdjustment.change)).scalar_one() == 1
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "allowance.adjust")).scalar_one()
    member = app.test_client()
    log_in(member, org.people[0].email)
    shown, _, _ = review(member, event_id, [("Zed", "zed@example.org")])
    assert "One of your organisation's free places" in shown.text


@pytest.mark.parametrize("change,message", [("abc", "Enter a whole number, for example 2 or -1"), ("51", "Enter a number from -50 to 50"),
                                            ("0", "Enter the number of places to add or take away")])
def test_a_bad_adjustment_is_explained(app, booked, change, message):
    org, event_id, staff = booked
    path = f"/en/staff/organisations/{org.id}/event-allowances"
    page = staff.get(path)
    answer = staff.post(path, data={"csrf_token": csrf_token(page.text), "target": "event", "event_id": event_id,
                                    "change": change, "reason": "Test"})
    assert answer.status_code == 200 and "There is a problem" in answer.text and message in answer.text
    assert 'min="' not in page.text and 'max="' not in page.text


def test_a_place_for_a_year_the_organisation_has_not_renewed_for_is_flagged_and_kept(app, booked):
    from datetime import timedelta

    from wscn_site import clock
    from wscn_site.models import Event

    _org, event_id, staff = booked
    assert "Not renewed for the event's year" not in visible_text(staff.get(f"/en/staff/events/{event_id}/attendees").text)
    with app.app_context():  # the event moves into next financial year, for which nobody has renewed
        item = db.session.get(Event, event_id)
        item.starts_at, item.ends_at = clock.now() + timedelta(days=400), clock.now() + timedelta(days=400, hours=3)
        db.session.commit()
    text = visible_text(staff.get(f"/en/staff/events/{event_id}/attendees").text)
    assert "Not renewed for the event's year" in text and "p3@example.org" in text  # flagged, nothing deleted
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Place.id)).where(Place.status == "booked")).scalar_one() == 5
