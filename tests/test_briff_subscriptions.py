"""Subscribing to the Briff: double opt-in in both languages, bad links, unsubscribing, limits, the portal.

Emails are read from what a real SMTP server (aiosmtpd) received. Confirmation emails are
compared with the snapshots in tests/emails/ (WSCN_UPDATE_SNAPSHOTS=1 rewrites them).
"""
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from helpers import send_mail
from factories import csrf_token
from helpers import find_all, html_lang, visible_text

from wscn_site.extensions import db
from wscn_site.models import Subscriber

pytestmark = pytest.mark.db

SNAPSHOTS = Path(__file__).resolve().parent / "emails"
SITE = "https://safercommunities.example"
LINK = SITE + "/LINK"
SUBSCRIBE = {"en": "/en/briff/subscribe", "cy": "/cy/briff/tanysgrifio"}
WELSH_FOOTER = "Gallwch ysgrifennu atom yn Gymraeg neu'n Saesneg"


def subscribe(client, email, language, page="en", ip="192.0.2.1"):
    token = csrf_token(client.get(SUBSCRIBE[page]).text)
    return client.post(SUBSCRIBE[page], data={"email": email, "language": language, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})


def subscriber(app, email):
    with app.app_context():
        row = db.session.execute(sa.select(Subscriber).where(Subscriber.email == email)).scalar_one_or_none()
        return row and SimpleNamespace(id=row.id, language=row.language, confirmed_at=row.confirmed_at,
                                       user_id=row.user_id, token=row.token)


def subscriber_count(app):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(Subscriber.id))).scalar()


def text_of(message):
    return message.get_body(("plain",)).get_content()


def link_in(message):
    """The path of the confirmation link in the email (text part; the HTML part has the same)."""
    found = re.findall(re.escape(SITE) + r"(/\S+)", text_of(message))
    assert len(found) == 1, found
    assert f'href="{SITE}{found[0]}"' in message.get_body(("html",)).get_content()
    return found[0]


def post_button(client, path):
    """Press the page's one button (a POST form with its CSRF token)."""
    page = client.get(path)
    forms = find_all(page.text, "form", method="post")
    assert len(forms) == 1 and forms[0]["action"] == path
    return client.post(path, data={"csrf_token": csrf_token(page.text)})


def arrived(app):
    """What the mail server has received once `flask mail send` has run (as cron runs it)."""
    app.send_mail()
    return app.mailbox.messages


# --- double opt-in -----------------------------------------------------------------------------

@pytest.mark.parametrize("page, chosen", [("en", "cy"), ("cy", "en")])
def test_double_opt_in_writes_in_the_chosen_language_and_the_link_confirms(mail_app, page, chosen):
    client = mail_app.test_client()
    response = subscribe(client, "Darllenydd@Example.org", chosen, page=page)
    assert response.status_code == 200 and html_lang(response.text) == page  # the page follows its URL
    assert "darllenydd@example.org" in response.text.lower()
    [message] = arrived(mail_app)
    assert message["To"] == "darllenydd@example.org" and message["Content-Language"] == chosen
    assert f'<html lang="{chosen}">' in message.get_body(("html",)).get_content()
    assert (WELSH_FOOTER in text_of(message)) == (chosen == "cy")
    path = link_in(message)
    assert path.startswith(f"/{chosen}/briff/")

    assert subscriber(mail_app, "darllenydd@example.org").confirmed_at is None
    opened = client.get(path)  # opening the link (or a mail scanner opening it) does not confirm
    assert opened.status_code == 200 and html_lang(opened.text) == chosen
    assert opened.headers["Cache-Control"] == "no-store"
    assert subscriber(mail_app, "darllenydd@example.org").confirmed_at is None
    confirmed = post_button(client, path)
    assert confirmed.status_code == 200
    row = subscriber(mail_app, "darllenydd@example.org")
    assert row.confirmed_at is not None and row.language == chosen and row.user_id is None


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_confirmation_email_matches_its_snapshot(app, lang):
    from flask_babel import lazy_gettext

    from wscn_site.mail import build_message

    with app.test_request_context(f"/{lang}/"):
        message = build_message("sian@example.org", lazy_gettext("Confirm your subscription to the Briff"),
                                "briff_confirm", lang, link=LINK, days=7)
    subjects = {"en": "Confirm your subscription to the Briff", "cy": "Cadarnhewch eich tanysgrifiad i'r Briff"}
    assert message["Subject"] == subjects[lang] and message["Content-Language"] == lang
    text, html = text_of(message), message.get_body(("html",)).get_content()
    assert LINK in text and f'href="{LINK}"' in html
    snapshot = SNAPSHOTS / f"briff_confirm.{lang}.txt"
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_subscribing_twice_before_confirming_sends_a_fresh_link_and_says_the_same(mail_app):
    client = mail_app.test_client()
    first = subscribe(client, "twice@example.org", "en")
    second = subscribe(client, "twice@example.org", "cy")
    assert visible_text(first.text) == visible_text(second.text)
    assert len(arrived(mail_app)) == 2 and subscriber_count(mail_app) == 1
    assert arrived(mail_app)[1]["Content-Language"] == "cy"  # the latest choice
    post_button(client, link_in(arrived(mail_app)[0]))  # either link confirms
    assert subscriber(mail_app, "twice@example.org").confirmed_at is not None


