"""A member books places at a network meeting in a real browser, in Welsh: two places (both free),
then two more (the third free, the fourth at the member price, itemised before confirming), then
cancels one, and the waiting list moves: a member of another organisation, in English, had joined
the list of the (now full) meeting; the freed place is offered to them by email and they accept it.
The event's .ics, downloaded from its page, is a calendar the icalendar library reads. The event is
written through the model (the staff event editor is another feature)."""
from datetime import time, timedelta

import sqlalchemy as sa
from icalendar import Calendar
from playwright.sync_api import expect

TITLE = "Cyfarfod y Rhwydwaith, yr hydref (prawf taith)"
WORDS = {"login": "/cy/cyfrif/mewngofnodi", "email": "Cyfeiriad e-bost", "password": "Cyfrinair",
         "log in": "Mewngofnodi", "bookings link": "Fy archebion, ac archebu lleoedd mewn digwyddiadau",
         "how many": "Faint o leoedd?", "change count": "Newid nifer y lleoedd", "name": "Enw llawn",
         "show price": "Dangos y pris", "confirm": "Cadarnhau'r archeb", "free": "Am ddim",
         "free reason": "Un o leoedd am ddim eich sefydliad", "member price": "Pris aelodau", "total": "Cyfanswm",
         "confirmed": "Mae eich archeb wedi'i chadarnhau", "cancelled": "Mae'r lle wedi'i ganslo"}


def _meeting(live_site):
    from wscn_site import clock
    from wscn_site.extensions import db
    from wscn_site.models import Event

    with live_site.app.app_context():
        starts = clock.london_moment(clock.today() + timedelta(days=60), time(10, 0))
        event = Event(kind="network-meeting", status="published", title_en="Network meeting, autumn (journey test)",
                      title_cy=TITLE, description_en="We hold network meetings twice a year.",
                      description_cy="Rydym yn cynnal cyfarfodydd y Rhwydwaith ddwywaith y flwyddyn.",
                      starts_at=starts, ends_at=starts + timedelta(hours=4), venue_en="Swansea Guildhall",
                      venue_cy="Neuadd y Ddinas, Abertawe", capacity=40, full_price_pence=6000,
                      member_price_pence=4000, published_at=clock.now())
        db.session.add(event)
        db.session.commit()
        return event.id


def _booked(live_site, event_id):
    from wscn_site.extensions import db
    from wscn_site.models import Place

    with live_site.app.app_context():
        return db.session.execute(sa.select(Place.name, Place.price_reason, Place.status).where(
            Place.event_id == event_id).order_by(Place.id)).all()


def _fill(page, number, name, email):
    group = page.get_by_role("group", name=f"Lle {number}", exact=True)
    group.get_by_label(WORDS["name"]).fill(name)
    group.get_by_label(WORDS["email"]).fill(email)


def _choose_places(page, count):
    page.get_by_role("link", name=f"Archebu lleoedd yn {TITLE}").click()
    page.get_by_label(WORDS["how many"]).select_option(str(count))
    page.get_by_role("button", name=WORDS["change count"]).click()


def _other_member(live_site):
    """A member of another organisation (English), who will wait for a place."""
    from factories import PASSWORD, organisation, user
    from wscn_site.extensions import db

    with live_site.app.app_context():
        person = user("wyn@waiting-council.example", role="lead", org=organisation("Waiting County Council"),
                      name="Wyn Waiting")
        db.session.commit()
        return person.email, PASSWORD


def _make_full(live_site, event_id):
    from wscn_site.extensions import db
    from wscn_site.models import Event

    with live_site.app.app_context():
        db.session.get(Event, event_id).capacity = 4
        db.session.commit()


def _offer_link(live_site, email):
    from wscn_site.extensions import db
    from wscn_site.models import OutboxMessage

    with live_site.app.app_context():
        body = db.session.execute(sa.select(OutboxMessage.text_body).where(
            OutboxMessage.kind == "waitlist_offer", OutboxMessage.recipient == email)).scalar_one()
    return next(line for line in body.splitlines() if "/en/members/waiting-list/" in line).strip()


