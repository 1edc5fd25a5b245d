"""Logging in and out, in either language, without revealing who has an account."""
import re

import pytest
from factories import PASSWORD, csrf_token, log_in
from helpers import html_lang, visible_text

pytestmark = pytest.mark.db


def test_member_logs_in_and_reaches_the_portal(app, portal):
    client = app.test_client()
    response = log_in(client, portal.users["member"].email)
    assert response.status_code == 302 and response.headers["Location"] == "/en/members/"
    page = client.get("/en/members/")
    assert page.status_code == 200
    assert "IOM Cymru briefing" in page.text


def test_login_in_welsh_lands_in_the_welsh_portal(app, portal):
    client = app.test_client()
    response = log_in(client, portal.users["member"].email, lang="cy")
    assert response.headers["Location"] == "/cy/aelodau/"
    page = client.get("/cy/aelodau/")
    assert html_lang(page.text) == "cy" and "Porth yr aelodau" in page.text


def test_email_is_case_insensitive(app, portal):
    client = app.test_client()
    assert log_in(client, "  MEMBER@Example.ORG ").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(app, portal):
    client = app.test_client()
    wrong = log_in(client, portal.users["member"].email, "not the password")
    unknown = log_in(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    message = "The email address or password is not correct"
    assert message in visible_text(wrong.text) and message in visible_text(unknown.text)
    assert "<title>Error:" in wrong.text

    def strip(html):
        return re.sub(r'value="[^"]*"', "", html)

    assert strip(wrong.text).replace(portal.users["member"].email, "X") == strip(unknown.text).replace(
        "nobody@example.org", "X")


def test_wrong_password_in_welsh(app, portal):
    client = app.test_client()
    response = log_in(client, portal.users["member"].email, "anghywir", lang="cy")
    text = visible_text(response.text)
    assert "Mae problem wedi codi" in text
    assert "Mae'r cyfeiriad e-bost neu'r cyfrinair yn anghywir" in text
    assert "<title>Gwall:" in response.text


def test_missing_fields_are_named_and_what_was_typed_is_kept(app, portal):
    client = app.test_client()
    token = csrf_token(client.get("/en/account/login").text)
    response = client.post("/en/account/login", data={"email": "member@example.org", "csrf_token": token})
    text = visible_text(response.text)
    assert "Enter your password" in text
    assert 'value="member@example.org"' in response.text
    assert 'href="#password"' in response.text


def test_deactivated_user_cannot_log_in(app, portal):
    client = app.test_client()
    response = log_in(client, portal.users["inactive"].email)
    assert response.status_code == 200
    assert "The email address or password is not correct" in visible_text(response.text)


def test_login_without_csrf_token_is_refused_in_the_pages_language(app, portal):
    client = app.test_client()
    response = client.post("/cy/cyfrif/mewngofnodi", data={"email": portal.users["member"].email,
                                                          "password": PASSWORD})
    assert response.status_code == 400
    assert html_lang(response.text) == "cy"
    assert "Mae'r ffurflen wedi dod i ben" in visible_text(response.text)
    assert client.get("/cy/aelodau/").status_code == 302


def test_session_is_renewed_at_login(app, portal):
    client = app.test_client()
    client.get("/en/account/login")
    before = client.get_cookie("wscn_session").value
    log_in(client, portal.users["member"].email)
    after = client.get_cookie("wscn_session").value
    assert before != after


def test_session_cookie_is_httponly_and_samesite(app, portal):
    client = app.test_client()
    response = log_in(client, portal.users["member"].email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("wscn_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_needs_a_post_with_csrf_and_ends_the_session(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    assert client.get("/en/account/logout").status_code in (404, 405)
    assert client.get("/en/members/").status_code == 200
    page = client.get("/en/members/").text
    response = client.post("/en/account/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get("/en/members/").status_code == 302


def test_anonymous_visitor_is_sent_to_log_in_and_back(app, portal):
    client = app.test_client()
    resource_path = f"/en/members/resources/{portal.resources['briefing'].id}"
    response = client.get(resource_path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/account/login?next=")
    login_page = client.get(response.headers["Location"])
    assert "Log in to see this page." in login_page.text
    token = csrf_token(login_page.text)
    done = client.post(response.headers["Location"], data={
        "email": portal.users["member"].email, "password": PASSWORD, "csrf_token": token})
    assert done.headers["Location"] == resource_path


@pytest.mark.parametrize("login, target, expected", [
    ("/en/account/login", "/cy/briff/", "/en/briff/"),
    ("/en/account/login", "/cy/aelodaeth", "/en/membership"),  # a content page: its slug differs
    ("/en/account/login", "/cy/aelodau/llyfrgell?q=%C5%B5yr&page=2", "/en/members/library?q=%C5%B5yr&page=2"),
    ("/cy/cyfrif/mewngofnodi", "/en/members/resources/7", "/cy/aelodau/adnoddau/7"),
    ("/cy/cyfrif/mewngofnodi", "/cy/aelodau/", "/cy/aelodau/"),
    ("/en/account/login", "/cy/dim-tudalen-o-gwbl", "/cy/dim-tudalen-o-gwbl"),  # no such page: left alone
])
def test_after_logging_in_you_return_in_the_language_you_logged_in_with(app, portal, login, target, expected):
    """A visitor sent to log in from a Welsh page who switches to English keeps English (and the reverse)."""
    client = app.test_client()
    token = csrf_token(client.get(login).text)
    response = client.post(login, query_string={"next": target}, data={
        "email": portal.users["member"].email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == expected


def test_next_cannot_send_you_to_another_site(app, portal):
    client = app.test_client()
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "/fr/x"):
        token = csrf_token(client.get("/en/account/login").text)
        response = client.post("/en/account/login", query_string={"next": target}, data={
            "email": portal.users["member"].email, "password": PASSWORD, "csrf_token": token})
        assert response.headers["Location"] == "/en/members/", target
        client.post("/en/account/logout", data={"csrf_token": csrf_token(client.get("/en/members/").text)})


def test_deactivated_user_is_locked_out_at_the_next_request(app, portal):
    from wscn_site.extensions import db
    from wscn_site.models import User

    client = app.test_client()
    log_in(client, portal.users["member"].email)
    assert client.get("/en/members/").status_code == 200
    with app.app_context():
        user = db.session.get(User, portal.users["member"].id)
        user.active = False
        db.session.commit()
    assert client.get("/en/members/").status_code == 302
    assert client.get(f"/en/members/resources/{portal.resources['briefing'].id}").status_code == 302


def test_header_shows_log_in_or_log_out(app, portal):
    client = app.test_client()
    assert "Members&#39; log in" in client.get("/en/").text or "Members' log in" in client.get("/en/").text
    log_in(client, portal.users["member"].email)
    html = client.get("/en/").text
    assert ">Log out</button>" in html
