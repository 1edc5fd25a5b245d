"""`flask events remind` (the day before, once per attendee, in their language, with the joining
link of an online event) and `flask events forget-needs` (needs deleted N days after the event)."""
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from booking_helpers import event, members, place_at
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Event, OutboxMessage, Place

pytestmark = pytest.mark.db


def _at(event_id, day, hour):
    item = db.session.get(Event, event_id)
    item.starts_at = clock.london_moment(day, time(hour, 0))
    item.ends_at = item.starts_at + timedelta(hours=2)
    db.session.commit()


def _reminders():
    return {m.recipient: m for m in db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "booking_reminder")).scalars()}


@pytest.fixture
def tomorrow(app):
    """An online seminar at 10:00 the day after ``day`` (London), one the day after that; places."""
    day = clock.today() + timedelta(days=20)
    with app.app_context():
        org = members(1)
        seminar, later = event(kind="virtual-seminar", online=True), event(days=25)
        _at(seminar, day + timedelta(days=1), 10)
        _at(later, day + timedelta(days=2), 10)
        place_at(seminar, org, "ann@example.org", name="Ann", language="cy")
        place_at(seminar, org, "ben@example.org", name="Ben")
        place_at(seminar, org, "gone@example.org", status="cancelled")
        place_at(later, org, "later@example.org")
    return day, seminar, org


def test_reminders_go_once_the_day_before_in_each_attendees_language(app, tomorrow):
    day, _seminar, _org = tomorrow
    runner = app.test_cli_runner()
    with clock.frozen_at(clock.london_moment(day, time(7, 0))):
        first = runner.invoke(args=["events", "remind"])
        again = runner.invoke(args=["events", "remind"])
    assert first.exit_code == 0 and "Queued 2 reminder(s)." in first.output
    assert "Queued 0 reminder(s)." in again.output
    with app.app_context():
        sent = _reminders()
        assert set(sent) == {"ann@example.org", "ben@example.org"}
        welsh, english = sent["ann@example.org"], sent["ben@example.org"]
        assert welsh.language == "cy" and welsh.subject.startswith("Nodyn atgoffa: mae Prawf virtual-seminar")
        assert "https://meet.example/abc" in welsh.text_body and "yfory" in welsh.text_body
        assert english.subject == "Reminder: Test virtual-seminar ŵ is tomorrow"
        assert "https://meet.example/abc" in english.html_body
        assert db.session.execute(sa.select(sa.func.count(Place.id)).where(Place.reminded_at.is_not(None))).scalar_one() == 2


def test_nothing_is_sent_two_days_before(app, tomorrow):
    day, _seminar, _org = tomorrow
    with clock.frozen_at(clock.london_moment(day - timedelta(days=1), time(7, 0))):
        assert "Queued 0" in app.test_cli_runner().invoke(args=["events", "remind"]).output


def test_a_swapped_in_attendee_is_reminded_too(app, tomorrow):
    day, _seminar, _org = tomorrow
    with clock.frozen_at(clock.london_moment(day, time(7, 0))):
        app.test_cli_runner().invoke(args=["events", "remind"])
        with app.app_context():
            place = db.session.execute(sa.select(Place).where(Place.email == "ben@example.org")).scalar_one()
            place.email, place.reminded_at = "cai@example.org", None  # what a swap does
            db.session.commit()
        out = app.test_cli_runner().invoke(args=["events", "remind"]).output
    assert "Queued 1 reminder(s)." in out and "cai@example.org" in out


def test_a_cancelled_event_sends_no_reminder(app, tomorrow):
    day, seminar, _org = tomorrow
    with app.app_context():
        db.session.get(Event, seminar).status = "cancelled"
        db.session.commit()
    with clock.frozen_at(clock.london_moment(day, time(7, 0))):
        assert "Queued 0" in app.test_cli_runner().invoke(args=["events", "remind"]).output


def _needs(email):
    place = db.session.execute(sa.select(Place).where(Place.email == email)).scalar_one()
    return place.access_needs, place.dietary_needs, place.needs_forgotten_at is not None


@pytest.fixture
def past(app):
    with app.app_context():
        org = members(1)
        long_ago, recent = event(days=-40), event(days=-10)
        for event_id, email in ((long_ago, "old@example.org"), (recent, "new@example.org")):
            place_at(event_id, org, email, access_needs="Step-free access", dietary_needs="Llysieuol")
    return long_ago, recent


def test_needs_are_deleted_thirty_days_after_the_event(app, past):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["events", "forget-needs"])
    assert first.exit_code == 0 and "Deleted the needs of 1 place(s)" in first.output and "30 days" in first.output
    assert "Deleted the needs of 0 place(s)" in runner.invoke(args=["events", "forget-needs"]).output
    with app.app_context():
        assert _needs("old@example.org") == ("", "", True)
        assert _needs("new@example.org") == ("Step-free access", "Llysieuol", False)
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "booking.forget_needs")).scalar_one()
        assert entry.actor_id is None and '"places": 1' in entry.details


def test_the_retention_period_is_configurable(make_app):
    application = make_app(EVENT_NEEDS_RETENTION_DAYS=5)
    with application.app_context():
        org = members(1)
        place_at(event(days=-10), org, "new@example.org", dietary_needs="Fegan")
    out = application.test_cli_runner().invoke(args=["events", "forget-needs"]).output
    assert "Deleted the needs of 1 place(s) at events that ended over 5 days ago." in out
    with application.app_context():
        assert _needs("new@example.org") == ("", "", True)


@pytest.mark.parametrize("path,words", [("/en/privacy-and-cookies", "deleted automatically 30 days after the event"),
                                        ("/cy/preifatrwydd-a-chwcis", "dileu'n awtomatig 30 diwrnod ar ôl y digwyddiad")])
def test_the_privacy_notice_says_so_in_both_languages(client, path, words):
    page = client.get(path)
    assert page.status_code == 200 and words in page.text.replace("&#39;", "'")
