"""The demo data has two upcoming events (a network meeting, a virtual seminar) and a few bookings
of the demo organisation, which the portal links to; loading again adds nothing."""
import re

import pytest
import sqlalchemy as sa

from factories import log_in
from wscn_site.extensions import db
from wscn_site.models import Event, Place, User

pytestmark = pytest.mark.db


def test_demo_events_and_bookings_are_linked_from_the_portal(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    output = runner.invoke(args=["demo", "load"]).output
    password = re.search(r"member@example\.org\s+(\S+)", output).group(1)
    with app.app_context():
        booked = db.session.execute(sa.select(Place.price_reason, Place.event_id).where(  # the member's own
            Place.organisation_id == sa.select(User.organisation_id).where(User.email == "member@example.org")
            .scalar_subquery()).order_by(Place.id)).all()
        assert [reason for reason, _ in booked] == ["free", "free", "named"]  # loading twice added nothing
        meeting, seminar = (db.session.get(Event, booked[0][1]), db.session.get(Event, booked[2][1]))
        assert (meeting.kind, seminar.kind) == ("network-meeting", "virtual-seminar")
        assert all(e.title_cy and e.description_cy and e.status == "published" for e in (meeting, seminar))
        events = [seminar, meeting]
        meeting_en, meeting_cy = meeting.title_en, meeting.title_cy
    client = app.test_client()
    assert log_in(client, "member@example.org", password).status_code == 302
    dashboard = client.get("/en/members/")
    assert "/en/members/bookings" in dashboard.text
    bookings = client.get("/en/members/bookings").text
    assert meeting_en in bookings and f"/en/members/events/{events[1].id}/book" in bookings
    welsh = client.get("/cy/aelodau/archebion").text
    assert meeting_cy in welsh
    assert client.get(f"/en/members/events/{events[1].id}/book").status_code == 200
