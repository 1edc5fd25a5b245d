"""Nothing confidential reaches anyone not entitled to it, by any route."""
import pytest
from factories import PDF, log_in

pytestmark = pytest.mark.db

HIDDEN_FROM_MEMBERS = ("staff_only", "draft", "expired")


def resource_path(portal, key, lang="en"):
    base = "/en/members/resources" if lang == "en" else "/cy/aelodau/adnoddau"
    return f"{base}/{portal.resources[key].id}"


def file_path(portal, key, lang="en"):
    base = "/en/members/files" if lang == "en" else "/cy/aelodau/ffeiliau"
    stored = portal.files[key]
    return f"{base}/{stored.id}/{stored.name}"


def every_route(portal, key):
    """Each way someone might reach a resource or its file."""
    title = portal.resources[key].title
    return [
        resource_path(portal, key), resource_path(portal, key, "cy"),
        file_path(portal, key), file_path(portal, key, "cy"),
        f"/en/members/library?q={title.split()[0]}", f"/cy/aelodau/llyfrgell?q={title.split()[0]}",
        "/en/members/library", "/en/members/", "/cy/aelodau/", "/sitemap.xml", "/en/", "/robots.txt",
    ]


def assert_nothing_of(response, portal, key):
    title = portal.resources[key].title
    assert title not in response.text and portal.resources[key].title_cy not in response.text
    assert PDF not in response.data


def client_for(app, portal, who):
    client = app.test_client()
    if who == "deactivated":
        log_in(client, portal.users["member"].email)
        from wscn_site.extensions import db
        from wscn_site.models import User

        with app.app_context():
            db.session.get(User, portal.users["member"].id).active = False
            db.session.commit()
    elif who != "anonymous":
        assert log_in(client, portal.users[who].email).status_code == 302
    return client


@pytest.mark.parametrize("who", ["anonymous", "lapsed", "deactivated"])
@pytest.mark.parametrize("key", ["briefing", "staff_only", "draft", "expired", "seminar"])
def test_outsiders_get_no_file_and_no_title_by_any_route(app, portal, who, key):
    client = client_for(app, portal, who)
    for path in every_route(portal, key):
        response = client.get(path)
        assert_nothing_of(response, portal, key)
        if "/members/" in path or "/aelodau/" in path:
            expected = (302,) if who in ("anonymous", "deactivated") else (200, 404)
            assert response.status_code in expected, (who, path, response.status_code)


@pytest.mark.parametrize("key", HIDDEN_FROM_MEMBERS)
def test_a_member_gets_nothing_of_staff_only_unpublished_or_expired_resources(app, portal, key):
    client = client_for(app, portal, "member")
    for path in every_route(portal, key):
        response = client.get(path)
        assert_nothing_of(response, portal, key)
    assert client.get(resource_path(portal, key)).status_code == 404
    assert client.get(file_path(portal, key)).status_code == 404


def test_a_member_of_a_current_organisation_sees_and_downloads(app, portal):
    client = client_for(app, portal, "member")
    library = client.get("/en/members/library").text
    assert "IOM Cymru briefing" in library and "Recorded seminar on ASB" in library
    for key in HIDDEN_FROM_MEMBERS:
        assert portal.resources[key].title not in library
    response = client.get(file_path(portal, "briefing"))
    assert response.status_code == 200 and response.data == PDF


def test_staff_see_everything(app, portal):
    client = client_for(app, portal, "staff")
    library = client.get("/en/members/library").text
    for item in portal.resources.values():
        assert item.title in library
    assert client.get(file_path(portal, "staff_only")).data == PDF


@pytest.mark.parametrize("who", ["anonymous", "member", "lapsed"])
def test_guessed_ids_and_paths_find_nothing(app, portal, who):
    client = client_for(app, portal, who)
    stored = portal.files["staff_only"]
    guesses = [
        "/en/members/resources/0", "/en/members/resources/999999", "/en/members/files/999999/x.pdf",
        f"/en/members/files/{stored.id}/other-name.pdf",
        f"/static/../instance/private/{stored.storage_name[:2]}/{stored.storage_name}",
        f"/instance/private/{stored.storage_name[:2]}/{stored.storage_name}",
        f"/private/{stored.storage_name}", f"/static/{stored.storage_name}",
        f"/en/members/files/{stored.id}/..%2F..%2F..%2Fwsgi.py",
        f"/en/members/files/{stored.id}/../../../setup.cfg",
    ]
    for path in guesses:
        response = client.get(path)
        assert response.status_code in (302, 404), path
        assert PDF not in response.data and "Prevent staff note" not in response.text


