"""The demo data has a full event with a waiting list: the demo member organisation's entry holds an
offer (linked from its bookings page, in both languages) and the colleague's entry waits behind it;
loading again adds nothing."""
import re

import pytest
import sqlalchemy as sa

from factories import log_in
from helpers import visible_text
from wscn_site.extensions import db
from wscn_site.models import WaitlistEntry

pytestmark = pytest.mark.db


def test_the_demo_has_a_full_event_with_an_offer_and_a_waiting_entry(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    output = runner.invoke(args=["demo", "load"]).output
    password = re.search(r"member@example\.org\s+(\S+)", output).group(1)
    with app.app_context():
        found = db.session.execute(sa.select(WaitlistEntry.id, WaitlistEntry.status, WaitlistEntry.places)
                                   .order_by(WaitlistEntry.position)).all()
        assert [(status, places) for _, status, places in found] == [("offered", 1), ("waiting", 2)]
        offered = found[0][0]
    client = app.test_client()
    assert log_in(client, "member@example.org", password).status_code == 302
    bookings = client.get("/en/members/bookings").text
    assert f"/en/members/waiting-list/{offered}" in bookings and "Waiting lists" in visible_text(bookings)
    offer = client.get(f"/en/members/waiting-list/{offered}")
    assert "A place is held for you until" in visible_text(offer.text) and "£20.00" in offer.text
    welsh = client.get("/cy/aelodau/archebion").text
    assert "Rhestrau aros" in visible_text(welsh) and f"/cy/aelodau/rhestr-aros/{offered}" in welsh
