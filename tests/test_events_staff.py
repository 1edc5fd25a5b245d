"""Staff create, edit, publish and cancel events: the form's rules (prices, times in Europe/London),
the publishing guard (both languages), the audit trail, and who may reach the pages."""
import pytest
import sqlalchemy as sa

from event_helpers import NOW, form_data, make_event
from helpers import visible_text
from staff_helpers import audit_actions, member_client, post_form, staff_client
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models.events import Event

pytestmark = pytest.mark.db
NEW = "/en/staff/events/new"


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield


def _only_event(app):
    with app.app_context():
        event = db.session.execute(sa.select(Event)).scalar_one()
        db.session.expunge(event)
        return event


def test_staff_create_a_draft_with_times_read_in_london_and_prices_in_pence(app, portal, frozen):
    client = staff_client(app, portal)
    response = post_form(client, NEW, form_data(starts_on="14/10/2027", ends_time="16:30"))
    assert response.status_code == 302
    event = _only_event(app)
    assert (event.status, event.kind, event.capacity) == ("draft", "annual-conference", 120)
    assert clock.as_utc(event.starts_at).isoformat() == "2027-10-14T08:30:00+00:00"  # 09:30 BST
    assert clock.as_utc(event.ends_at).isoformat() == "2027-10-14T15:30:00+00:00"
    assert (event.full_price_pence, event.member_price_pence) == (8000, 6000)
    assert audit_actions(app)[-1] == "event.create"
    winter = post_form(client, NEW, form_data(starts_on="9/12/2027", starts_time="10:00", title_en="Winter"))
    assert winter.status_code == 302
    with app.app_context():
        december = db.session.execute(sa.select(Event).where(Event.title_en == "Winter")).scalar_one()
        assert clock.as_utc(december.starts_at).isoformat() == "2027-12-09T10:00:00+00:00"  # GMT


@pytest.mark.parametrize("kind, full, member, refused", [
    ("annual-conference", "80", "61", True),  # less than 25% off for a kind that promises it
    ("awards", "40", "30", False),  # exactly 25% off
    ("network-meeting", "60", "45.01", True),
    ("training", "50", "50", False),  # any member price up to the full price
    ("training", "50", "0", False),  # free included
    ("workshop", "20", "25", True),  # never above the full price
])
def test_the_member_price_keeps_to_the_offer(app, portal, frozen, kind, full, member, refused):
    client = staff_client(app, portal)
    response = post_form(client, NEW, form_data(kind=kind, full_price=full, member_price=member))
    assert (response.status_code == 200) is refused
    if refused:
        assert "Error:" in response.text and 'value="' + member + '"' in response.text  # keeps what was typed


def test_form_errors_are_in_the_pages_language_and_link_to_their_fields(app, portal, frozen):
    client = staff_client(app, portal, lang="cy")
    response = post_form(client, "/cy/staff/digwyddiadau/newydd",
                         form_data(kind="network-meeting", full_price="60", member_price="50", starts_on="31/02/2027",
                                   capacity="lots", ends_time="25:00", joining_link="http://x"))
    text = visible_text(response.text)
    assert response.status_code == 200 and "<title>Gwall:" in response.text
    assert "rhaid i bris aelodau fod o leiaf 25 y cant yn is na'r pris llawn" in text
    assert "Rhowch nifer y lleoedd fel rhif cyfan, er enghraifft 60" in text
    assert "Rhowch gyfeiriad gwe sy'n dechrau gyda https://" in text
    assert 'href="#starts_on"' in response.text and 'href="#capacity"' in response.text
    assert _count(app) == 0


def _count(app):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(Event)).scalar_one()


def test_an_event_must_end_after_it_starts(app, portal, frozen):
    client = staff_client(app, portal)
    response = post_form(client, NEW, form_data(starts_time="15:00", ends_time="14:00"))
    assert "The event must end after it starts" in visible_text(response.text) and _count(app) == 0


def test_publishing_needs_both_languages_complete(app, portal, frozen):
    with app.app_context():
        event_id = make_event(status="draft", title_cy="", description_en=" ")
    client = staff_client(app, portal)
    page = f"/en/staff/events/{event_id}"
    refused = post_form(client, page + "/publish", token_from=page)
    text = visible_text(refused.text)
    assert refused.status_code == 200 and "There is a problem" in text
    assert "Add the title in Welsh" in text and "Add the description in English" in text
    assert client.get(f"/en/events/{event_id}").status_code == 404
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.title_cy, event.description_en = "Cyfarfod", "A meeting."
        db.session.commit()
    assert post_form(client, page + "/publish", token_from=page).status_code == 302
    assert client.get(f"/en/events/{event_id}").status_code == 200
    assert _only_event(app).status == "published" and audit_actions(app)[-1] == "event.publish"


def test_a_published_event_stays_complete_when_edited(app, portal, frozen):
    with app.app_context():
        event_id = make_event()
    client = staff_client(app, portal)
    edit = f"/en/staff/events/{event_id}/edit"
    token_page = client.get(edit).text
    assert 'value="Cyfarfod rhwydwaith y gwanwyn"' in token_page and 'value="45"' in token_page
    data = form_data(kind="network-meeting", title_cy="", full_price="60", member_price="45")
    response = post_form(client, edit, data)
    assert "Your change has not been saved" in visible_text(response.text)
    assert _only_event(app).title_cy == "Cyfarfod rhwydwaith y gwanwyn"
    saved = post_form(client, edit, form_data(kind="network-meeting", full_price="60", member_price="45",
                                              capacity="55"))
    assert saved.status_code == 302 and _only_event(app).capacity == 55
    assert audit_actions(app)[-1] == "event.update"


def test_cancelling_says_so_publicly_and_is_audited(app, portal, frozen):
    with app.app_context():
        event_id = make_event()
    client = staff_client(app, portal)
    cancel = f"/en/staff/events/{event_id}/cancel"
    assert "This cannot be undone." in visible_text(client.get(cancel).text)
    assert post_form(client, cancel, {"reason": "Venue flooded"}).status_code == 302
    assert _only_event(app).status == "cancelled" and audit_actions(app)[-1] == "event.cancel"
    assert "Mae'r digwyddiad hwn wedi'i ganslo." in visible_text(client.get(f"/cy/digwyddiadau/{event_id}").text)
    assert post_form(client, cancel, token_from=f"/en/staff/events/{event_id}").status_code == 302  # once
    assert audit_actions(app).count("event.cancel") == 1
    edit = client.get(f"/en/staff/events/{event_id}/edit", follow_redirects=True)
    assert "A cancelled event cannot be changed." in visible_text(edit.text)


def test_only_staff_reach_the_event_tools(app, portal):
    anonymous = app.test_client().get("/en/staff/events/")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    assert member_client(app, portal).get("/en/staff/events/").status_code == 404
    welsh = staff_client(app, portal, lang="cy").get("/cy/staff/digwyddiadau/")
    assert welsh.status_code == 200 and "Ychwanegu digwyddiad" in visible_text(welsh.text)


def test_welsh_off_the_glossary_is_a_warning_not_a_refusal(app, portal, frozen):
    client = staff_client(app, portal)
    response = post_form(client, NEW, form_data(description_cy="Ymateb ymgynghoriad drafft.",
                                                description_en="A draft consultation response."))
    assert response.status_code == 302 and _count(app) == 1
    page = visible_text(client.get(response.location).text)
    assert "Description in Welsh: the site's glossary has “ymateb i ymgynghoriad”" in page
