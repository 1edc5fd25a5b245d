"""New passwords: not one of the most common, not built on the email name; secret pages are not stored."""
import pytest
from factories import PASSWORD, csrf_token, log_in
from helpers import visible_text

pytestmark = pytest.mark.db


def link_for(app, email, purpose):
    from wscn_site.auth.tokens import make_token
    from wscn_site.extensions import db
    from wscn_site.models import User

    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
        token = make_token(user, purpose)
    path = {"reset": ("/en/account/reset/", "/cy/cyfrif/ailosod/"),
            "invite": ("/en/account/welcome/", "/cy/cyfrif/croeso/")}[purpose]
    return path[0] + token, path[1] + token


def choose(client, path, password):
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": token})


def test_the_bundled_list_holds_at_least_ten_thousand_passwords():
    from wscn_site.auth.passwords import common_passwords

    common = common_passwords()
    assert len(common) >= 10_000 and {"password", "qwerty123456", "1q2w3e4r5t6y"} <= common


@pytest.mark.parametrize("password", ["qwerty123456", "QWERTY123456", "1q2w3e4r5t6y", "123456654321"])
def test_a_common_password_is_refused(app, portal, password):
    english, _ = link_for(app, portal.users["member"].email, "reset")
    response = choose(app.test_client(), english, password)
    assert response.status_code == 200 and "<title>Error:" in response.text
    assert "This password is one of the most commonly used" in visible_text(response.text)
    assert log_in(app.test_client(), portal.users["member"].email, PASSWORD).status_code == 302


def test_a_common_password_is_refused_in_welsh(app, portal):
    _, welsh = link_for(app, portal.users["welsh_member"].email, "reset")
    text = visible_text(choose(app.test_client(), welsh, "qwerty123456").text)
    assert "Mae problem wedi codi" in text and "Mae'r cyfrinair hwn yn un o'r rhai mwyaf cyffredin" in text


@pytest.mark.parametrize("password", ["member of the network", "the MEMBER@example.org key", "Member2026Member"])
def test_a_password_with_the_email_name_is_refused(app, portal, password):
    english, _ = link_for(app, portal.users["member"].email, "reset")
    text = visible_text(choose(app.test_client(), english, password).text)
    assert "Your password must not contain your email address" in text


def test_a_password_with_the_email_name_is_refused_in_welsh_on_the_invitation(app, portal):
    _, welsh = link_for(app, portal.users["welsh_member"].email, "invite")
    text = visible_text(choose(app.test_client(), welsh, "aelod o'r rhwydwaith").text)
    assert "Ni chaiff eich cyfrinair gynnwys eich cyfeiriad e-bost" in text


def test_the_account_page_applies_the_same_rules(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    page = client.get("/en/account").text
    response = client.post("/en/account/password", data={
        "current_password": PASSWORD, "password": "qwerty123456", "confirm": "qwerty123456",
        "csrf_token": csrf_token(page)})
    assert "This password is one of the most commonly used" in visible_text(response.text)


def test_a_good_password_is_accepted(app, portal):
    english, _ = link_for(app, portal.users["member"].email, "reset")
    assert choose(app.test_client(), english, "lighthouse marmalade tractor").status_code == 302


@pytest.mark.parametrize("purpose", ["reset", "invite"])
def test_reset_and_invitation_pages_are_never_stored(app, portal, purpose):
    client = app.test_client()
    for path in link_for(app, portal.users["member"].email, purpose):
        assert client.get(path).headers["Cache-Control"].endswith("no-store")
        assert choose(client, path, "short").headers["Cache-Control"].endswith("no-store")  # refused: the form again
    english, _ = link_for(app, portal.users["member"].email, purpose)
    assert choose(client, english, "lighthouse marmalade tractor").headers["Cache-Control"].endswith("no-store")
    broken = client.get(english)  # the link is spent
    assert broken.status_code == 400 and broken.headers["Cache-Control"].endswith("no-store")
