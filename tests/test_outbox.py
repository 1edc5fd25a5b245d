"""One outbox for every email (item 5) and one address, one recipient (item 6).

Requests write emails to the outbox and never talk to a mail server; `flask mail send` delivers
them over one connection, one envelope recipient each, retrying with backoff through an outage.
What a real SMTP server (aiosmtpd) received is the evidence.
"""
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from helpers import send_mail
from factories import csrf_token
from helpers import Mailbox, free_port, smtp_server, visible_text

from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.mail import Attachment, queue_email
from wscn_site.models import OutboxAttachment, OutboxMessage, Subscriber

pytestmark = pytest.mark.db

RESET, SUBSCRIBE = "/en/account/reset", "/en/briff/subscribe"


def post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client.get(path).text)})


def outbox(app):
    with app.app_context():
        return [(m.recipient, m.kind, m.status, m.attempts, m.text_body) for m in
                db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()]


# --- item 5: requests never talk to SMTP; the sender delivers ------------------------------------

def test_reset_and_subscription_requests_open_no_smtp_connection_known_or_not(mail_app, portal):
    client, mailbox = mail_app.test_client(), mail_app.mailbox
    timings = {}
    for label, path, data in (("known reset", RESET, {"email": portal.users["member"].email}),
                              ("unknown reset", RESET, {"email": "nobody@example.org"}),
                              ("new subscription", SUBSCRIBE, {"email": "new@example.org", "language": "cy"})):
        started = time.perf_counter()
        assert post(client, path, **data).status_code == 200
        timings[label] = time.perf_counter() - started
    assert mailbox.connections == 0 and mailbox.messages == []  # nothing reached the mail server
    # the same one row for a known and an unknown address: the sender looks the account up
    assert [(to, kind) for to, kind, *_ in outbox(mail_app)] == [
        ("member@example.org", "reset_password_request"), ("nobody@example.org", "reset_password_request"),
        ("new@example.org", "briff_subscribe_request")]

    result = send_mail(mail_app)
    assert result.exit_code == 0 and "Sent 2 of 3" in result.output
    assert sorted(m["To"] for m in mailbox.messages) == ["member@example.org", "new@example.org"]
    assert mailbox.connections == 1
    assert [to for to, *_ in outbox(mail_app)] == ["member@example.org", "new@example.org"]  # nobody's row is gone
    print("request times (ms):", {k: round(v * 1000, 1) for k, v in timings.items()})


def test_many_messages_go_over_one_connection_each_with_one_envelope_recipient(mail_app):
    with mail_app.test_request_context("/en/"):
        for n in range(6):
            queue_email(f"reader{n}@example.org", "Hello", "briff_confirm", "en", link="https://x.example/", days=7)
        db.session.commit()
    assert "Sent 6 of 6" in send_mail(mail_app).output
    assert mail_app.mailbox.connections == 1
    assert [rcpts for _, rcpts in mail_app.mailbox.envelopes] == [[f"reader{n}@example.org"] for n in range(6)]


def test_an_hour_long_outage_delays_mail_and_loses_none(make_app):
    port, mailbox = free_port(), Mailbox()
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, RESET_TOKEN_MAX_AGE=4 * 3600)
    from factories import build_portal

    with app.app_context():
        people = build_portal()
    client = app.test_client()
    post(client, RESET, email=people.users["welsh_member"].email)
    post(client, SUBSCRIBE, email="reader@example.org", language="en")
    start = datetime.now(timezone.utc)
    for minute in range(0, 61):  # cron, every minute, for an hour: nothing listens on the port
        with clock.frozen_at(start + timedelta(minutes=minute)):
            result = send_mail(app)
        assert "Sent 0" in result.output and "Failed" not in result.output, (minute, result.output)
    rows = outbox(app)
    assert {status for _, _, status, _, _ in rows} == {"pending"}
    assert all(2 <= attempts < 8 for *_, attempts, _ in rows), rows  # backing off, not given up
    with smtp_server(mailbox, port=port):  # the server is back
        for minute in range(61, 200):
            with clock.frozen_at(start + timedelta(minutes=minute)):
                send_mail(app)
            if len(mailbox.messages) == 2:
                break
    assert sorted(m["To"] for m in mailbox.messages) == ["aelod@example.org", "reader@example.org"]
    assert minute <= 61 + 64  # within one backoff period of the server's return
    assert {status for _, _, status, _, _ in outbox(app)} == {"sent"}


