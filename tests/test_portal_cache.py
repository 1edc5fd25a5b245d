"""Portal pages kept per login session (portal_cache.py): served again only to the session they were
built for, after its own session check, and never once the database, the day or the session changed."""
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from wscn_site import clock
from wscn_site.access import grace_ends
from wscn_site.extensions import db
from wscn_site.models import Resource
from wscn_site.models.public_version import PORTAL_ROW_ID, PublicVersion

pytestmark = pytest.mark.db
PAGES = ("/en/members/", "/en/members/library", "/cy/aelodau/llyfrgell?q=IOM")


def hits(app):
    return app.extensions["portal_cache"].hits


def portal_version(app):
    with app.app_context():
        return db.session.scalar(sa.select(PublicVersion.version).where(PublicVersion.id == PORTAL_ROW_ID))


@pytest.fixture
def member(app, portal, login):
    client = app.test_client()
    login(client, portal.users["member"])
    client.get("/en/members/")  # the session's CSRF secret is made here (a page that makes it is not kept)
    return client


def test_a_page_seen_again_is_the_same_page_served_from_the_cache(app, portal, member):
    briefing = portal.resources["briefing"]
    for path in (*PAGES, f"/en/members/resources/{briefing.id}"):
        first = member.get(path)
        before = hits(app)
        again = member.get(path)
        assert (first.status_code, again.status_code) == (200, 200)
        assert hits(app) == before + 1, path
        assert again.get_data() == first.get_data()
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
        assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
        assert "Set-Cookie" not in again.headers or "wscn_session=;" not in again.headers["Set-Cookie"]


def test_reading_pages_moves_no_version_and_a_change_does(app, portal, member):
    member.get("/en/members/")
    before = portal_version(app)
    for _ in range(3):
        member.get("/en/members/library")
    assert portal_version(app) == before
    with app.app_context():  # what the mail sender and cron commands run every few seconds: no row matched
        from wscn_site import outbox

        outbox.give_up_on_dead_claims()
        db.session.execute(sa.update(Resource).where(Resource.id == -1).values(title_en="Nothing"))
        db.session.commit()
    before_hits = hits(app)
    member.get("/en/members/library")
    assert portal_version(app) == before and hits(app) == before_hits + 1  # the kept page still serves
    with app.app_context():
        db.session.get(Resource, portal.resources["briefing"].id).title_en = "Renamed briefing"
        db.session.commit()
    assert portal_version(app) == before + 1


@pytest.mark.parametrize("how", ["object", "update statement", "text"])
def test_a_change_committed_by_another_process_shows_at_the_next_request(app, make_app, portal, member, how):
    """Another app on the same database stands for another worker or server: its cache is its own."""
    briefing = portal.resources["briefing"]
    path = f"/en/members/resources/{briefing.id}"
    assert briefing.title in member.get(path).text
    member.get("/en/members/")
    other = make_app(create_tables=False)
    with other.app_context():
        if how == "object":
            db.session.get(Resource, briefing.id).title_en = "Briefing as revised"
        elif how == "update statement":
            db.session.execute(sa.update(Resource).where(Resource.id == briefing.id)
                               .values(title_en="Briefing as revised"))
        else:
            db.session.execute(sa.text("UPDATE resource SET title_en = 'Briefing as revised' WHERE id = :id"),
                               {"id": briefing.id})
        db.session.commit()
    assert "Briefing as revised" in member.get(path).text
    assert "Briefing as revised" in member.get("/en/members/").text


def test_a_page_is_only_ever_served_to_the_session_it_was_built_for(app, portal, member, login):
    member.get("/en/members/")
    assert "You are logged in as Member." in member.get("/en/members/").text  # served from the cache
    colleague = app.test_client()
    login(colleague, portal.users["welsh_member"])
    for _ in range(3):
        page = colleague.get("/en/members/").text
        assert "You are logged in as Aelod." in page and "You are logged in as Member." not in page
    stranger = app.test_client()
    response = stranger.get("/en/members/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_after_logging_out_the_old_cookie_gets_no_page(app, portal, member):
    assert member.get("/en/members/library").status_code == 200
    kept = member.get_cookie("wscn_session")
    page = member.get("/en/members/")
    from factories import csrf_token
    member.post("/en/account/logout", data={"csrf_token": csrf_token(page.text)})
    replay = app.test_client()
    replay.set_cookie("wscn_session", kept.value, domain=kept.domain)
    response = replay.get("/en/members/library")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_a_resource_past_its_last_day_leaves_the_kept_pages_without_any_write(app, portal, login):
    """What a page lists turns with the date too: the day is part of the key. A member reads the
    library at 23:30 on a briefing's last day, stays logged in, and at 00:30 it is gone."""
    from factories import resource

    last_day = clock.today() + timedelta(days=10)
    with app.app_context():
        resource("Briefing that expires", expires_on=last_day)
        db.session.commit()
    client = app.test_client()
    with clock.frozen_at(clock.london_moment(last_day, time(23, 30))):
        login(client, portal.users["member"])
        for path in ("/en/members/library", "/en/members/"):
            for _ in range(3):
                assert "Briefing that expires" in client.get(path).text
    with clock.frozen_at(clock.london_moment(last_day + timedelta(days=1), time(0, 30))):
        for path in ("/en/members/library", "/en/members/"):
            page = client.get(path)
            assert page.status_code == 200 and portal.resources["briefing"].title in page.text
            assert "Briefing that expires" not in page.text, path


def test_a_lapsed_membership_gets_no_page_kept_while_it_was_a_member(app, portal, login):
    """The member stays logged in across midnight on the last day of the grace period; at 00:30 the
    library they were reading at 23:30 no longer lists what only members may see."""
    last_grace_day = grace_ends(clock.financial_year() + 1)
    client = app.test_client()
    with clock.frozen_at(clock.london_moment(last_grace_day, time(23, 30))):
        login(client, portal.users["member"])
        for _ in range(3):
            assert portal.resources["briefing"].title in client.get("/en/members/library").text
    with clock.frozen_at(clock.london_moment(last_grace_day + timedelta(days=1), time(0, 30))):
        page = client.get("/en/members/library")
    assert page.status_code == 200  # still logged in: the page says the membership has lapsed
    assert portal.resources["briefing"].title not in page.text


def test_a_message_waiting_is_shown_not_skipped(app, portal, member):
    member.get("/en/members/")
    with member.session_transaction() as session:
        session["_flashes"] = [("success", "Your preferences are saved")]
    assert "Your preferences are saved" in member.get("/en/members/").text
    assert "Your preferences are saved" not in member.get("/en/members/").text


def test_switched_off_every_visit_renders(make_app, portal, login):
    app = make_app(PORTAL_CACHE=False)
    client = app.test_client()
    login(client, portal.users["member"])
    for _ in range(3):
        assert client.get("/en/members/").status_code == 200
    assert hits(app) == 0
