"""Password reset by an emailed, single-use, expiring link, in the account holder's language."""
import re
import time

import pytest
from helpers import send_mail
from factories import PASSWORD, csrf_token, log_in
from helpers import html_lang, visible_text

pytestmark = pytest.mark.db

NEW_PASSWORD = "three random words again"


def ask_for_reset(client, email, lang="en"):
    path = "/en/account/reset" if lang == "en" else "/cy/cyfrif/ailosod"
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"email": email, "csrf_token": token})


def link_in(message):
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https://safercommunities\.example(/\S+)", text).group(1)


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"password": password, "confirm": confirm or password, "csrf_token": token})


def test_reset_email_arrives_in_the_account_holders_language(mail_app, portal):
    client = mail_app.test_client()
    page = ask_for_reset(client, portal.users["welsh_member"].email)  # asked from the English page
    mail_app.send_mail()
    assert "Check your email" in visible_text(page.text)
    [message] = mail_app.mailbox.messages
    assert message["To"] == portal.users["welsh_member"].email
    assert message["Subject"] == "Ailosod eich cyfrinair"
    assert message["Content-Language"] == "cy"
    assert link_in(message).startswith("/cy/cyfrif/ailosod/")
    html = message.get_body(("html",)).get_content()
    assert '<html lang="cy">' in html and "Helo Aelod," in html


def test_unknown_or_deactivated_address_gets_the_same_page_and_no_email(mail_app, portal):
    client = mail_app.test_client()
    known = ask_for_reset(client, portal.users["member"].email)
    unknown = ask_for_reset(client, "nobody@example.org")
    inactive = ask_for_reset(client, portal.users["inactive"].email)
    mail_app.send_mail()
    assert len(mail_app.mailbox.messages) == 1

    def body(response, email):
        return visible_text(response.text).replace(email, "X")

    assert body(known, portal.users["member"].email) == body(unknown, "nobody@example.org") == body(
        inactive, portal.users["inactive"].email)


def test_the_link_sets_a_new_password_once(mail_app, portal):
    client = mail_app.test_client()
    ask_for_reset(client, portal.users["member"].email)
    mail_app.send_mail()
    path = link_in(mail_app.mailbox.messages[0])
    done = set_password(client, path)
    assert done.status_code == 302 and done.headers["Location"] == "/en/account/login"
    assert log_in(mail_app.test_client(), portal.users["member"].email, PASSWORD).status_code == 200
    assert log_in(mail_app.test_client(), portal.users["member"].email, NEW_PASSWORD).status_code == 302
    again = mail_app.test_client().get(path)
    assert again.status_code == 400
    assert "This link no longer works" in visible_text(again.text)


def test_a_reset_ends_sessions_elsewhere(mail_app, portal):
    elsewhere = mail_app.test_client()
    log_in(elsewhere, portal.users["member"].email)
    assert elsewhere.get("/en/members/").status_code == 200
    client = mail_app.test_client()
    ask_for_reset(client, portal.users["member"].email)
    mail_app.send_mail()
    set_password(client, link_in(mail_app.mailbox.messages[0]))
    assert elsewhere.get("/en/members/").status_code == 302


def test_expired_link(make_app, smtp_server):
    host, port, mailbox = smtp_server
    app = make_app(MAIL_SERVER=host, MAIL_PORT=port, RESET_TOKEN_MAX_AGE=1)
    from factories import build_portal

    with app.app_context():
        people = build_portal()
    client = app.test_client()
    ask_for_reset(client, people.users["member"].email)
    send_mail(app)
    path = link_in(mailbox.messages[0])
    time.sleep(2.1)
    response = client.get(path)
    assert response.status_code == 400 and "This link no longer works" in visible_text(response.text)


def test_tampered_link_in_welsh(app, portal):
    response = app.test_client().get("/cy/cyfrif/ailosod/not-a-real-token.ABC")
    assert response.status_code == 400
    assert html_lang(response.text) == "cy"
    assert "Nid yw'r ddolen hon yn gweithio mwyach" in visible_text(response.text)


def test_bad_new_passwords_are_explained(mail_app, portal):
    client = mail_app.test_client()
    ask_for_reset(client, portal.users["welsh_member"].email)
    mail_app.send_mail()
    path = link_in(mail_app.mailbox.messages[0])
    short = visible_text(set_password(client, path, "short").text)
    assert "Rhaid i'ch cyfrinair fod rhwng 12 a 200 nod o hyd" in short and "Gwall" in short
    mismatch = visible_text(set_password(client, path, NEW_PASSWORD, "something else entirely").text)
    assert "Nid yw'r cyfrineiriau'n cyfateb" in mismatch
    assert set_password(client, path).status_code == 302  # the link still works after mistakes


def test_reset_form_validates_the_address(app, portal):
    client = app.test_client()
    response = ask_for_reset(client, "not an email", lang="cy")
    assert "Rhowch gyfeiriad e-bost yn y fformat cywir" in visible_text(response.text)
    assert "<title>Gwall:" in response.text
