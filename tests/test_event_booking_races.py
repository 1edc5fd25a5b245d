"""Never more than there is: 20 members confirm at the same moment for the last places, and for
one organisation's last free places. Through the app (each thread its own logged-in client), on
SQLite and (with WSCN_TEST_DATABASE_URL) on PostgreSQL."""
import threading

import pytest
import sqlalchemy as sa

from booking_helpers import event, fingerprint, members, review
from factories import log_in
from wscn_site.extensions import db
from wscn_site.models import Booking, Place

pytestmark = [pytest.mark.db, pytest.mark.slow]
RACERS = 20


def _race(app, clients_and_people, event_id):
    """Each client reviews its booking first (all see a place and a price), then all confirm at once."""
    prepared = []
    for client, people in clients_and_people:
        shown, data, path = review(client, event_id, people)
        assert shown.status_code == 200, shown.text
        prepared.append((client, path, {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}))
    barrier, statuses = threading.Barrier(len(prepared)), []

    def confirm(client, path, data):
        barrier.wait()
        statuses.append(client.post(path, data=data).status_code)

    threads = [threading.Thread(target=confirm, args=item) for item in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_twenty_organisations_race_for_the_last_five_places(app):
    with app.app_context():
        orgs = [members(1, name=f"Council{n} Borough") for n in range(RACERS)]
        event_id = event(capacity=5)
    clients = []
    for n, org in enumerate(orgs):
        client = app.test_client()
        assert log_in(client, org.people[0].email).status_code == 302
        clients.append((client, [(f"Person {n}", f"person{n}@example.org")]))
    statuses = _race(app, clients, event_id)
    assert sorted(statuses).count(302) == 5 and sorted(statuses).count(409) == RACERS - 5
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Place.id)).where(Place.event_id == event_id)).scalar_one() == 5
        assert db.session.execute(sa.select(sa.func.count(Booking.id))).scalar_one() == 5


def test_twenty_colleagues_race_for_three_free_places(app):
    with app.app_context():
        org = members(RACERS)
        event_id = event(capacity=100)
    clients = []
    for n, person in enumerate(org.people):
        client = app.test_client()
        assert log_in(client, person.email).status_code == 302
        clients.append((client, [(f"Person {n}", f"person{n}@example.org")]))
    statuses = _race(app, clients, event_id)
    assert statuses.count(302) == 3  # the rest were shown a free place that is gone: "the price has changed"
    with app.app_context():
        reasons = db.session.execute(sa.select(Place.price_reason).where(Place.event_id == event_id)).scalars().all()
        assert reasons == ["free"] * 3


def test_the_same_form_confirmed_twenty_times_at_once_books_once(app):
    with app.app_context():
        org = members(1)
        event_id = event(capacity=100)
    client = app.test_client()
    log_in(client, org.people[0].email)
    shown, data, path = review(client, event_id, [("Ann", "ann@example.org"), ("Ben", "ben@example.org")])
    confirm = {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}
    barrier, statuses = threading.Barrier(RACERS), []

    def post():
        barrier.wait()
        statuses.append(client.post(path, data=confirm).status_code)

    threads = [threading.Thread(target=post) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Place.id))).scalar_one() == 2
        assert db.session.execute(sa.select(sa.func.count(Booking.id))).scalar_one() == 1
