"""The public event pages: lists in both languages with a filter by kind, an event's page with its
counterpart and schema.org data, booking open or closed and places left (never stale), cancellations."""
import json
import re
from datetime import timedelta

import pytest

from event_helpers import NOW, make_event
from helpers import hreflang_links, language_toggle, toggle_target, visible_text
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models.events import Event

pytestmark = pytest.mark.db


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield


def _event(app, **values):
    with app.app_context():
        return make_event(**values)


def test_upcoming_events_are_listed_in_each_language_after_the_pages_introduction(app, client, frozen):
    _event(app)
    _event(app, title_en="Draft training", title_cy="Hyfforddiant drafft", status="draft", kind="training")
    english = client.get("/en/events")
    welsh = client.get("/cy/digwyddiadau")
    assert english.status_code == welsh.status_code == 200
    text, testun = visible_text(english.text), visible_text(welsh.text)
    assert "Our events are for members and partners across Wales." in text
    assert "Spring network meeting" in text and "Draft training" not in text
    assert "Cyfarfod rhwydwaith y gwanwyn" in testun and "Hyfforddiant drafft" not in testun
    assert "Events in 2022" not in text
    assert "Thursday, 3 June 2027, 09:30 to 16:00" in text  # London time (BST), through Babel
    assert "Dydd Iau, 3 Mehefin 2027, 09:30 i 16:00" in testun
    assert "Booking is open. 40 places left" in text
    assert "Mae archebu ar agor. 40 lle ar ôl" in testun


def test_the_list_filters_by_kind_and_says_when_none_are_left(app, client, frozen):
    _event(app)
    _event(app, kind="workshop", title_en="Consultation workshop", title_cy="Gweithdy ymgynghori",
           full_price_pence=0, member_price_pence=0)
    text = visible_text(client.get("/en/events?kind=workshop").text)
    assert "Consultation workshop" in text and "Spring network meeting" not in text
    assert "There are no events of this kind." in visible_text(client.get("/en/events?kind=awards").text)
    assert "Does dim digwyddiadau o'r math hwn." in visible_text(client.get("/cy/digwyddiadau?kind=awards").text)
    everything = visible_text(client.get("/en/events?kind=../../etc").text)  # an unknown kind: all events
    assert "Consultation workshop" in everything and "Spring network meeting" in everything


def test_past_events_have_their_own_list_in_each_language(app, client, frozen):
    _event(app, days=-10, title_en="Winter network meeting", title_cy="Cyfarfod rhwydwaith y gaeaf")
    _event(app)
    assert "Winter network meeting" not in visible_text(client.get("/en/events").text)
    past = visible_text(client.get("/en/events/past").text)
    assert "Winter network meeting" in past and "Spring network meeting" not in past
    gorffennol = client.get("/cy/digwyddiadau/gorffennol")
    assert gorffennol.status_code == 200 and "Cyfarfod rhwydwaith y gaeaf" in visible_text(gorffennol.text)
    assert toggle_target(language_toggle(gorffennol.text)) == "/en/events/past"


def test_an_event_page_links_to_its_counterpart_and_carries_schema_org_data(app, client, frozen):
    event_id = _event(app)
    page = client.get(f"/en/events/{event_id}")
    assert page.status_code == 200
    assert toggle_target(language_toggle(page.text)) == f"/cy/digwyddiadau/{event_id}"
    assert hreflang_links(page.text)["cy"].endswith(f"/cy/digwyddiadau/{event_id}")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1))
    assert data["@type"] == "Event" and data["name"] == "Spring network meeting"
    assert data["startDate"] == "2027-06-03T09:30:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Cardiff City Hall"
    assert data["offers"]["price"] == "60.00" and data["offers"]["availability"] == "https://schema.org/InStock"
    text = visible_text(page.text)
    assert "£60; member organisations £45 Each member organisation has 3 free places." in text
    welsh = visible_text(client.get(f"/cy/digwyddiadau/{event_id}").text)
    assert "Cyfarfod rhwydwaith y gwanwyn" in welsh and "strydoedd mwy diogel" in welsh
    assert "Mae gan bob sefydliad sy'n aelod 3 lle am ddim." in welsh


