"""Login sessions live on the server: logging out ends them for good, and they lapse when idle or old."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import PASSWORD, csrf_token, log_in
from helpers import visible_text

from wscn_site import clock

pytestmark = pytest.mark.db


def log_out(client, path="/en/account/logout"):
    return client.post(path, data={"csrf_token": csrf_token(client.get("/en/members/").text)})


def copy_of(client, app):
    """Another browser holding the same session cookie (as an attacker who saved it would)."""
    other = app.test_client()
    other.set_cookie("wscn_session", client.get_cookie("wscn_session").value)
    return other


@contextmanager
def statements(app):
    """Every SQL statement the app sends while the block runs."""
    from wscn_site.extensions import db

    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_a_cookie_saved_before_logging_out_no_longer_opens_the_portal(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    saved = copy_of(client, app)
    assert saved.get("/en/members/").status_code == 200
    assert log_out(client).status_code == 302
    assert saved.get("/en/members/").status_code == 302
    assert saved.get("/cy/aelodau/").status_code == 302


def test_logging_out_ends_only_that_session(app, portal):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, portal.users["member"].email)
    log_in(phone, portal.users["member"].email)
    log_out(laptop)
    assert laptop.get("/en/members/").status_code == 302
    assert phone.get("/en/members/").status_code == 200


def test_log_out_everywhere_ends_every_session(app, portal):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, portal.users["welsh_member"].email, lang="cy")
    log_in(phone, portal.users["welsh_member"].email)
    saved = copy_of(laptop, app)
    page = laptop.get("/cy/cyfrif")
    assert "Allgofnodi ym mhobman" in visible_text(page.text)
    done = laptop.post("/cy/cyfrif/allgofnodi-ym-mhobman", data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 302 and done.headers["Location"] == "/cy/cyfrif/mewngofnodi"
    assert "Rydych wedi allgofnodi ar bob dyfais a phorwr" in visible_text(laptop.get(done.headers["Location"]).text)
    for client in (laptop, phone, saved):
        assert client.get("/en/members/").status_code == 302


def test_log_out_everywhere_needs_csrf(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    assert client.post("/en/account/logout-everywhere").status_code == 400
    assert client.get("/en/members/").status_code == 200


def test_a_session_ends_after_two_idle_hours(app, portal):
    start = clock.now()
    client = app.test_client()
    with clock.frozen_at(start):
        log_in(client, portal.users["member"].email)
    for minutes in (119, 238, 357):  # each visit within two hours of the one before keeps it alive
        with clock.frozen_at(start + timedelta(minutes=minutes)):
            assert client.get("/en/members/").status_code == 200, minutes
    with clock.frozen_at(start + timedelta(minutes=357 + 120)):
        assert client.get("/en/members/").status_code == 302


def test_a_session_ends_twelve_hours_after_logging_in_however_busy(app, portal):
    start = clock.now()
    client = app.test_client()
    with clock.frozen_at(start):
        log_in(client, portal.users["member"].email)
    for hours in range(1, 12):
        with clock.frozen_at(start + timedelta(hours=hours)):
            assert client.get("/en/members/").status_code == 200, hours
    with clock.frozen_at(start + timedelta(hours=12)):
        assert client.get("/en/members/").status_code == 302


def test_idle_time_and_lifetime_are_settings(make_app):
    from factories import build_portal

    app = make_app(SESSION_IDLE_MINUTES=5, SESSION_LIFETIME_HOURS=1)
    with app.app_context():
        people = build_portal()
    start = clock.now()
    idle, busy = app.test_client(), app.test_client()
    with clock.frozen_at(start):
        log_in(idle, people.users["member"].email)
        log_in(busy, people.users["member"].email)
    for minutes in (4, 8, 12, 16):
        with clock.frozen_at(start + timedelta(minutes=minutes)):
            assert busy.get("/en/members/").status_code == 200
    with clock.frozen_at(start + timedelta(minutes=16)):
        assert idle.get("/en/members/").status_code == 302
    for minutes in range(20, 60, 4):
        with clock.frozen_at(start + timedelta(minutes=minutes)):
            busy.get("/en/members/")
    with clock.frozen_at(start + timedelta(minutes=60)):
        assert busy.get("/en/members/").status_code == 302


def test_the_idle_clock_is_written_at_most_once_a_minute(app, portal):
    start = clock.now()
    client = app.test_client()
    with clock.frozen_at(start):
        log_in(client, portal.users["member"].email)
    with statements(app) as seen:
        for seconds in (5, 20, 40, 59):
            with clock.frozen_at(start + timedelta(seconds=seconds)):
                assert client.get("/en/account").status_code == 200
    assert [s for s in seen if s.startswith("UPDATE")] == []
    with statements(app) as seen:
        for seconds in (61, 70, 100):
            with clock.frozen_at(start + timedelta(seconds=seconds)):
                assert client.get("/en/account").status_code == 200
    assert len([s for s in seen if s.startswith("UPDATE login_session")]) == 1


def test_the_session_check_is_one_query(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    with statements(app) as seen:
        assert client.get("/en/account").status_code == 200  # a page that needs nothing but the user
    selects = [s for s in seen if s.startswith("SELECT")]
    assert len(selects) == 1 and "JOIN login_session" in selects[0], seen


def test_the_database_holds_no_usable_session_key(app, portal):
    from wscn_site.extensions import db

    client = app.test_client()
    log_in(client, portal.users["member"].email)
    with app.app_context():
        stored = db.session.execute(sa.text("SELECT id FROM login_session")).scalars().all()
    cookie = client.get_cookie("wscn_session").value
    assert len(stored) == 1 and stored[0] not in cookie


def test_a_new_password_on_the_account_page_ends_other_sessions_but_not_this_one(app, portal):
    client, elsewhere = app.test_client(), app.test_client()
    log_in(client, portal.users["member"].email)
    log_in(elsewhere, portal.users["member"].email)
    page = client.get("/en/account")
    done = client.post("/en/account/password", data={
        "current_password": PASSWORD, "password": "lighthouse marmalade tractor", "confirm": "lighthouse marmalade tractor",
        "csrf_token": csrf_token(page.text)})
    assert done.status_code == 302 and done.headers["Location"] == "/en/account"
    assert "You have been logged out everywhere else" in visible_text(client.get("/en/account").text)
    assert client.get("/en/members/").status_code == 200
    assert elsewhere.get("/en/members/").status_code == 302
    assert log_in(app.test_client(), portal.users["member"].email, "lighthouse marmalade tractor").status_code == 302


def test_deactivation_ends_every_session_for_good(app, portal):
    from wscn_site.extensions import db
    from wscn_site.models import User
    from wscn_site.staff.operations import set_active

    client = app.test_client()
    log_in(client, portal.users["member"].email)
    with app.app_context():
        member, staff = db.session.get(User, portal.users["member"].id), db.session.get(User, portal.users["staff"].id)
        set_active(member, False, staff)
        set_active(member, True, staff)  # reactivated: the old session stays ended
    assert client.get("/en/members/").status_code == 302
