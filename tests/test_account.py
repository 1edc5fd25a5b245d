"""The account page, in both languages: name, preferred language, a new password."""
import pytest
from factories import PASSWORD, csrf_token, log_in
from helpers import find_all, html_lang, visible_text

pytestmark = pytest.mark.db


def test_the_account_page_is_linked_from_the_portal_in_both_languages(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    assert find_all(client.get("/en/members/").text, "a", href="/en/account")
    welsh = client.get("/cy/aelodau/").text
    assert find_all(welsh, "a", href="/cy/cyfrif")
    page = client.get("/cy/cyfrif")
    assert page.status_code == 200 and html_lang(page.text) == "cy"
    text = visible_text(page.text)
    for words in ("Eich cyfrif", "Eich manylion", "Newid eich cyfrinair", "Eich cyfrinair presennol"):
        assert words in text
    assert page.headers["Cache-Control"].endswith("no-store")


def test_the_account_page_needs_a_login(app, portal):
    response = app.test_client().get("/cy/cyfrif")
    assert response.status_code == 302 and response.headers["Location"].startswith("/cy/cyfrif/mewngofnodi")


def test_name_and_language_are_saved(app, portal):
    from wscn_site.extensions import db
    from wscn_site.models import User

    client = app.test_client()
    log_in(client, portal.users["member"].email)
    page = client.get("/en/account").text
    done = client.post("/en/account/details", data={"name": "Siân Ŵyn", "language": "cy",
                                                    "csrf_token": csrf_token(page)})
    assert done.status_code == 302 and done.headers["Location"] == "/en/account"
    assert "Your details have been saved." in visible_text(client.get("/en/account").text)
    with app.app_context():
        person = db.session.get(User, portal.users["member"].id)
        assert (person.name, person.language) == ("Siân Ŵyn", "cy")


def test_missing_name_shows_the_error_summary_in_welsh(app, portal):
    client = app.test_client()
    log_in(client, portal.users["welsh_member"].email, lang="cy")
    page = client.get("/cy/cyfrif").text
    response = client.post("/cy/cyfrif/manylion", data={"name": " ", "language": "xx", "csrf_token": csrf_token(page)})
    assert response.status_code == 200
    assert "<title>Gwall:" in response.text and 'href="#name"' in response.text
    text = visible_text(response.text)
    assert "Mae problem wedi codi" in text and "Rhowch eich enw" in text and "Dewiswch yr iaith sydd orau gennych" in text


def test_changing_the_password_needs_the_current_one(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    page = client.get("/en/account").text
    response = client.post("/en/account/password", data={
        "current_password": "not my password", "password": "lighthouse marmalade tractor",
        "confirm": "lighthouse marmalade tractor", "csrf_token": csrf_token(page)})
    assert response.status_code == 200 and "<title>Error:" in response.text
    assert "Your current password is not correct" in visible_text(response.text)
    assert 'href="#current_password"' in response.text
    assert log_in(app.test_client(), portal.users["member"].email, PASSWORD).status_code == 302