def test_private_files_live_outside_static(app, portal):
    from pathlib import Path

    private = Path(app.config["PRIVATE_DIR"]).resolve()
    static = Path(app.static_folder).resolve()
    assert not private.is_relative_to(static)
    stored = portal.files["briefing"]
    on_disk = list(private.rglob(stored.storage_name))
    assert len(on_disk) == 1 and on_disk[0].read_bytes() == PDF
    assert not list(private.rglob("*.pdf")), "files must not be stored under their uploaded names"


# --- item 16: membership per financial year, "today" in London ---------------------------------------

import sqlalchemy as sa  # noqa: E402

from wscn_site.extensions import db  # noqa: E402


def _at_london(*args):
    from datetime import datetime

    from wscn_site.clock import LONDON

    return datetime(*args, tzinfo=LONDON)


def test_renewing_early_for_next_year_keeps_this_years_access_across_the_year_end(app):
    """31 March 23:30 and 1 April 00:30 London time (BST: 22:30 and 23:30 UTC on 31 March)."""
    from factories import organisation, user
    from staff_helpers import post_form
    from wscn_site import clock
    from wscn_site.access import is_entitled
    from wscn_site.models import Organisation, User

    with app.app_context():
        renewed, ending = organisation("Renewed Council", year=2026), organisation("Ending Council", year=2026)
        user("renewed@example.org", org=renewed)
        user("ending@example.org", org=ending)
        user("staff@example.org", role="staff")
        db.session.commit()
        renewed_id = renewed.id
    staff = app.test_client()
    with clock.frozen_at(_at_london(2027, 3, 10, 12, 0)):  # renewed early, in March, for 2027-28
        assert log_in(staff, "staff@example.org").status_code == 302
        response = post_form(staff, f"/en/staff/organisations/{renewed_id}", {
            "name_cy": "Cyngor", "name_en": "Renewed Council", "kind": "local-authority", "budget_band": "medium",
            "membership_status": "member", "membership_year": "2027"})
        assert response.status_code == 302

    def entitled(email):
        with app.app_context():
            return is_entitled(db.session.execute(sa.select(User).where(User.email == email)).scalar_one())

    with clock.frozen_at(_at_london(2027, 3, 31, 23, 30)):
        assert clock.financial_year() == 2026
        assert entitled("renewed@example.org") and entitled("ending@example.org")
        with app.app_context():
            assert {m.year for m in db.session.get(Organisation, renewed_id).memberships} == {2026, 2027}
    with clock.frozen_at(_at_london(2027, 4, 1, 0, 30)):  # the grace period (30 days) keeps access, with a notice
        assert clock.financial_year() == 2027
        assert entitled("renewed@example.org") and entitled("ending@example.org")
        reader = app.test_client()
        assert log_in(reader, "ending@example.org").status_code == 302
        assert "membership for 2027–28 has not been renewed" in reader.get("/en/members/").text
    with clock.frozen_at(_at_london(2027, 5, 1, 0, 30)):  # and ends after 30 April
        assert entitled("renewed@example.org") and not entitled("ending@example.org")
        reader = app.test_client()
        assert log_in(reader, "ending@example.org").status_code == 302
        assert "membership is not current" in reader.get("/en/members/").text


