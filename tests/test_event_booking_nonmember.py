"""Non-members book at the full price with no account: places held until the emailed link
confirms them, released by ``flask events release-holds`` when not, cancelled by the signed link
of the confirmation; the form is rate-limited; refusals change nothing."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from booking_helpers import book as member_book, event, members
from factories import csrf_token, log_in
from helpers import html_lang, visible_text
from nonmember_helpers import hold, link, post_link, review
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Booking, Invoice, NonMemberBooking, Organisation, OutboxMessage, Place

pytestmark = pytest.mark.db
PEOPLE = [("Ann Attendee", "ann@acme.example"), ("Bryn Attendee", "bryn@acme.example", "cy", True)]


def _places(app, event_id, status="booked"):
    with app.app_context():
        return db.session.execute(sa.select(Place.email, Place.price_reason, Place.price_pence)
                                  .where(Place.event_id == event_id, Place.status == status)
                                  .order_by(Place.id)).all()


def _count(app, model):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def _held(app):
    with app.app_context():
        return db.session.execute(sa.select(NonMemberBooking.status)).scalars().all()


@pytest.fixture
def meeting(app):
    with app.app_context():
        return event(capacity=3, full=6000, member=4000)


def test_the_price_is_the_full_price_itemised_and_the_places_are_held_until_confirmed(app, client, meeting):
    page = client.get(f"/en/events/{meeting}")
    assert f"/en/events/{meeting}/book" in page.text
    shown, _, _ = review(client, meeting, PEOPLE)
    text = visible_text(shown.text)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert "Full price" in text and "Total £120.00" in text and "Acme Safety Ltd" in text
    assert hold(client, meeting, PEOPLE).headers["Location"].endswith(f"/en/events/{meeting}/book/check-your-email")
    assert [row[1:] for row in _places(app, meeting)] == [("full", 6000), ("full", 6000)]
    assert _held(app) == ["held"] and _count(app, Invoice) == 0
    with app.app_context():  # only the booker is written to, with the link; nobody is confirmed yet
        assert [m.recipient for m in db.session.execute(sa.select(OutboxMessage)).scalars()] == ["nia@acme.example"]
    # the held places count: one left, and a member booking two is refused
    assert "1 place left" in visible_text(client.get(f"/en/events/{meeting}").text)


def test_confirming_invoices_the_organisation_at_its_billing_address_and_emails_each_attendee(app, client, meeting):
    hold(client, meeting, PEOPLE)
    path = link(app, "nia@acme.example", "nonmember_hold", "/confirm/")
    page = client.get(path)
    assert page.status_code == 200 and "Confirm the booking" in page.text and "ann@acme.example" not in page.text
    assert _held(app) == ["held"]  # opening the link (a mail scanner) confirms nothing
    done = post_link(client, path)
    assert done.status_code == 200 and "Your booking is confirmed" in visible_text(done.text)
    with app.app_context():
        invoice = db.session.execute(sa.select(Invoice)).scalar_one()
        booking = db.session.execute(sa.select(Booking)).scalar_one()
        assert invoice.amount_pence == 12000 and booking.invoice_id == invoice.id and invoice.language == "en"
        assert invoice.lines[0].quantity == 2 and "full price" in invoice.lines[0].description_en
        messages = {m.recipient: m for m in db.session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.kind != "nonmember_hold")).scalars()}
        assert set(messages) == {"nia@acme.example", "ann@acme.example", "bryn@acme.example"}
        assert messages["bryn@acme.example"].language == "cy"
        ics = [a for a in messages["ann@acme.example"].attachments if a.filename.endswith(".ics")][0]
        assert Calendar.from_ical(ics.data).walk("VEVENT")
        pdf = [a for a in messages["nia@acme.example"].attachments if a.content_type == "application/pdf"][0]
        assert pdf.data.startswith(b"%PDF") and invoice.number in messages["nia@acme.example"].text_body
        from pypdf import PdfReader
        import io
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "Acme Safety Ltd" in text and "1 High Street, Cardiff CF10 1AA" in text
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "booking.confirm")).scalar_one()
    assert "already confirmed" in visible_text(client.get(path).text)
    replay = client.post(path, data={"csrf_token": csrf_token(page.text)})  # the form sent again
    assert "already confirmed" in visible_text(replay.text) and _count(app, Invoice) == 1


def test_an_expired_hold_is_released_by_the_command_once_and_its_link_says_so(app, client, meeting):
    hold(client, meeting, PEOPLE, booker_language="cy")
    path = link(app, "nia@acme.example", "nonmember_hold", "/cadarnhau/")
    token = csrf_token(client.get(path).text)
    runner = app.test_cli_runner()
    assert "Released 0" in runner.invoke(args=["events", "release-holds"]).output
    with clock.frozen_at(clock.now() + timedelta(hours=24, minutes=1)):
        expired = client.get(path)
        assert expired.status_code == 410 and html_lang(expired.text) == "cy"
        assert "wedi dod i ben" in visible_text(expired.text)
        refused = client.post(path, data={"csrf_token": token})
        assert refused.status_code == 409 and "wedi dod i ben" in visible_text(refused.text)
        assert _count(app, Invoice) == 0
        assert "Released 1" in runner.invoke(args=["events", "release-holds"]).output
        assert "Released 0" in runner.invoke(args=["events", "release-holds"]).output
    assert _held(app) == ["released"] and _places(app, meeting) == []
    assert len(_places(app, meeting, "cancelled")) == 2
    with app.app_context():
        assert db.session.execute(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "nonmember_released")).scalar_one().language == "cy"
    assert "wedi dod i ben" in visible_text(client.get(path).text)
    assert hold(client, meeting, PEOPLE, booker_email="other@acme.example").status_code == 302  # free again


def test_the_hold_lasts_as_configured(make_app):
    app = make_app(BOOKING_HOLD_HOURS=2)
    with app.app_context():
        event_id = event()
    client = app.test_client()
    hold(client, event_id, PEOPLE[:1])
    with clock.frozen_at(clock.now() + timedelta(hours=2, minutes=1)):
        assert app.test_cli_runner().invoke(args=["events", "release-holds"]).output.startswith("Released 1")


def test_cancelling_by_the_signed_link_frees_the_places_and_issues_a_credit_note(app, client, meeting):
    hold(client, meeting, PEOPLE)
    post_link(client, link(app, "nia@acme.example", "nonmember_hold", "/confirm/"))
    cancel = link(app, "nia@acme.example", "nonmember_confirmed", "/cancel/")
    assert link(app, "ann@acme.example", "booking_confirmed", "/cancel/") == cancel
    page = client.get(cancel)
    assert page.status_code == 200 and "Cancel the booking" in page.text and _held(app) == ["confirmed"]
    done = post_link(client, cancel)
    assert "Your booking is cancelled" in visible_text(done.text)
    assert _places(app, meeting) == [] and _held(app) == ["cancelled"]
    with app.app_context():
        credit = db.session.execute(sa.select(Invoice).where(Invoice.kind == "credit")).scalar_one()
        assert credit.amount_pence == 12000 and credit.credits_id is not None
        kinds = {(m.recipient, m.kind) for m in db.session.execute(sa.select(OutboxMessage)).scalars()}
        assert ("nia@acme.example", "nonmember_cancelled") in kinds and ("ann@acme.example", "nonmember_place_cancelled") in kinds
    assert "already cancelled" in visible_text(client.get(cancel).text)
    replay = client.post(cancel, data={"csrf_token": csrf_token(page.text)})
    assert "already cancelled" in visible_text(replay.text) and _count(app, Invoice) == 2


def test_cancelling_after_the_cut_off_is_refused(app, client):
    with app.app_context():
        event_id = event(days=3)
    hold(client, event_id, PEOPLE[:1])
    post_link(client, link(app, "nia@acme.example", "nonmember_hold", "/confirm/"))
    cancel = link(app, "nia@acme.example", "nonmember_confirmed", "/cancel/")
    page = client.get(cancel)
    assert "Cancel the booking" in page.text
    with clock.frozen_at(clock.now() + timedelta(days=3, hours=1)):
        assert "too close" in visible_text(client.get(cancel).text)
        refused = client.post(cancel, data={"csrf_token": csrf_token(page.text)})
        assert refused.status_code == 409 and "too close" in visible_text(refused.text)
    assert _held(app) == ["confirmed"] and len(_places(app, event_id)) == 1


def test_links_reveal_nothing_without_a_valid_signature(app, client, meeting):
    hold(client, meeting, PEOPLE)
    path = link(app, "nia@acme.example", "nonmember_hold", "/confirm/")
    for bad in (path[:-3] + "abc", "/en/events/bookings/confirm/x", path.replace("/confirm/", "/cancel/")):
        page = client.get(bad)
        assert page.status_code == 404 and "Acme" not in page.text and "not valid" in page.text
        assert client.post(bad, data={}).status_code in (400, 404)
    assert _held(app) == ["held"]


def test_free_event_needs_no_invoice(app, client):
    with app.app_context():
        event_id = event(kind="virtual-seminar", full=0, member=0, online=True)
    hold(client, event_id, PEOPLE[:1])
    post_link(client, link(app, "nia@acme.example", "nonmember_hold", "/confirm/"))
    assert _held(app) == ["confirmed"] and _count(app, Invoice) == 0


def test_a_tampered_price_changes_nothing(app, client, meeting):
    shown, data, path = review(client, meeting, PEOPLE)
    refused = client.post(path, data={**data, "step": "confirm", "confirmed": "full:1,full:1"})
    assert refused.status_code == 409 and "price has changed" in visible_text(refused.text)
    assert _places(app, meeting) == [] and _held(app) == [] and _count(app, OutboxMessage) == 0


def test_a_repeated_submit_holds_once(app, client, meeting):
    shown, data, path = review(client, meeting, PEOPLE[:1])
    from booking_helpers import fingerprint
    confirm = {**data, "step": "confirm", "confirmed": fingerprint(shown.text)}
    assert client.post(path, data=confirm).status_code == 302
    assert client.post(path, data=confirm).status_code == 302
    assert len(_places(app, meeting)) == 1 and _count(app, OutboxMessage) == 1


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_bad_input_is_refused_in_the_page_language_and_nothing_is_stored(app, client, meeting, lang):
    shown, _, _ = review(client, meeting, [("Ann", "ann@acme.example"), ("Ann", "ANN@acme.example")], lang=lang,
                         billing_address="", booker_email="not an address")
    assert shown.status_code == 422 and html_lang(shown.text) == lang
    text = visible_text(shown.text)
    if lang == "cy":
        assert "Gwall:" in text and "Rhowch y cyfeiriad" in text
    else:
        assert "Enter the address the invoice goes to" in text and "already in the list" in text
    assert _places(app, meeting) == [] and _held(app) == []


def test_the_same_email_twice_at_one_event_is_refused(app, client, meeting):
    hold(client, meeting, PEOPLE[:1])
    again, _, _ = review(client, meeting, [("Ann again", "ann@acme.example")], booker_email="x@acme.example")
    assert again.status_code == 422 and "already has a place" in visible_text(again.text)
    same_booker = hold(client, meeting, [("Cai", "cai@acme.example")])
    assert same_booker.status_code == 409 and "already have a booking" in visible_text(same_booker.text)
    assert len(_places(app, meeting)) == 1


def test_closed_full_cancelled_past_and_members_only_events_cannot_be_booked(app, client):
    with app.app_context():
        ids = {"full": event(capacity=1), "cancelled": event(status="cancelled"),
               "members-only": event(kind="workshop", members_only_until=clock.now() + timedelta(days=5)),
               "closed": event(booking_closes_at=clock.now() - timedelta(hours=1)),
               "draft": event(status="draft")}
        org = members(1)
    client.application  # noqa: B018
    other = client.application.test_client()
    log_in(other, org.people[0].email)
    assert member_book(other, ids["full"], [("Mo", "mo@example.org")]).status_code == 302
    for reason, event_id in ids.items():
        page = client.get(f"/en/events/{event_id}/book")
        assert page.status_code == (404 if reason == "draft" else 200), reason
        if reason != "draft":
            assert "notice-error" in page.text and "<form" not in page.text.split("<main", 1)[-1], reason
        assert client.post(f"/en/events/{event_id}/book", data={}).status_code in (404, 409, 400)
    assert "only member organisations" in visible_text(client.get(f"/en/events/{ids['members-only']}/book").text)
    cy = client.get(f"/cy/digwyddiadau/{ids['full']}/archebu")
    assert html_lang(cy.text) == "cy" and "llawn" in visible_text(cy.text)


def test_places_are_never_oversold_between_members_and_non_members(app, client, meeting):
    hold(client, meeting, PEOPLE)  # two of three held
    with app.app_context():
        org = members(1)
    member = app.test_client()
    log_in(member, org.people[0].email)
    refused = member_book(member, meeting, [("Mo", "mo@example.org"), ("Jo", "jo@example.org")])
    assert refused.status_code == 409 and len(_places(app, meeting)) == 2


def test_the_form_is_rate_limited_per_address(make_app):
    app = make_app(EVENT_NONMEMBER_LIMIT_PER_IP="3 per hour")
    with app.app_context():
        event_id = event()
    client = app.test_client()
    codes = [review(client, event_id, PEOPLE[:1])[0].status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = app.test_client()
    path = f"/en/events/{event_id}/book"
    assert other.post(path, data={}, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code != 429


def test_staff_see_non_member_places_marked_on_the_attendee_list(app, client, meeting, portal):
    hold(client, meeting, PEOPLE[:1])
    staff = app.test_client()
    log_in(staff, portal.users["staff"].email)
    page = staff.get(f"/en/staff/events/{meeting}/attendees")
    text = visible_text(page.text)
    assert page.status_code == 200 and "Ann Attendee" in text and "Acme Safety Ltd" in text
    assert "Not a member" in text and "awaiting confirmation" in text and "Not renewed" not in text


def test_staff_record_payment_on_a_non_members_invoice(app, client, meeting, portal):
    hold(client, meeting, PEOPLE[:1])
    post_link(client, link(app, "nia@acme.example", "nonmember_hold", "/confirm/"))
    staff = app.test_client()
    log_in(staff, portal.users["staff"].email)
    attendees = staff.get(f"/en/staff/events/{meeting}/attendees").text
    with app.app_context():
        invoice_id = db.session.execute(sa.select(Invoice.id)).scalar_one()
    assert f"/en/staff/invoices/{invoice_id}" in attendees
    page = staff.get(f"/en/staff/invoices/{invoice_id}")
    assert page.status_code == 200
    paid = staff.post(f"/en/staff/invoices/{invoice_id}/payment", data={
        "csrf_token": csrf_token(page.text), "paid_on": clock.today().strftime("%d/%m/%Y"), "reference": "BACS 77"})
    assert paid.status_code == 302
    with app.app_context():
        invoice = db.session.get(Invoice, invoice_id)
        assert invoice.paid_on == clock.today() and invoice.payment_reference == "BACS 77"


def test_the_day_before_only_confirmed_non_member_places_are_reminded_with_their_cancellation_link(app, client):
    """A hold is not a booking: no reminder; once confirmed, the reminder's link is the signed
    cancellation link (a non-member has no bookings page in the portal)."""
    from wscn_site.events.booking_reminders import remind
    from wscn_site.models import Event

    with app.app_context():
        event_id = event(days=5)
    hold(client, event_id, PEOPLE)
    with app.app_context():
        db.session.get(Event, event_id).starts_at = clock.now() + timedelta(days=1)
        db.session.get(Event, event_id).ends_at = clock.now() + timedelta(days=1, hours=2)
        db.session.commit()
        assert remind() == []
    post_link(client, link(app, "nia@acme.example", "nonmember_hold", "/confirm/"))
    with app.app_context():
        assert sorted(email for email, _ in remind()) == ["ann@acme.example", "bryn@acme.example"]
    cancel = link(app, "bryn@acme.example", "booking_reminder", "/canslo/")
    assert client.get(cancel).status_code == 200


def test_the_placeholder_is_found_by_its_flag_whatever_staff_name_it(app):
    """Renamed by staff, it is still the one; an organisation staff name "Non-member bookings" is not it,
    and may have people."""
    from wscn_site.events.nonmember_operations import nonmember_organisation
    from wscn_site.staff.forms import organisation_choices

    with app.app_context():
        placeholder = nonmember_organisation()
        placeholder.name_en = "Bookings by organisations that are not members"
        lookalike = Organisation(name_en="Non-member bookings", name_cy="Archebion", kind="other")
        db.session.add(lookalike)
        db.session.commit()
        assert nonmember_organisation().id == placeholder.id
        assert db.session.execute(sa.select(sa.func.count()).select_from(Organisation).where(
            Organisation.holds_nonmember_bookings.is_(True))).scalar_one() == 1
        with app.test_request_context("/en/"):
            from flask import g

            g.lang = "en"
            offered = [value for value, _label in organisation_choices()]
        assert str(lookalike.id) in map(str, offered) and str(placeholder.id) not in map(str, offered)
