"""Never more than there is, with a waiting list: an offer accepted twenty times at once books once
while twenty other organisations try to book the held place; twenty release runs at once offer a
released place once; accepts and releases of an expired offer at the same moment never both win.
Through the app (each member thread its own logged-in client; the release runs as cron would run
them, each in its own app context), on SQLite and (with WSCN_TEST_DATABASE_URL) on PostgreSQL."""
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking_helpers import event, fingerprint, members, place_at, review
from factories import csrf_token, log_in
from waitlist_helpers import OFFER, entries, join, offers
from wscn_site import clock
from wscn_site.events import booking_operations, waitlist_operations
from wscn_site.extensions import db
from wscn_site.models import Booking, Place, User, WaitlistEntry

pytestmark = [pytest.mark.db, pytest.mark.slow]
RACERS = 20


@pytest.fixture
def app(make_app):
    """Some forty members log in from one address here: above the login limit per address."""
    return make_app(LOGIN_LIMIT_PER_IP="1000 per minute")


def _at_once(jobs):
    """Run each callable in its own thread, all released together; their results."""
    barrier, results = threading.Barrier(len(jobs)), []

    def run(job):
        barrier.wait()
        results.append(job())

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _client(app, email):
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def _booked(event_id):
    return db.session.execute(sa.select(sa.func.count(Place.id)).where(
        Place.event_id == event_id, Place.status == "booked")).scalar_one()


@pytest.fixture
def listed(app):
    """A full event of 3 places (Alpha's); Beta, Gamma and Delta each on the waiting list for one place."""
    with app.app_context():
        alpha = members(1, name="Alpha Council")
        others = [members(1, name=f"{name} Council") for name in ("Beta", "Gamma", "Delta")]
        event_id = event(capacity=3)
        places = [place_at(event_id, alpha, f"a{n}@alpha.example") for n in range(3)]
    clients = [_client(app, org.people[0].email) for org in others]
    for n, client in enumerate(clients):
        assert join(client, event_id, [(f"Person {n}", f"person{n}@waiting.example")]).status_code == 302
    return event_id, alpha, others, clients, places


def _cancel_first(app, alpha, place_id):
    with app.app_context():
        lead = db.session.get(User, alpha.people[0].id)
        with app.test_request_context("/", base_url=app.config["SITE_URL"]):
            assert booking_operations.cancel_place(place_id, lead)


def _offered(app, listed):
    """Alpha cancels a place: Beta, first on the list, is offered it; (entry id, Beta's client, the accept form)."""
    event_id, alpha, others, clients, places = listed
    _cancel_first(app, alpha, places[0])
    with app.app_context():
        entry_id = entries(event_id)[0][0]
    page = clients[0].get(OFFER.format(entry_id))
    return entry_id, clients[0], {"csrf_token": csrf_token(page.text), "action": "accept",
                                  "confirmed": fingerprint(page.text)}


def test_an_offer_accepted_twenty_times_while_twenty_others_book_the_held_place(app, listed):
    event_id, alpha, others, clients, places = listed
    entry_id, beta, accept = _offered(app, listed)
    with app.app_context():
        rivals = [members(1, name=f"Rival{n} Council") for n in range(RACERS)]
    prepared = []
    for n, org in enumerate(rivals):
        client = _client(app, org.people[0].email)
        shown, data, path = review(client, event_id, [(f"Rival {n}", f"rival{n}@example.org")])
        assert shown.status_code == 200
        prepared.append((client, path, {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}))
    jobs = [lambda: beta.post(OFFER.format(entry_id), data=accept).status_code for _ in range(RACERS)]
    jobs += [lambda c=c, p=p, d=d: ("rival", c.post(p, data=d).status_code) for c, p, d in prepared]
    results = _at_once(jobs)
    assert all(status == 409 for kind, status in (r for r in results if isinstance(r, tuple)))
    assert all(status in (302, 409) for status in results if not isinstance(status, tuple))
    with app.app_context():
        assert _booked(event_id) == 3
        assert db.session.execute(sa.select(sa.func.count(Booking.id)).where(
            Booking.request_key == f"waitlist-{entry_id}")).scalar_one() == 1
        assert [status for _, status, _, _ in entries(event_id)] == ["booked", "waiting", "waiting"]


