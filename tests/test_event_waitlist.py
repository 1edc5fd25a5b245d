"""The waiting list of a full event: members join it (one entry for several named people), a freed
place is offered to the first entry it fits (by email, in the entry maker's language), held for
some hours, accepted (booked at the normal price) or declined, released to the next by
`flask events release-offers`; staff move entries. Refusals change nothing."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking_helpers import book, event, members, place_at
from factories import csrf_token, log_in, user
from helpers import visible_text
from waitlist_helpers import JOIN, OFFER, answer, entries, join, offers
from wscn_site import clock
from wscn_site.events import waitlist_operations
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Event, OutboxMessage, Place, User, WaitlistEntry

pytestmark = pytest.mark.db


def _cancel(app, place_id, email):
    """The place's organisation's lead cancels it through the bookings page."""
    client = app.test_client()
    log_in(client, email)
    page = client.get("/en/members/bookings")
    return client.post(f"/en/members/bookings/places/{place_id}/cancel", data={"csrf_token": csrf_token(page.text)})


@pytest.fixture
def full(app):
    """A network meeting with two places, both booked by Alpha; Beta and Gamma members want in."""
    with app.app_context():
        alpha, beta, gamma = members(1, name="Alpha Council"), members(2, name="Beta Council"), members(1, name="Gamma Council")
        event_id = event(capacity=2)
        places = [place_at(event_id, alpha, f"a{n}@alpha.example") for n in range(2)]
    return event_id, alpha, beta, gamma, places


def _client(app, email, lang="en"):
    client = app.test_client()
    assert log_in(client, email, lang=lang).status_code == 302
    return client


def test_join_when_full_then_a_cancellation_offers_the_place_and_accepting_books_it_free(app, full):
    event_id, alpha, beta, gamma, places = full
    client = _client(app, beta.people[0].email)
    booking_page = client.get(f"/en/members/events/{event_id}/book")
    assert "Join the waiting list for 1 place" in visible_text(booking_page.text)
    joined = join(client, event_id, [("Bea", "bea@beta.example")])
    assert joined.status_code == 302
    listed = client.get("/en/members/bookings")
    text = visible_text(listed.text)
    assert "Waiting lists" in text and "Bea" in text and "Waiting for 1 place" in text
    assert _cancel(app, places[0], alpha.people[0].email).status_code == 302
    with app.app_context():
        (entry_id, status, _, _), = entries(event_id)
        assert status == "offered"
        (recipient, language, subject), = offers()
        assert recipient == beta.people[0].email and language == "en" and "is yours if you want it" in subject
        entry = db.session.get(WaitlistEntry, entry_id)
        held = clock.as_utc(entry.offer_expires_at) - clock.as_utc(entry.offered_at)
        assert timedelta(hours=47) < held <= timedelta(hours=48)
    offer = client.get(OFFER.format(entry_id))
    assert "held for you until" in visible_text(offer.text) and "One of your organisation's free places" in offer.text
    # the held place is taken for everyone else
    other = _client(app, gamma.people[0].email)
    assert "This event is full" in visible_text(other.get(f"/en/members/events/{event_id}/book").text)
    assert book(other, event_id, [("Gus", "gus@gamma.example")]).status_code == 409
    assert answer(client, entry_id).status_code == 302
    with app.app_context():
        assert entries(event_id)[0][1] == "booked"
        booked = db.session.execute(sa.select(Place.email, Place.price_reason).where(
            Place.event_id == event_id, Place.status == "booked").order_by(Place.id)).all()
        assert [tuple(row) for row in booked] == [("a1@alpha.example", "free"), ("bea@beta.example", "free")]
        assert db.session.get(WaitlistEntry, entry_id).booking_id is not None
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "waitlist.accept")).first()
    assert answer(client, entry_id).status_code in (302, 409)  # accepting again books nothing more
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Place.id)).where(
            Place.event_id == event_id, Place.status == "booked")).scalar_one() == 2


def test_a_freed_place_goes_to_the_first_entry_it_fits_the_larger_keeps_its_position(app, full):
    event_id, alpha, beta, gamma, places = full
    assert join(_client(app, beta.people[0].email), event_id, [("Bea", "bea@beta.example"),
                                                                ("Bob", "bob@beta.example")]).status_code == 302
    assert join(_client(app, gamma.people[0].email), event_id, [("Gus", "gus@gamma.example")]).status_code == 302
    _cancel(app, places[0], alpha.people[0].email)
    with app.app_context():
        assert [(status, count) for _, status, count, _ in entries(event_id)] == [("waiting", 2), ("offered", 1)]
        assert [recipient for recipient, _, _ in offers()] == [gamma.people[0].email]
    _cancel(app, places[1], alpha.people[0].email)  # one more free: still not two for Beta (one is held)
    with app.app_context():
        assert [status for _, status, _, _ in entries(event_id)] == ["waiting", "offered"]
        gamma_entry = entries(event_id)[1][0]
    assert answer(_client(app, gamma.people[0].email), gamma_entry, "decline").status_code == 302
    with app.app_context():  # declined: both places free, Beta's two fit now
        assert [status for _, status, _, _ in entries(event_id)] == ["offered", "declined"]


def test_the_offer_email_is_in_the_entry_makers_language(app, full):
    event_id, alpha, beta, gamma, places = full
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == beta.people[1].email).values(language="cy"))
        db.session.commit()
    client = _client(app, beta.people[1].email, lang="cy")
    joined = join(client, event_id, [("Bethan", "bethan@beta.example", "cy")], lang="cy")
    assert joined.status_code == 302
    _cancel(app, places[0], alpha.people[0].email)
    with app.app_context():
        (recipient, language, subject), = offers()
        assert recipient == beta.people[1].email and language == "cy" and "Prawf" in subject
        assert "/cy/aelodau/rhestr-aros/" in db.session.execute(sa.text(
            "SELECT text_body FROM outbox_message WHERE kind = 'waitlist_offer'")).scalar_one()


def test_refusals_change_nothing(app, full):
    event_id, alpha, beta, gamma, places = full
    with app.app_context():
        roomy = event(capacity=10)
        past = event(days=-3)
        cancelled = event(capacity=1, status="cancelled")
    client = _client(app, beta.people[0].email)
    page = client.get(JOIN.format(roomy))  # places left: book instead
    assert "book them instead of joining the waiting list" in visible_text(page.text)
    assert 'name="request_key"' not in page.text
    assert "has already taken place" in visible_text(client.get(JOIN.format(past)).text)
    assert "has been cancelled" in visible_text(client.get(JOIN.format(cancelled)).text)
    twice = join(client, event_id, [("Bea", "bea@beta.example"), ("Bea", "BEA@beta.example")])
    assert twice.status_code == 422 and "already in the list" in visible_text(twice.text)
    booked = join(client, event_id, [("Al", "a0@alpha.example")])
    assert booked.status_code == 422 and "already has a place" in visible_text(booked.text)
    assert join(client, event_id, [("Bea", "bea@beta.example")]).status_code == 302
    again = join(_client(app, gamma.people[0].email), event_id, [("Bea", "bea@beta.example")])
    assert again.status_code == 422 and "already on the waiting list" in visible_text(again.text)
    with app.app_context():
        assert len(entries(event_id)) == 1
        entry_id = entries(event_id)[0][0]
    # someone else's offer: another organisation's member cannot see or answer it
    stranger = _client(app, gamma.people[0].email)
    assert stranger.get(OFFER.format(entry_id)).status_code == 403
    assert stranger.post(OFFER.format(entry_id), data={"action": "accept"}).status_code in (400, 403)
    # not offered yet: nothing to accept
    refused = answer(client, entry_id)
    assert refused.status_code == 409 and "There is no offer to answer" in visible_text(refused.text)
    neither = client.post(OFFER.format(entry_id), data={"csrf_token": csrf_token(refused.text)})
    assert neither.status_code == 422 and "Choose whether to accept or decline" in visible_text(neither.text)
    with app.app_context():
        assert entries(event_id)[0][1] == "waiting"


def test_welsh_refusal_says_book_instead_in_welsh(app, full):
    event_id, alpha, beta, gamma, places = full
    with app.app_context():
        roomy = event(capacity=10)
    client = _client(app, beta.people[0].email, lang="cy")
    page = client.get(f"/cy/aelodau/digwyddiadau/{roomy}/rhestr-aros")
    assert page.status_code == 200 and 'lang="cy"' in page.text
    assert "rhestr aros" in visible_text(page.text).lower()
    assert "book it instead" not in page.text


def test_an_expired_offer_is_refused_and_the_release_command_offers_the_next(app, full, runner):
    event_id, alpha, beta, gamma, places = full
    beta_client, gamma_client = _client(app, beta.people[0].email), _client(app, gamma.people[0].email)
    join(beta_client, event_id, [("Bea", "bea@beta.example")])
    join(gamma_client, event_id, [("Gus", "gus@gamma.example")])
    _cancel(app, places[0], alpha.people[0].email)
    with app.app_context():
        beta_entry, gamma_entry = (row[0] for row in entries(event_id))
        db.session.execute(sa.update(WaitlistEntry).where(WaitlistEntry.id == beta_entry).values(
            offer_expires_at=clock.now() - timedelta(minutes=1)))
        db.session.commit()
    late = answer(beta_client, beta_entry)
    assert late.status_code in (200, 409)
    assert "This offer has expired" in visible_text(late.text)
    first = runner.invoke(args=["events", "release-offers"])
    assert first.exit_code == 0 and "Released 1 offer(s)" in first.output and "made 1 new offer(s)" in first.output
    second = runner.invoke(args=["events", "release-offers"])
    assert "Released 0 offer(s)" in second.output and "made 0 new offer(s)" in second.output
    with app.app_context():
        assert [status for _, status, _, _ in entries(event_id)] == ["expired", "offered"]
        assert [recipient for recipient, _, _ in offers()] == [beta.people[0].email, gamma.people[0].email]
    assert answer(gamma_client, gamma_entry).status_code == 302


def _expire_offers(event_id):
    db.session.execute(sa.update(WaitlistEntry).where(
        WaitlistEntry.event_id == event_id, WaitlistEntry.status == "offered").values(
        offer_expires_at=clock.now() - timedelta(minutes=1)))
    db.session.commit()


def _lapsed_emails():
    return db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.language, OutboxMessage.subject,
                                        OutboxMessage.text_body, OutboxMessage.html_body)
                              .where(OutboxMessage.kind == "waitlist_lapsed").order_by(OutboxMessage.id)).all()


def test_an_offer_not_taken_in_time_is_emailed_once_in_the_entry_makers_language(app, full, runner):
    event_id, alpha, beta, gamma, places = full
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == beta.people[1].email).values(language="cy"))
        db.session.commit()
    join(_client(app, beta.people[1].email, lang="cy"), event_id, [("Bethan", "bethan@beta.example", "cy")],
         lang="cy")
    join(_client(app, gamma.people[0].email), event_id, [("Gus", "gus@gamma.example")])
    _cancel(app, places[0], alpha.people[0].email)
    with app.app_context():
        _expire_offers(event_id)
        assert _lapsed_emails() == []  # nothing before the release has ended the offer
    for _ in range(2):
        assert runner.invoke(args=["events", "release-offers"]).exit_code == 0
    with app.app_context():
        [(recipient, language, subject, text, html)] = _lapsed_emails()
        assert (recipient, language) == (beta.people[1].email, "cy")
        assert subject.startswith("Mae'r cynnig o'r rhestr aros ar gyfer ") and subject.endswith(" wedi dod i ben")
        assert "Ni chafodd y lle a gynigiwyd i gofnod eich sefydliad ar y rhestr aros" in text
        assert "Bethan" in text and f"/cy/digwyddiadau/{event_id}" in text and f"/cy/digwyddiadau/{event_id}" in html
        assert [status for _, status, _, _ in entries(event_id)] == ["expired", "offered"]


def test_the_lapsed_email_counts_the_places_in_english(app, full):
    event_id, alpha, beta, gamma, places = full
    join(_client(app, beta.people[0].email), event_id, [("Bea", "bea@beta.example"), ("Bob", "bob@beta.example")])
    for place in places:
        _cancel(app, place, alpha.people[0].email)
    with app.app_context():
        _expire_offers(event_id)
        assert waitlist_operations.release_offers()[0]
        [(recipient, language, subject, text, _html)] = _lapsed_emails()
        assert (recipient, language) == (beta.people[0].email, "en")
        assert subject.startswith("The offer from the waiting list for ") and "Bea, Bob" in text
        assert "The 2 places offered to your organisation's waiting-list entry" in text
        assert "so they have gone to the next on the waiting list" in text


def test_leaving_the_list_while_offered_passes_the_places_on(app, full):
    event_id, alpha, beta, gamma, places = full
    beta_client = _client(app, beta.people[0].email)
    join(beta_client, event_id, [("Bea", "bea@beta.example")])
    join(_client(app, gamma.people[0].email), event_id, [("Gus", "gus@gamma.example")])
    _cancel(app, places[0], alpha.people[0].email)
    with app.app_context():
        beta_entry = entries(event_id)[0][0]
    page = beta_client.get("/en/members/bookings")
    left = beta_client.post(f"/en/members/waiting-list/{beta_entry}/leave", data={"csrf_token": csrf_token(page.text)},
                            follow_redirects=True)
    assert "You have left the waiting list" in visible_text(left.text)
    with app.app_context():
        assert [status for _, status, _, _ in entries(event_id)] == ["left", "offered"]


def test_staff_see_the_list_move_entries_and_a_capacity_increase_offers_places(app, full):
    event_id, alpha, beta, gamma, places = full
    join(_client(app, beta.people[0].email), event_id, [("Bea", "bea@beta.example")])
    join(_client(app, gamma.people[0].email), event_id, [("Gus", "gus@gamma.example")])
    with app.app_context():
        staff = user("staff@example.org", role="staff")
        db.session.commit()
        staff_id = staff.id
        gamma_entry = entries(event_id)[1][0]
    client = _client(app, "staff@example.org")
    page = client.get(f"/en/staff/events/{event_id}/attendees")
    text = visible_text(page.text)
    assert "Waiting list" in text and "Bea" in text and "Gus" in text and "Move Gamma Council up" in text
    moved = client.post(f"/en/staff/events/waiting-list/{gamma_entry}/move",
                        data={"csrf_token": csrf_token(page.text), "direction": "up"})
    assert moved.status_code == 302
    with app.app_context():
        assert [org for _, _, _, org in entries(event_id)] == [gamma.id, beta.id]
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "waitlist.move")).first()
        from wscn_site.events.pages_operations import update_event, FIELDS
        item = db.session.get(Event, event_id)
        values = {name: getattr(item, name) for name in FIELDS}
        update_event(item, {**values, "capacity": 3}, db.session.get(User, staff_id))
        assert [status for _, status, _, _ in entries(event_id)] == ["offered", "waiting"]
    member = _client(app, beta.people[0].email)
    token = csrf_token(member.get("/en/members/bookings").text)
    assert member.post(f"/en/staff/events/waiting-list/{gamma_entry}/move",
                       data={"csrf_token": token, "direction": "up"}).status_code in (403, 404)


def test_a_team_entry_is_priced_at_acceptance_free_places_first_then_member_price(app):
    with app.app_context():
        alpha, beta = members(1, name="Alpha Council"), members(1, name="Beta Council")
        event_id = event(capacity=5)
        places = [place_at(event_id, alpha, f"a{n}@alpha.example") for n in range(3)]
        place_at(event_id, beta, "b0@beta.example")
        place_at(event_id, beta, "b1@beta.example")
    client = _client(app, beta.people[0].email)
    team = [("Cai", "cai@beta.example"), ("Dee", "dee@beta.example")]
    assert join(client, event_id, team).status_code == 302
    _cancel(app, places[0], alpha.people[0].email)
    with app.app_context():
        assert entries(event_id)[0][1] == "waiting"  # one place free, two wanted
    _cancel(app, places[1], alpha.people[0].email)
    with app.app_context():
        entry_id, status, _, _ = entries(event_id)[0]
        assert status == "offered"
    offer = visible_text(client.get(OFFER.format(entry_id)).text)
    assert "Member price" in offer and "£40.00" in offer
    assert answer(client, entry_id).status_code == 302
    with app.app_context():
        reasons = db.session.execute(sa.select(Place.price_reason).where(
            Place.event_id == event_id, Place.organisation_id == beta.id, Place.status == "booked")
            .order_by(Place.id)).scalars().all()
        assert reasons == ["free", "free", "free", "member"]


def test_release_offers_is_idempotent_without_the_cli(app, full):
    event_id, alpha, beta, gamma, places = full
    join(_client(app, beta.people[0].email), event_id, [("Bea", "bea@beta.example")])
    with app.app_context():
        db.session.execute(sa.update(Event).where(Event.id == event_id).values(capacity=3))
        db.session.commit()
        assert waitlist_operations.release_offers()[1] and not waitlist_operations.release_offers()[1]
        assert len(offers()) == 1