def test_subscribing_a_confirmed_address_answers_as_for_a_new_one_and_sends_nothing(mail_app):
    client = mail_app.test_client()
    subscribe(client, "known@example.org", "cy")
    post_button(client, link_in(arrived(mail_app)[0]))
    before = subscriber(mail_app, "known@example.org")

    again = subscribe(mail_app.test_client(), "KNOWN@example.org", "en")
    new = subscribe(mail_app.test_client(), "new@example.org", "en")
    assert visible_text(again.text).replace("KNOWN@example.org", "X") == visible_text(new.text).replace(
        "new@example.org", "X")
    assert [m["To"] for m in arrived(mail_app)] == ["known@example.org", "new@example.org"]
    assert subscriber(mail_app, "known@example.org") == before  # language and confirmation unchanged


def test_confirming_twice_says_the_subscription_is_already_confirmed(mail_app):
    client = mail_app.test_client()
    subscribe(client, "again@example.org", "en")
    path = link_in(arrived(mail_app)[0])
    assert "Thank you. Your subscription is confirmed." in post_button(client, path).text
    confirmed_at = subscriber(mail_app, "again@example.org").confirmed_at
    for response in (client.get(path), client.post(path, data={"csrf_token": csrf_token(client.get(SUBSCRIBE["en"]).text)})):
        assert response.status_code == 200 and "Your subscription was already confirmed." in response.text
    assert subscriber(mail_app, "again@example.org").confirmed_at == confirmed_at


def _old_token(app, email, days):
    from itsdangerous.timed import TimestampSigner

    from wscn_site.briff.subscription_operations import confirm_token, find

    with app.test_request_context("/en/"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - days * 86400)
        return confirm_token(find(email))


def test_expired_tampered_and_outlived_links_get_a_clear_page_in_either_language(mail_app):
    client = mail_app.test_client()
    subscribe(client, "late@example.org", "en")
    fresh = link_in(arrived(mail_app)[0]).rsplit("/", 1)[1]
    expired = _old_token(mail_app, "late@example.org", days=8)
    assert _old_token(mail_app, "late@example.org", days=6) != expired
    tampered = fresh[:-3] + ("aaa" if not fresh.endswith("aaa") else "bbb")
    for token in (expired, tampered, "not-a-token", "x" * 500):
        for lang, path in (("en", "/en/briff/subscribe/confirm/"), ("cy", "/cy/briff/tanysgrifio/cadarnhau/")):
            response = client.get(path + token)
            assert response.status_code == 400 and html_lang(response.text) == lang
            assert ("This link no longer works" in response.text) == (lang == "en")
            assert ("Nid yw'r ddolen hon yn gweithio mwyach" in response.text) == (lang == "cy")
    assert subscriber(mail_app, "late@example.org").confirmed_at is None

    with mail_app.app_context():  # unsubscribed since: the link outlives nothing
        db.session.execute(sa.delete(Subscriber))
        db.session.commit()
    assert client.get("/en/briff/subscribe/confirm/" + fresh).status_code == 400


def test_the_form_needs_its_csrf_token_and_a_valid_address_and_language(mail_app):
    client = mail_app.test_client()
    client.get(SUBSCRIBE["en"])
    refused = client.post(SUBSCRIBE["en"], data={"email": "a@example.org", "language": "en"})
    assert refused.status_code == 400
    for page, prefix in (("en", "Error: "), ("cy", "Gwall: ")):
        token = csrf_token(client.get(SUBSCRIBE[page]).text)
        invalid = client.post(SUBSCRIBE[page], data={"email": "not an address", "language": "fr", "csrf_token": token})
        assert invalid.status_code == 200 and re.search(f"<title>{prefix}", invalid.text)
        assert 'href="#email"' in invalid.text and 'href="#language-0"' in invalid.text
    assert arrived(mail_app) == [] and subscriber_count(mail_app) == 0


def test_subscriptions_are_limited_per_address_and_per_ip(make_app, smtp_server):
    host, port, mailbox = smtp_server
    app = make_app(MAIL_SERVER=host, MAIL_PORT=port, BRIFF_SUBSCRIBE_LIMIT_PER_IP="4 per minute")
    client = app.test_client()
    codes = [subscribe(client, "target@example.org", "en", ip=f"198.51.100.{n}").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]  # three per address per hour, from any address
    blocked = subscribe(client, "target@example.org", "cy", page="cy", ip="198.51.100.9")
    assert blocked.status_code == 429 and html_lang(blocked.text) == "cy"
    send_mail(app)
    assert len(mailbox.messages) == 3
    codes = [subscribe(client, f"p{n}@example.org", "en", ip="203.0.113.5").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]