def test_a_message_whose_link_has_expired_is_dropped_not_sent(mail_app, portal):
    post(mail_app.test_client(), RESET, email=portal.users["member"].email)
    with clock.frozen_at(datetime.now(timezone.utc) + timedelta(hours=1, minutes=1)):  # the link works an hour
        result = send_mail(mail_app)
    assert "1 not sent: the link in them had expired." in result.output
    assert mail_app.mailbox.messages == []
    [(_, _, status, _, body)] = outbox(mail_app)
    assert status == "expired" and body == ""


def test_the_stored_body_of_a_sent_message_with_a_link_is_erased(mail_app, portal):
    from wscn_site.auth.operations import queue_invitation
    from wscn_site.models import User

    with mail_app.test_request_context("/cy/"):
        for key in ("member", "welsh_member"):
            queue_invitation(db.session.get(User, portal.users[key].id))
        db.session.commit()
    assert all("/account/welcome/" in body or "/cyfrif/croeso/" in body for *_, body in outbox(mail_app))
    send_mail(mail_app)
    assert len(mail_app.mailbox.messages) == 2
    with mail_app.app_context():
        rows = db.session.execute(sa.select(OutboxMessage)).scalars().all()
        assert [(r.status, r.text_body, r.html_body) for r in rows] == [("sent", "", "")] * 2
        assert all(r.expires_at is not None for r in rows)


def test_attachments_are_stored_and_sent_in_the_recipients_language(mail_app):
    invite = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with mail_app.test_request_context("/cy/"):
        queue_email("sian@example.org", "Seminar", "briff_confirm", "cy", link="https://x.example/", days=7,
                    attachments=[Attachment("seminar.ics", "text/calendar", invite),
                                 Attachment("anfoneb.pdf", "application/pdf", b"%PDF-1.4 tiny")])
        db.session.commit()
        assert db.session.execute(sa.select(sa.func.count(OutboxAttachment.id))).scalar() == 2
    send_mail(mail_app)
    [message] = mail_app.mailbox.messages
    assert message["Content-Language"] == "cy"
    files = {part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
             for part in message.iter_attachments()}
    assert files == {"seminar.ics": ("text/calendar", invite), "anfoneb.pdf": ("application/pdf", b"%PDF-1.4 tiny")}


# --- item 6: one address, one recipient ------------------------------------------------------------

@pytest.mark.parametrize("address, english, welsh", [
    ("probe@example.org,postmaster", "Enter one email address only, without commas or semicolons",
     "Rhowch un cyfeiriad e-bost yn unig, heb goma na hanner colon"),
    ("probe@example.org;postmaster@example.org", "Enter one email address only, without commas or semicolons",
     "Rhowch un cyfeiriad e-bost yn unig, heb goma na hanner colon"),
    ("probe@example.org\r\nBcc: postmaster@example.org", "The text had invisible control characters",  # every form refuses them first
     "Roedd nodau rheoli anweledig yn y testun"),
    ("probe@example.org\x00", "The text had invisible control characters",  # every form refuses them first
     "Roedd nodau rheoli anweledig yn y testun"),
    ("probe@example", "Enter an email address in the correct format", "Rhowch gyfeiriad e-bost yn y fformat cywir"),
])
def test_an_address_that_is_not_exactly_one_is_refused_in_both_languages(mail_app, address, english, welsh):
    client = mail_app.test_client()
    for path, message in ((SUBSCRIBE, english), ("/cy/briff/tanysgrifio", welsh)):
        response = post(client, path, email=address, language="en")
        assert response.status_code == 200 and message in visible_text(response.text)
    send_mail(mail_app)
    with mail_app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Subscriber.id))).scalar() == 0
    assert outbox(mail_app) == [] and mail_app.mailbox.envelopes == []


def test_the_staff_invite_form_refuses_two_addresses_in_one(app, portal):
    from staff_helpers import post_form, staff_client

    client = staff_client(app, portal)
    response = post_form(client, "/cy/staff/defnyddwyr/gwahodd", {
        "name": "Two People", "email": "one@example.org, two@example.org",
        "organisation": str(portal.organisations["current"]), "role": "member", "language": "en"})
    assert response.status_code == 200
    assert "Rhowch un cyfeiriad e-bost yn unig, heb goma na hanner colon" in visible_text(response.text)
    assert outbox(app) == []


def test_the_sender_names_exactly_one_envelope_recipient(mail_app):
    post(mail_app.test_client(), SUBSCRIBE, email="Reader@Example.org", language="en")
    send_mail(mail_app)
    assert mail_app.mailbox.envelopes == [("SaferCommunities@wlga.gov.uk", ["reader@example.org"])]
