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
