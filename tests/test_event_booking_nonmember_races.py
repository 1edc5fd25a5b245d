"""Never more than there is, with non-members too: members and non-members confirm at the same
moment for the last places; one confirmation link opened twenty times at once confirms (and
invoices) once; a release running while the link is used either releases or confirms, never both.
Through the app, on SQLite and (with WSCN_TEST_DATABASE_URL) on PostgreSQL."""
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking_helpers import event, fingerprint, members, review as member_review
from factories import csrf_token, log_in
from nonmember_helpers import hold, link, review
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import Invoice, NonMemberBooking, Place

pytestmark = [pytest.mark.db, pytest.mark.slow]
RACERS = 20


def _all_at_once(calls):
    barrier, results = threading.Barrier(len(calls)), []

    def run(call):
        barrier.wait()
        results.append(call())

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def app(make_app):
    return make_app(EVENT_NONMEMBER_LIMIT_PER_IP="1000 per hour")


def test_members_and_non_members_race_for_the_last_five_places(app):
    with app.app_context():
        orgs = [members(1, name=f"Council{n} Borough") for n in range(RACERS // 2)]
        event_id = event(capacity=5)
    calls = []
    for n, org in enumerate(orgs):
        client = app.test_client()
        log_in(client, org.people[0].email)
        shown, data, path = member_review(client, event_id, [(f"Member {n}", f"member{n}@example.org")])
        confirm = {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}
        calls.append(lambda client=client, path=path, data=confirm: client.post(path, data=data).status_code)
    for n in range(RACERS // 2):
        client = app.test_client()
        shown, data, path = review(client, event_id, [(f"Guest {n}", f"guest{n}@example.org")],
                                   booker_email=f"booker{n}@example.org")
        confirm = {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}
        calls.append(lambda client=client, path=path, data=confirm: client.post(path, data=data).status_code)
    statuses = _all_at_once(calls)
    assert statuses.count(302) == 5 and statuses.count(409) == RACERS - 5
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Place.id)).where(
            Place.event_id == event_id, Place.status == "booked")).scalar_one() == 5


def test_one_link_confirmed_twenty_times_at_once_confirms_and_invoices_once(app):
    with app.app_context():
        event_id = event()
    client = app.test_client()
    hold(client, event_id, [("Ann", "ann@acme.example")])
    path = link(app, "nia@acme.example", "nonmember_hold", "/confirm/")
    token = csrf_token(client.get(path).text)
    texts = _all_at_once([lambda: client.post(path, data={"csrf_token": token}).text for _ in range(RACERS)])
    assert sum("Your booking is confirmed" in text for text in texts) == 1
    assert sum("already confirmed" in text for text in texts) == RACERS - 1
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Invoice.id))).scalar_one() == 1


def test_a_release_and_a_confirmation_at_the_last_moment_never_both_happen(app):
    with app.app_context():
        event_id = event()
    client = app.test_client()
    hold(client, event_id, [("Ann", "ann@acme.example")])
    path = link(app, "nia@acme.example", "nonmember_hold", "/confirm/")
    token = csrf_token(client.get(path).text)
    with app.app_context():
        held_until = db.session.execute(sa.select(NonMemberBooking.held_until)).scalar_one()
    runner = app.test_cli_runner()
    # the release runs at the expiry; the confirmation is sent a moment before it
    with clock.frozen_at(clock.as_utc(held_until) - timedelta(microseconds=1)):
        results = _all_at_once([lambda: client.post(path, data={"csrf_token": token}).status_code,
                                lambda: runner.invoke(args=["events", "release-holds"]).output])
    with app.app_context():
        status = db.session.execute(sa.select(NonMemberBooking.status)).scalar_one()
        places = db.session.execute(sa.select(Place.status)).scalars().all()
        invoices = db.session.execute(sa.select(sa.func.count(Invoice.id))).scalar_one()
    assert status == "confirmed" and places == ["booked"] and invoices == 1, results
    with clock.frozen_at(clock.as_utc(held_until) + timedelta(minutes=1)):
        assert "Released 0" in runner.invoke(args=["events", "release-holds"]).output
    with app.app_context():
        assert db.session.execute(sa.select(NonMemberBooking.status)).scalar_one() == "confirmed"


def test_twenty_first_non_member_bookings_at_once_make_one_placeholder(app):
    from wscn_site.events.nonmember_operations import nonmember_organisation
    from wscn_site.models import Organisation

    def first_booking():
        with app.app_context():
            found = nonmember_organisation().id
            db.session.commit()
            return found

    found = _all_at_once([first_booking] * 20)
    assert len(found) == 20 and len(set(found)) == 1  # every one answered, with the same organisation
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(Organisation)).scalar_one() == 1