def test_twenty_release_runs_at_once_offer_a_released_place_once(app, listed):
    event_id, alpha, others, clients, places = listed
    _cancel_first(app, alpha, places[0])
    with app.app_context():
        db.session.execute(sa.update(WaitlistEntry).where(WaitlistEntry.status == "offered").values(
            offer_expires_at=clock.now() - timedelta(minutes=1)))
        db.session.commit()

    def release():
        with app.app_context():
            return waitlist_operations.release_offers()

    results = _at_once([release for _ in range(RACERS)])
    assert sum(len(released) for released, _ in results) == 1
    assert sum(len(offered) for _, offered in results) == 1
    with app.app_context():
        assert [status for _, status, _, _ in entries(event_id)] == ["expired", "offered", "waiting"]
        assert len(offers()) == 2
        assert waitlist_operations.places_taken(event_id) == 3  # two booked, one held for the next


def test_an_expired_offer_accepted_while_releases_run_never_overbooks(app, listed):
    event_id, alpha, others, clients, places = listed
    entry_id, beta, accept = _offered(app, listed)
    with app.app_context():
        db.session.execute(sa.update(WaitlistEntry).where(WaitlistEntry.id == entry_id).values(
            offer_expires_at=clock.now() - timedelta(seconds=1)))
        db.session.commit()

    def release():
        with app.app_context():
            return waitlist_operations.release_offers()

    jobs = [lambda: beta.post(OFFER.format(entry_id), data=accept).status_code for _ in range(RACERS // 2)]
    jobs += [release for _ in range(RACERS // 2)]
    results = _at_once(jobs)
    assert all(status == 409 for status in results if isinstance(status, int))
    with app.app_context():
        assert _booked(event_id) == 2
        assert [status for _, status, _, _ in entries(event_id)] == ["expired", "offered", "waiting"]
        assert waitlist_operations.places_taken(event_id) == 3


def test_places_added_by_staff_go_to_the_waiting_list_before_twenty_bookers(app):
    """Staff raise a full event's capacity from 3 to 4 while twenty other organisations confirm a booking
    at the same moment: the new place is offered to the first waiting entry in the very transaction that
    adds it, so no booker takes it first."""
    from wscn_site.events import pages_operations

    with app.app_context():
        event_id = event(capacity=3)
        rivals = [members(1, name=f"Rival{n} Council") for n in range(RACERS)]
    prepared = []
    for n, org in enumerate(rivals):  # each rival's confirm form, prepared while there were places
        client = _client(app, org.people[0].email)
        shown, data, path = review(client, event_id, [(f"Rival {n}", f"rival{n}@example.org")])
        assert shown.status_code == 200
        prepared.append((client, path, {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}))
    with app.app_context():
        alpha, beta = members(1, name="Alpha Council"), members(1, name="Beta Council")
        for n in range(3):
            place_at(event_id, alpha, f"a{n}@alpha.example")
    assert join(_client(app, beta.people[0].email), event_id, [("Bea", "bea@beta.example")]).status_code == 302

    def raise_capacity():
        with app.app_context(), app.test_request_context("/", base_url=app.config["SITE_URL"]):
            found = db.session.get(pages_operations.Event, event_id)
            values = {name: getattr(found, name) for name in pages_operations.FIELDS} | {"capacity": 4}
            staff = db.session.execute(sa.select(User).where(User.role == "lead")).scalars().first()
            return ("staff", pages_operations.update_event(found, values, staff))

    jobs = [raise_capacity] + [lambda c=c, p=p, d=d: c.post(p, data=d).status_code for c, p, d in prepared]
    results = _at_once(jobs)
    assert ("staff", ["capacity"]) in results
    assert [status for status in results if not isinstance(status, tuple)] == [409] * RACERS
    with app.app_context():
        assert _booked(event_id) == 3
        assert [status for _, status, _, _ in entries(event_id)] == ["offered"]
        assert [recipient for recipient, _, _ in offers()] == [beta.people[0].email]
