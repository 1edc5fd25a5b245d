"""`flask demo load` gives `make run` a working portal and prints logins that work."""
import re

import pytest
import sqlalchemy as sa

from factories import log_in
from wscn_site.extensions import db
from wscn_site.models import BriffIssue, Resource, ResourceFile, User

pytestmark = pytest.mark.db


def logins_from(output):
    return {m.group(2): m.group(3) for m in re.finditer(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$", output, re.M)}


def test_demo_load_prints_working_logins_and_is_repeatable(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo", "load"])
    logins = logins_from(second.output)
    assert set(logins) == {"staff@safercommunities.example", "aelod@example.org", "member@example.org",
                           "lapsed@example.org"}
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(User.id))).scalar_one() == 4
        assert db.session.execute(sa.select(sa.func.count(Resource.id))).scalar_one() == 5
        files = db.session.execute(sa.select(ResourceFile)).scalars().all()
        assert {f.purpose for f in files} == {"document", "video", "captions"}
        issues = db.session.execute(sa.select(BriffIssue).order_by(BriffIssue.number)).scalars().all()
        assert [(i.number, i.is_published, len(i.items)) for i in issues] == [(1, True, 2), (2, True, 3), (3, False, 1)]
    client = app.test_client()
    briff = client.get("/en/briff/2").text
    assert "Serious Violence Duty: working with partners (demo)" in briff
    assert "IOM Cymru briefing now in the resource library (demo)" in briff  # members-only: title shown
    assert "Prevent Duty" not in briff and "log in to read" in briff  # confidential: title hidden too
    assert client.get("/en/briff/3").status_code == 404  # the draft
    assert log_in(client, "aelod@example.org", logins["aelod@example.org"], lang="cy").status_code == 302
    library = client.get("/cy/aelodau/llyfrgell").text
    assert "Papur briffio IOM Cymru (enghraifft)" in library
    assert "adolygiad staff" not in library  # the staff-only demo resource
    briff = client.get("/cy/briff/2").text
    assert "Dyletswydd Prevent: ymateb drafft y Rhwydwaith" in briff and "mewngofnodwch" not in briff


def test_demo_data_is_refused_in_production(make_app):
    app = make_app(PRODUCTION=True, WORKERS=1)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "never loaded in production" in result.output


def test_demo_events_show_upcoming_events_of_several_kinds(app):
    from wscn_site.models.events import Event

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # once, however often it runs
    with app.app_context():
        events = db.session.execute(sa.select(Event)).scalars().all()
    assert len(events) == 9
    assert {e.status for e in events} == {"published", "cancelled", "draft"}
    client = app.test_client()
    upcoming = client.get("/en/events").text
    for title in ("Spring network meeting (demo)", "Annual conference (demo)", "Community Safety Awards (demo)",
                  "Seminar: anti-social behaviour powers (demo)", "Workshop: the Home Office consultation (demo)"):
        assert title in upcoming
    assert "Winter network meeting (demo)" not in upcoming and "Data protection training" not in upcoming
    assert "Cyfarfod rhwydwaith y gaeaf (enghraifft)" in client.get("/cy/digwyddiadau/gorffennol").text
