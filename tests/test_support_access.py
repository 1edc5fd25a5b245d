"""Nobody sees another organisation's support requests, or any once their organisation has lapsed:
pages, replies, files and lists, by URL, in both languages (the leak tests of support requests)."""
import pytest
import sqlalchemy as sa

from factories import PDF, csrf_token
from helpers import visible_text
from support_helpers import (DESCRIPTION, FILE, LIST, NEW, PAGE, QUEUE, REPLY, STAFF_PAGE, build_people,
                             client_for, latest_request, open_request)
from wscn_site.extensions import db
from wscn_site.models import Membership, SupportMessage, User

pytestmark = pytest.mark.db


@pytest.fixture
def opened(app):
    with app.app_context():
        people = build_people()
    open_request(client_for(app, people, "member"), files=(("confidential-terms.pdf", PDF),))
    return people, latest_request(app)


def routes(support):
    file_id, name, _ = support.files[0]
    return [PAGE["en"].format(support.id), PAGE["cy"].format(support.id), REPLY["en"].format(support.id),
            FILE["en"].format(file_id, name), FILE["cy"].format(file_id, name),
            STAFF_PAGE["en"].format(support.id), STAFF_PAGE["cy"].format(support.id)]


def lists():
    return [LIST["en"], LIST["cy"], QUEUE["en"], QUEUE["cy"], "/en/members/", "/cy/aelodau/"]


def assert_nothing_of(response):
    assert DESCRIPTION not in response.text and "ŵ ŷ" not in response.text
    # (the address asked for comes back in links to it and in a redirect to log in; no page's own text
    # names the file)
    if response.status_code != 302:
        assert "confidential-terms.pdf" not in visible_text(response.text)
    assert PDF not in response.data


def deactivate(app, people, who):
    with app.app_context():
        db.session.get(User, people.ids[who]).active = False
        db.session.commit()


@pytest.mark.parametrize("who", ["anonymous", "other", "lapsed", "deactivated"])
def test_outsiders_get_no_request_no_file_and_no_text_by_any_route(app, opened, who):
    people, support = opened
    client = client_for(app, people, "member" if who == "deactivated" else who)
    if who == "deactivated":
        deactivate(app, people, "member")
    for path in routes(support):
        response = client.get(path)
        assert_nothing_of(response)
        expected = (302,) if who in ("anonymous", "deactivated") else (404,)
        if "/reply" in path and who in ("other", "lapsed"):
            expected = (404,)
        assert response.status_code in expected, (who, path, response.status_code)
    for path in lists():
        assert_nothing_of(client.get(path))


@pytest.mark.parametrize("who", ["other", "lapsed"])
def test_outsiders_cannot_reply_to_a_request(app, opened, who):
    people, support = opened
    client = client_for(app, people, who)
    token = csrf_token(client.get(LIST["en"]).text)
    response = client.post(REPLY["en"].format(support.id), data={"csrf_token": token, "body": "Let me in"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(SupportMessage)).scalar_one() == 0


def test_a_lapsed_organisations_people_can_no_longer_open_or_read_requests(app, opened):
    people, support = opened
    client = client_for(app, people, "member")
    assert client.get(PAGE["en"].format(support.id)).status_code == 200
    with app.app_context():
        db.session.execute(sa.update(Membership).where(Membership.organisation_id == people.ours)
                           .values(status="lapsed"))
        db.session.commit()
    for path in routes(support):
        response = client.get(path)
        assert response.status_code == 404 and PDF not in response.data
        assert DESCRIPTION not in response.text
    listing = client.get(LIST["en"])
    assert listing.status_code == 200 and "membership is not current" in listing.text
    assert DESCRIPTION not in listing.text and f"/{support.id}" not in listing.text
    welsh = client.get(NEW["cy"])
    assert "Nid yw aelodaeth eich sefydliad yn gyfredol" in welsh.text and 'name="description"' not in welsh.text
    refused = open_request_as_lapsed(client)
    assert refused.status_code == 403
    assert latest_request(app).id == support.id


def open_request_as_lapsed(client):
    token = csrf_token(client.get("/en/account").text)
    return client.post(NEW["en"], data={"csrf_token": token, "kind": "governance", "description": "Help",
                                        "language": "en"})


def test_the_lapsed_organisations_own_member_sees_no_form_to_ask(app, opened):
    people, _support = opened
    client = client_for(app, people, "lapsed")
    page = client.get(NEW["en"])
    assert page.status_code == 200 and "membership is not current" in page.text
    assert open_request_as_lapsed(client).status_code == 403


def test_staff_see_every_organisations_request_and_file(app, opened):
    people, support = opened
    staff = client_for(app, people, "staff")
    file_id, name, _ = support.files[0]
    assert DESCRIPTION in staff.get(STAFF_PAGE["en"].format(support.id)).text
    download = staff.get(FILE["en"].format(file_id, name))
    assert download.status_code == 200 and download.data == PDF
    assert staff.get(FILE["en"].format(file_id, "other-name.pdf")).status_code == 404