def test_migration_turns_each_organisations_status_and_year_into_a_membership_row(make_app):
    from flask_migrate import upgrade

    from wscn_site.models import Organisation

    app = make_app(create_tables=False)
    with app.app_context():
        upgrade(revision="5d1c0a7e2b94")
        for ident, status, year in ((1, "member", 2026), (2, "lapsed", 2025), (3, "prospective", None)):
            db.session.execute(sa.text(
                "INSERT INTO organisation (id, name_en, name_cy, kind, membership_status, membership_year, created_at) "
                "VALUES (:id, 'O', 'O', 'other', :status, :year, '2026-11-26 09:00:00+00')"),
                {"id": ident, "status": status, "year": year})
        db.session.commit()
        upgrade()
        rows = {o.id: [(m.year, m.status) for m in o.memberships]
                for o in db.session.execute(sa.select(Organisation)).scalars()}
    assert rows == {1: [(2026, "member")], 2: [(2025, "lapsed")], 3: []}


@pytest.mark.parametrize("who", ["anonymous", "lapsed", "deactivated", "other-organisation"])
def test_outsiders_see_no_organisations_question_to_the_annual_meeting(app, portal, who):
    """A question is its organisation's (access.owned_by) until staff publish it: no route shows it."""
    from factories import organisation, user
    from meeting_helpers import meeting
    from wscn_site.extensions import db
    from wscn_site.meetings import operations
    from wscn_site.models import Meeting, User

    with app.app_context():
        meeting_id = meeting()
        asker = db.session.get(User, portal.users["welsh_member"].id)
        question = operations.ask(db.session.get(Meeting, meeting_id), asker, "board", "cy", "Cwestiwn preifat ŵ ŷ")
        question_id = question.id
        user("other@example.org", org=organisation("Other Council"))
        db.session.commit()
    if who == "other-organisation":
        client = app.test_client()
        assert log_in(client, "other@example.org").status_code == 302
    else:
        client = client_for(app, portal, who)
    routes = ["/en/members/annual-meeting", "/cy/aelodau/cyfarfod-blynyddol", f"/en/members/annual-meeting/{meeting_id}",
              f"/cy/aelodau/cyfarfod-blynyddol/{meeting_id}", f"/en/staff/annual-meeting/{meeting_id}",
              f"/cy/staff/cyfarfod-blynyddol/{meeting_id}", f"/en/staff/annual-meeting/questions/{question_id}",
              f"/cy/staff/cyfarfod-blynyddol/cwestiynau/{question_id}", "/en/members/", "/cy/aelodau/"]
    for path in routes:
        response = client.get(path)
        assert "Cwestiwn preifat" not in response.text, path
        meeting_page = "annual-meeting" in path or "cyfarfod-blynyddol" in path
        if "/staff/" in path or (meeting_page and who != "other-organisation"):
            assert response.status_code in (302, 404), path


def test_consultation_comments_reach_only_current_members_and_name_organisations_only_as_chosen(app):
    """Another organisation's member reads a comment without its organisation (unless shown); a
    lapsed organisation's person, a visitor and a deactivated person reach no page, comment or CSV."""
    from consultation_helpers import EN, STAFF, build, open_consultation
    from factories import csrf_token

    with app.app_context():
        data = build()
        opened = open_consultation(data)
    author = app.test_client()
    log_in(author, "member@example.org")
    page = f"{EN['en']}/{opened}"
    author.post(page, data={"csrf_token": csrf_token(author.get(page).text), "body": "Our private view ŵŷ"})
    other = app.test_client()
    log_in(other, "other@example.org")
    seen = other.get(page).text
    assert "Our private view ŵŷ" in seen and "Example County Council" not in seen
    routes = [EN["en"], EN["cy"], page, f"{EN['cy']}/{opened}", STAFF["en"], f"{STAFF['en']}/{opened}",
              f"{STAFF['en']}/{opened}/comments.csv", f"{STAFF['cy']}/{opened}/sylwadau.csv"]
    lapsed = app.test_client()
    log_in(lapsed, "lapsed@example.org")
    for path in routes:
        answer = lapsed.get(path)
        assert answer.status_code == 404 and "Our private view" not in answer.text, path
    visitor = app.test_client()
    for path in routes:
        answer = visitor.get(path)
        assert answer.status_code == 302 and "Our private view" not in answer.text, path
    for path in routes[4:]:
        assert other.get(path).status_code == 404, path  # staff pages and the CSV: staff only
    for path in ("/sitemap.xml", "/en/", "/en/briff/feed.xml"):
        assert "consultation" not in visitor.get(path).text.lower()