# --- unsubscribing -----------------------------------------------------------------------------

def _confirmed(app, email="leaving@example.org", lang="en"):
    from wscn_site.models.base import utcnow

    with app.app_context():
        row = Subscriber(email=email, language=lang, confirmed_at=utcnow())
        db.session.add(row)
        db.session.commit()
        return row.token


def test_the_unsubscribe_page_asks_then_unsubscribes_on_post(app):
    token = _confirmed(app)
    client = app.test_client()
    path = f"/cy/briff/dad-danysgrifio/{token}"
    page = client.get(path)
    assert page.status_code == 200 and "leaving@example.org" in page.text and html_lang(page.text) == "cy"
    assert subscriber(app, "leaving@example.org") is not None
    assert client.post(path).status_code == 400  # no CSRF token: nothing happens
    assert subscriber(app, "leaving@example.org") is not None
    done = post_button(client, path)
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    assert subscriber(app, "leaving@example.org") is None
    gone = client.get(f"/en/briff/unsubscribe/{token}")  # the link again: clear, and no error
    assert gone.status_code == 200 and "There is no subscription for this link" in gone.text


def test_one_click_unsubscribe_needs_no_cookie_and_no_csrf_token(app):
    token = _confirmed(app)
    path = f"/en/briff/unsubscribe/{token}/one-click"
    opened = app.test_client().get(path)  # a client that opens the header's address in a browser
    assert opened.status_code == 302 and opened.location.endswith(f"/en/briff/unsubscribe/{token}")
    response = app.test_client().post(path, data="List-Unsubscribe=One-Click",
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "You have unsubscribed" in response.text
    assert subscriber(app, "leaving@example.org") is None


def test_unknown_unsubscribe_tokens_get_the_same_calm_page_in_each_language(app):
    client = app.test_client()
    for path, lang in (("/en/briff/unsubscribe/", "en"), ("/cy/briff/dad-danysgrifio/", "cy")):
        for token in ("unknown", "x" * 300):
            for response in (client.get(path + token), client.post(path + token + ("/one-click" if lang == "en" else "/un-clic")),
                             client.post(path + token, data={"csrf_token": csrf_token(client.get(SUBSCRIBE[lang]).text)})):
                assert response.status_code == 200 and html_lang(response.text) == lang
                assert "@" not in visible_text(response.text).replace("SaferCommunities@wlga.gov.uk", "")


# --- the members' portal -----------------------------------------------------------------------

def test_a_member_subscribes_from_the_dashboard_without_a_confirmation_email(mail_app, login):
    from factories import build_portal

    with mail_app.app_context():
        portal = build_portal()
    client = mail_app.test_client()
    login(client, portal.users["welsh_member"], lang="cy")
    dashboard = client.get("/cy/aelodau/")
    [form] = [f for f in find_all(dashboard.text, "form", method="post") if "tanysgrifio" in f["action"]]
    assert form["action"] == "/cy/briff/tanysgrifio/aelod"
    response = client.post(form["action"], data={"csrf_token": csrf_token(dashboard.text)})
    assert response.status_code == 302 and response.location.endswith("/cy/aelodau/")
    row = subscriber(mail_app, "aelod@example.org")
    assert row.confirmed_at is not None and row.user_id == portal.users["welsh_member"].id and row.language == "cy"
    assert arrived(mail_app) == []
    after = client.get("/cy/aelodau/").text
    assert f"/cy/briff/dad-danysgrifio/{row.token}" in after and "/cy/briff/tanysgrifio/aelod" not in after
    assert client.post(form["action"], data={}).status_code == 400  # CSRF
    assert subscriber_count(mail_app) == 1


def test_a_member_subscribing_takes_over_a_pending_public_subscription_of_their_address(app, portal, login):
    subscribe(app.test_client(), "member@example.org", "cy")
    send_mail(app)  # no mail server: printed, not sent
    client = app.test_client()
    login(client, portal.users["member"])
    dashboard = client.get("/en/members/")
    client.post("/en/briff/subscribe/member", data={"csrf_token": csrf_token(dashboard.text)})
    row = subscriber(app, "member@example.org")
    assert row.user_id == portal.users["member"].id and row.confirmed_at is not None and row.language == "cy"
    assert subscriber_count(app) == 1


def test_only_a_logged_in_user_can_use_the_portal_subscription(app):
    client = app.test_client()
    token = csrf_token(client.get(SUBSCRIBE["en"]).text)
    response = client.post("/en/briff/subscribe/member", data={"csrf_token": token})
    assert response.status_code == 302 and "/en/account/login" in response.location
    assert subscriber_count(app) == 0