def test_a_draft_or_unknown_event_is_not_found(app, client, frozen):
    draft = _event(app, status="draft")
    assert client.get(f"/en/events/{draft}").status_code == 404
    assert client.get(f"/en/events/{draft}.ics").status_code == 404
    assert client.get("/cy/digwyddiadau/99999").status_code == 404


def test_staff_markdown_in_a_description_is_sanitised(app, client, frozen):
    event_id = _event(app, description_en='Hello <script>alert(1)</script> [x](javascript:alert(1))')
    html = client.get(f"/en/events/{event_id}").text
    assert "<script>alert" not in html and "javascript:" not in html


def test_a_cancelled_event_says_so_in_both_languages(app, client, frozen):
    event_id = _event(app, status="cancelled", cancelled_at=NOW)
    for path in (f"/en/events/{event_id}", f"/cy/digwyddiadau/{event_id}"):
        text = visible_text(client.get(path).text)
        assert "This event has been cancelled." in text and "Mae'r digwyddiad hwn wedi'i ganslo." in text
        assert "Booking is open" not in text
    listed = visible_text(client.get("/cy/digwyddiadau").text)
    assert "Cyfarfod rhwydwaith y gwanwyn" in listed and "Wedi'i ganslo" in listed
    assert '"eventStatus": "https://schema.org/EventCancelled"' in client.get(f"/en/events/{event_id}").text


def test_booking_state_follows_the_clock_and_is_never_kept_stale(app, client):
    """The pages are never cached: a booking window closing (no write at all) shows at once, and so
    does a change of places, even for an anonymous visitor whose earlier copy could have been kept."""
    event_id = _event(app, booking_opens_at=NOW + timedelta(days=1), booking_closes_at=NOW + timedelta(days=5))
    path = f"/en/events/{event_id}"
    with clock.frozen_at(NOW):
        first = client.get(path)
        assert "Booking has not opened yet." in visible_text(first.text)
        assert first.headers["Cache-Control"] == "no-cache"  # no s-maxage: no shared cache keeps it
    with clock.frozen_at(NOW + timedelta(days=2)):
        assert "Booking is open. 40 places left" in visible_text(client.get(path).text)
        with app.app_context():
            db.session.get(Event, event_id).capacity = 1
            db.session.commit()
        assert "Booking is open. 1 place left" in visible_text(client.get(path).text)
        assert "1 place left" in visible_text(client.get("/en/events").text)
    with clock.frozen_at(NOW + timedelta(days=6)):
        assert "Booking has closed." in visible_text(client.get(path).text)
        assert "Booking has closed." in visible_text(client.get("/en/events").text)
    cache = app.extensions["page_cache"]
    assert cache.hits == 0  # no event page came from the page cache...
    client.get(f"/en/events/{event_id}.ics")
    client.get(f"/en/events/{event_id}.ics")
    assert cache.hits == 1  # ...which is on: the .ics file (no places, no booking state) is kept


def test_a_past_event_is_no_longer_bookable(app, client):
    event_id = _event(app)
    with clock.frozen_at(NOW + timedelta(days=31)):
        assert "This event has taken place." in visible_text(client.get(f"/en/events/{event_id}").text)


def test_the_events_pages_are_in_the_sitemap_in_both_languages(app, client, frozen):
    event_id = _event(app)
    draft = _event(app, status="draft")
    xml = client.get("/sitemap.xml").text
    for path in ("/en/events", "/cy/digwyddiadau", "/en/events/past", "/cy/digwyddiadau/gorffennol",
                 f"/en/events/{event_id}", f"/cy/digwyddiadau/{event_id}"):
        assert f"https://safercommunities.example{path}</loc>" in xml
    assert f"/en/events/{draft}<" not in xml