def _log_in_english(page, email, password):
    page.goto("/en/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()


def test_a_member_books_four_places_in_two_goes_and_cancels_one(page, live_site, browser, live_server):
    event_id = _meeting(live_site)
    email, password = live_site.logins["member"]
    page.goto(WORDS["login"])
    page.get_by_label(WORDS["email"]).fill(email)
    page.get_by_label(WORDS["password"], exact=True).fill(password)
    page.get_by_role("button", name=WORDS["log in"], exact=True).click()
    page.get_by_role("link", name=WORDS["bookings link"]).click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")

    _choose_places(page, 2)  # the first place is the member's own, filled in already
    expect(page.get_by_role("group", name="Lle 1", exact=True).get_by_label(WORDS["email"])).to_have_value(email)
    _fill(page, 2, "Bethan Jones", "bethan@example.org")
    page.get_by_role("button", name=WORDS["show price"]).click()
    prices = page.get_by_role("table")
    expect(prices.locator("tbody tr")).to_have_count(2)
    for row in range(2):
        expect(prices.locator("tbody tr").nth(row)).to_contain_text(WORDS["free reason"])
    expect(prices.locator("tfoot td").first).to_have_text(WORDS["free"])
    page.get_by_role("button", name=WORDS["confirm"]).click()
    expect(page.get_by_text(WORDS["confirmed"])).to_be_visible()

    _choose_places(page, 2)
    _fill(page, 1, "Carys Evans", "carys@example.org")
    _fill(page, 2, "Dafydd Rees", "dafydd@example.org")
    page.get_by_role("button", name=WORDS["show price"]).click()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Carys Evans")
    expect(rows.nth(0)).to_contain_text(WORDS["free"])
    expect(rows.nth(1)).to_contain_text("Dafydd Rees")
    expect(rows.nth(1)).to_contain_text("£40.00")
    expect(rows.nth(1)).to_contain_text(WORDS["member price"])
    expect(page.get_by_role("table").locator("tfoot")).to_contain_text("£40.00")
    page.get_by_role("button", name=WORDS["confirm"]).click()
    expect(page.get_by_text(WORDS["confirmed"])).to_be_visible()
    assert [(name, reason) for name, reason, _ in _booked(live_site, event_id)] == [
        ("Aelod Enghreifftiol", "free"), ("Bethan Jones", "free"), ("Carys Evans", "free"), ("Dafydd Rees", "member")]

    # the meeting is full now; a member of another organisation joins its waiting list, in English
    _make_full(live_site, event_id)
    other_email, other_password = _other_member(live_site)
    other = browser.new_context(base_url=live_server, locale="en-GB").new_page()
    _log_in_english(other, other_email, other_password)
    other.goto("/en/members/bookings")
    other.get_by_role("link", name="Join the waiting list of Network meeting, autumn (journey test)").click()
    expect(other.get_by_role("group", name="Place 1", exact=True).get_by_label("Email address")).to_have_value(other_email)
    other.get_by_role("button", name="Join the waiting list", exact=True).click()
    expect(other.get_by_text("You are on the waiting list, number 1.")).to_be_visible()
    expect(other.get_by_role("table").filter(has_text="Waiting for 1 place")).to_have_count(1)

    page.get_by_role("button", name="Canslo lle Bethan Jones").click()
    expect(page.get_by_text(WORDS["cancelled"])).to_be_visible()
    expect(page.get_by_role("button", name="Canslo lle Bethan Jones")).to_have_count(0)
    assert [status for _, _, status in _booked(live_site, event_id)] == ["booked", "cancelled", "booked", "booked"]

    # the waiting list moves: the freed place is offered by email, held, and accepted in the portal
    other.goto(_offer_link(live_site, other_email))
    expect(other.get_by_text("A place is held for you until")).to_be_visible()
    expect(other.get_by_role("table").locator("tbody tr").first).to_contain_text("One of your organisation's free places")
    other.get_by_role("button", name="Accept and book the places").click()
    expect(other.get_by_text("Your booking is confirmed.")).to_be_visible()
    expect(other.get_by_role("button", name="Cancel Wyn Waiting's place")).to_be_visible()
    assert [(name, status) for name, _, status in _booked(live_site, event_id)][-1] == ("Wyn Waiting", "booked")
    other.context.close()

    # the event's calendar entry, downloaded from its Welsh page, is a calendar
    page.goto(f"/cy/digwyddiadau/{event_id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ychwanegu'r digwyddiad hwn at eich calendr (ffeil .ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    with open(download.value.path(), "rb") as downloaded:
        calendar = Calendar.from_ical(downloaded.read())
    found = [component for component in calendar.walk("VEVENT")]
    assert len(found) == 1 and str(found[0]["SUMMARY"]) == TITLE


NONMEMBER = {"book": "Archebu lleoedd (sefydliadau nad ydynt yn aelodau)", "your name": "Eich enw llawn",
             "your email": "Eich cyfeiriad e-bost", "organisation": "Eich sefydliad",
             "address": "Cyfeiriad bilio (ar gyfer yr anfoneb)", "full price": "Pris llawn",
             "hold": "Cadw'r lleoedd ac anfon y ddolen ataf i", "check email": "Gwiriwch eich e-bost",
             "confirmed": "Mae eich archeb wedi'i chadarnhau"}


def _hold_link(live_site, recipient):
    """The path of the confirmation link in the last hold email to ``recipient`` (from the outbox)."""
    import re

    from wscn_site.extensions import db
    from wscn_site.models import OutboxMessage

    with live_site.app.app_context():
        message = db.session.execute(sa.select(OutboxMessage).where(
            OutboxMessage.recipient == recipient, OutboxMessage.kind == "nonmember_hold")
            .order_by(OutboxMessage.id.desc())).scalars().first()
        assert message.language == "cy" and "Cadarnhewch eich archeb" in message.subject
        url = re.search(r"https?://\S+/cadarnhau/\S+", message.text_body).group(0)
        return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_non_member_books_two_places_at_full_price_and_confirms_by_email(page, live_site):
    event_id = _meeting(live_site)
    page.goto(f"/cy/digwyddiadau/{event_id}")
    page.get_by_role("link", name=NONMEMBER["book"]).click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_label(WORDS["how many"]).select_option("2")
    page.get_by_role("button", name=WORDS["change count"]).click()
    page.get_by_label(NONMEMBER["your name"]).fill("Siân Prys")
    page.get_by_label(NONMEMBER["your email"]).fill("sian@cwmni.example")
    page.get_by_label(NONMEMBER["organisation"]).fill("Cwmni Diogelwch Cyf")
    page.get_by_label(NONMEMBER["address"]).fill("2 Stryd Fawr\nAberystwyth SY23 1AA")
    _fill(page, 1, "Siân Prys", "sian@cwmni.example")
    _fill(page, 2, "Gareth Huws", "gareth@cwmni.example")
    page.get_by_role("button", name=WORDS["show price"]).click()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    for row in range(2):
        expect(rows.nth(row)).to_contain_text("£60.00")
        expect(rows.nth(row)).to_contain_text(NONMEMBER["full price"])
    expect(page.get_by_role("table").locator("tfoot")).to_contain_text("£120.00")
    page.get_by_role("button", name=NONMEMBER["hold"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NONMEMBER["check email"])
    assert [status for _, _, status in _booked(live_site, event_id)] == ["booked", "booked"]  # held

    page.goto(_hold_link(live_site, "sian@cwmni.example"))
    expect(page.get_by_text("Cwmni Diogelwch Cyf")).to_be_visible()
    page.get_by_role("button", name=WORDS["confirm"]).click()
    expect(page.get_by_text(NONMEMBER["confirmed"])).to_be_visible()
    from wscn_site.extensions import db
    from wscn_site.models import Invoice, NonMemberBooking

    with live_site.app.app_context():
        assert db.session.execute(sa.select(NonMemberBooking.status)).scalars().all()[-1] == "confirmed"
        assert db.session.execute(sa.select(Invoice.amount_pence).order_by(Invoice.id.desc())).scalars().first() == 12000
