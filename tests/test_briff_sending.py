"""Sending the Briff by email: each subscriber once, in their language, members-only text only to
entitled members, unsubscribe headers, and runs that fail, stop or overlap.

A real SMTP server (aiosmtpd) receives the emails; its handler can refuse chosen recipients or
stop accepting after a number of messages, as a failing server would.
"""
import html
import re
import threading
from datetime import date, datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from factories import build_portal, csrf_token
from helpers import smtp_server
from flask import render_template

from wscn_site import clock
from wscn_site.briff import queue
from wscn_site.extensions import db
from wscn_site.models import BriffIssue, BriffItem, OutboxMessage, Subscriber
from wscn_site.outbox import MAX_ATTEMPTS, claim, send_waiting

pytestmark = pytest.mark.db

SITE = "https://safercommunities.example"


class Server:
    """An SMTP handler that keeps what it accepts, refuses ``refuse`` recipients with their reply,
    and answers 421 to every message after ``capacity`` accepted ones."""

    def __init__(self):
        self.messages, self.refuse, self.capacity = [], {}, None
        self.peers, self.envelopes = set(), []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.peers.add(session.peer)  # the client's address and port: one per connection
        if address.lower() in self.refuse:
            return self.refuse[address.lower()]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.capacity is not None and len(self.messages) >= self.capacity:
            return "421 4.3.2 Service shutting down"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def received(self):
        return sorted(str(m["To"]) for m in self.messages)


@pytest.fixture
def server():
    handler = Server()
    with smtp_server(handler) as port:
        handler.port = port
        yield handler


@pytest.fixture
def app(make_app, server):
    return make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)


def publish_issue(number=7, items=None):
    moment = datetime.now(timezone.utc)
    issue = BriffIssue(number=number, issue_date=date(2026, 11, 26), publish_at=moment, published_at=moment)
    for position, values in enumerate(items if items is not None else ITEMS):
        issue.items.append(BriffItem(position=position, **values))
    db.session.add(issue)
    db.session.commit()
    queue.queue_issue(issue)
    return issue.id


ITEMS = [
    dict(title_en="New funding for the festival", title_cy="Cyllid newydd i'r gŵyl a'r ŷd",
         body_en="Apply by **Friday**. [The guidance](https://example.org/guidance).",
         body_cy="Gwnewch gais erbyn **dydd Gwener**. [Y canllawiau](https://example.org/canllawiau).",
         link="https://example.org/funding"),
    dict(title_en="Members' seminar", title_cy="Seminar aelodau", body_en="Only for members.",
         body_cy="I aelodau yn unig.", visibility="members"),
    dict(title_en="Prevent case review", title_cy="Adolygiad achos Prevent", body_en="Confidential detail.",
         body_cy="Manylion cyfrinachol.", visibility="members", confidential=True),
]


def add_subscribers(*specs):
    """(email, language[, user_id]) each, confirmed."""
    for spec in specs:
        email, lang, user_id = (spec + (None,))[:3]
        db.session.add(Subscriber(email=email, language=lang, user_id=user_id,
                                  confirmed_at=datetime.now(timezone.utc)))
    db.session.commit()


def deliveries(app):
    with app.app_context():
        rows = db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.status, OutboxMessage.attempts,
                                            OutboxMessage.last_error)).all()
        return {email: (status, attempts, error) for email, status, attempts, error in rows}


LATER = [datetime.now(timezone.utc)]


def send(app, later=False):
    """`flask mail send`, as cron runs it; ``later``: after every retry's backoff has passed (the
    clock moved on by two hours each time)."""
    if later:
        LATER[0] = max(LATER[0], datetime.now(timezone.utc)) + timedelta(hours=2)
        with clock.frozen_at(LATER[0]):
            return app.test_cli_runner().invoke(args=["mail", "send"])
    return app.test_cli_runner().invoke(args=["mail", "send"])


def set_outbox(app, email, **values):
    with app.app_context():
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.recipient == email).values(**values))
        db.session.commit()


def parts(message):
    """The text part, and the HTML part with its character references resolved."""
    return message.get_body(("plain",)).get_content(), html.unescape(message.get_body(("html",)).get_content())


def message_to(server, email):
    [message] = [m for m in server.messages if m["To"] == email]
    return message


def people(count):
    return [(f"reader{n}@example.org", "cy" if n % 2 else "en") for n in range(count)]


# --- what each subscriber receives -------------------------------------------------------------

def test_each_subscriber_gets_the_issue_in_their_language_with_a_working_unsubscribe(app, server):
    with app.app_context():
        add_subscribers(("english@example.org", "en"), ("cymraeg@example.org", "cy"))
        publish_issue()
    result = send(app)
    assert result.exit_code == 0, result.output
    assert "Sent 2 of 2" in result.output
    assert server.received() == ["cymraeg@example.org", "english@example.org"]

    english, welsh = message_to(server, "english@example.org"), message_to(server, "cymraeg@example.org")
    assert english["Subject"] == "The Briff, issue 7" and english["Content-Language"] == "en"
    assert welsh["Subject"] == "Y Briff, rhifyn 7" and welsh["Content-Language"] == "cy"
    english_text, english_html = parts(english)
    welsh_text, welsh_html = parts(welsh)
    assert "New funding for the festival" in english_text and "26 November 2026" in english_text
    assert "Apply by Friday. The guidance (https://example.org/guidance)." in english_text
    assert "<strong>Friday</strong>" in english_html and '<html lang="en">' in english_html
    assert "Cyllid newydd i'r gŵyl a'r ŷd" in welsh_text and "26 Tachwedd 2026" in welsh_text
    assert '<html lang="cy">' in welsh_html and "Gallwch ysgrifennu atom yn Gymraeg" in welsh_text
    assert "New funding" not in welsh_text + welsh_html and "Cyllid" not in english_text + english_html

    for message, lang in ((english, "en"), (welsh, "cy")):
        header = message["List-Unsubscribe"]
        assert re.fullmatch(rf"<{re.escape(SITE)}/{lang}/briff/[a-z-]+/[\w-]+/[a-z-]+>", header), header
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"{SITE}/{lang}/briff/{'unsubscribe' if lang == 'en' else 'dad-danysgrifio'}/" in parts(message)[0]

    one_click = english["List-Unsubscribe"].strip("<>").removeprefix(SITE)
    response = app.test_client().post(one_click, data="List-Unsubscribe=One-Click",
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    page = re.search(re.escape(SITE) + r"(/cy/briff/dad-danysgrifio/\S+)", welsh_text).group(1)
    client = app.test_client()
    done = client.post(page, data={"csrf_token": csrf_token(client.get(page).text)})
    assert done.status_code == 200
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Subscriber.id))).scalar() == 0


def test_members_only_items_arrive_in_full_only_to_entitled_member_subscribers(app, server):
    with app.app_context():
        portal = build_portal()
        add_subscribers(("public@example.org", "en"), ("member@example.org", "en", portal.users["member"].id),
                        ("lapsed@example.org", "en", portal.users["lapsed"].id),
                        ("aelod@example.org", "cy", portal.users["welsh_member"].id))
        publish_issue()
    assert send(app).exit_code == 0
    member_text, member_html = parts(message_to(server, "member@example.org"))
    for shown in ("Members' seminar", "Only for members.", "Prevent case review", "Confidential detail."):
        assert shown in member_text and shown in member_html
    welsh_member = "".join(parts(message_to(server, "aelod@example.org")))
    assert "I aelodau yn unig." in welsh_member and "Manylion cyfrinachol." in welsh_member

    for email in ("public@example.org", "lapsed@example.org"):
        text, html = parts(message_to(server, email))
        for hidden in ("Only for members.", "Prevent case review", "Confidential detail."):
            assert hidden not in text and hidden not in html, (email, hidden)
        assert "Members' seminar" in text  # not confidential: the title shows, with the placeholder
        assert "New funding for the festival" in text
    public_text, public_html = parts(message_to(server, "public@example.org"))
    assert public_text.count("Members-only item: log in to read") == 2
    assert f'href="{SITE}/en/account/login?next=/en/briff/7"' in public_html
    lapsed_text, _ = parts(message_to(server, "lapsed@example.org"))
    assert lapsed_text.count("for staff of member organisations whose membership is current") == 2


def test_entitlement_is_read_when_the_email_goes_not_when_the_issue_was_published(app, server):
    from wscn_site.models import User

    with app.app_context():
        portal = build_portal()
        add_subscribers(("member@example.org", "en", portal.users["member"].id))
        publish_issue()
        member = db.session.get(User, portal.users["member"].id)  # the membership lapses before cron runs
        member.organisation_id = portal.organisations["lapsed"]
        db.session.commit()
    assert send(app).exit_code == 0
    text, html = parts(message_to(server, "member@example.org"))
    assert "Only for members." not in text + html and "Confidential detail." not in text + html


def test_one_run_sends_every_subscriber_over_one_connection_with_one_recipient_each(app, server):
    with app.app_context():
        add_subscribers(*people(8))
        issue_id = publish_issue()
        assert queue.delivery_counts(db.session.get(BriffIssue, issue_id)) == {"pending": 8, "sent": 0, "failed": 0}
    assert "Sent 8 of 8" in send(app).output
    assert len(server.peers) == 1  # one SMTP connection for the whole run
    assert all(len(rcpts) == 1 for rcpts in server.envelopes) and len(server.envelopes) == 8
    with app.app_context():
        assert queue.delivery_counts(db.session.get(BriffIssue, issue_id)) == {"pending": 0, "sent": 8, "failed": 0}


# --- failures, interruptions, overlapping runs -------------------------------------------------

def test_a_refused_recipient_is_retried_by_later_runs_and_nobody_gets_two(app, server):
    with app.app_context():
        add_subscribers(*people(4))
        publish_issue()
    server.refuse["reader2@example.org"] = "451 4.7.1 Try again later"
    first = send(app)
    assert first.exit_code == 0 and "Sent 3 of 4; 1 to retry later" in first.output
    assert "Will retry reader2@example.org" in first.output
    status, attempts, error = deliveries(app)["reader2@example.org"]
    assert (status, attempts) == ("pending", 1) and "451" in error
    assert "Sent 0 of 0" in send(app).output  # not before its backoff (a minute) has passed
    send(app, later=True)
    assert deliveries(app)["reader2@example.org"][:2] == ("pending", 2)
    del server.refuse["reader2@example.org"]
    assert "Sent 1 of 1" in send(app, later=True).output
    assert server.received() == sorted(email for email, _ in people(4))
    assert {s for s, _, _ in deliveries(app).values()} == {"sent"}
    assert "Sent 0 of 0" in send(app, later=True).output and len(server.messages) == 4


def test_a_recipient_refused_at_every_attempt_is_failed_and_reported(app, server):
    with app.app_context():
        add_subscribers(("ok@example.org", "en"), ("bounces@example.org", "cy"))
        publish_issue()
    server.refuse["bounces@example.org"] = "550 5.1.1 No such mailbox"
    assert MAX_ATTEMPTS == 8
    assert all(send(app, later=True).exit_code == 0 for _ in range(MAX_ATTEMPTS - 1))
    last = send(app, later=True)
    assert last.exit_code == 1 and "1 failed after 8 attempts" in last.output
    assert "Failed bounces@example.org" in last.output and "550" in last.output
    status, attempts, error = deliveries(app)["bounces@example.org"]
    assert (status, attempts) == ("failed", 8) and "No such mailbox" in error
    assert "Sent 0 of 0" in send(app, later=True).output  # not tried again
    assert server.received() == ["ok@example.org"]


def test_a_server_that_stops_mid_run_leaves_the_rest_for_the_next_run(app, server):
    with app.app_context():
        add_subscribers(*people(5))
        publish_issue()
    server.capacity = 2  # then 421 to everything, as a server going down
    assert "Sent 2 of 5; 3 to retry later" in send(app).output
    server.capacity = None
    assert "Sent 3 of 3" in send(app, later=True).output
    assert server.received() == sorted(email for email, _ in people(5))


def test_a_run_stopped_after_two_sends_resumes_with_the_others_only(app, server):
    with app.app_context():
        add_subscribers(*people(5))
        publish_issue()

        sent = []

        def stop_after_two(outcome):  # as if the process were stopped (Ctrl+C) after the second email
            sent.append(outcome)
            if len(sent) == 2:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            send_waiting(on_each=stop_after_two)
    assert len(server.messages) == 2
    assert sorted(s for s, _, _ in deliveries(app).values()) == ["pending"] * 3 + ["sent"] * 2
    assert "Sent 3 of 3" in send(app).output
    assert server.received() == sorted(email for email, _ in people(5))


def test_a_claim_left_by_a_dead_run_is_retried_after_the_timeout_only(app, server):
    with app.app_context():
        add_subscribers(("recent@example.org", "en"), ("stale@example.org", "en"), ("dead@example.org", "en"))
        publish_issue()
    long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    for email, claimed, attempts in (("recent@example.org", datetime.now(timezone.utc), 1),
                                     ("stale@example.org", long_ago, 1), ("dead@example.org", long_ago, 8)):
        set_outbox(app, email, status="sending", claimed_at=claimed, attempts=attempts)
    send(app)
    assert server.received() == ["stale@example.org"]
    rows = deliveries(app)
    assert rows["stale@example.org"][:2] == ("sent", 2)
    assert rows["recent@example.org"][:2] == ("sending", 1)  # another run is sending it now
    assert rows["dead@example.org"] == ("failed", 8, "interrupted while sending")


def test_an_email_sent_again_after_a_dead_run_has_the_same_message_id(app, server):
    """Mail systems that drop repeated Message-IDs then show the one case of a double send once."""
    with app.app_context():
        add_subscribers(("first@example.org", "en"), ("second@example.org", "cy"))
        publish_issue()
    send(app)
    # as if the sender had died after the server took the first message
    set_outbox(app, "first@example.org", status="sending", claimed_at=datetime.now(timezone.utc) - timedelta(hours=1))
    send(app)
    ids = [(m["To"], m["Message-ID"]) for m in server.messages]
    assert sorted(to for to, _ in ids) == ["first@example.org", "first@example.org", "second@example.org"]
    first = [mid for to, mid in ids if to == "first@example.org"]
    [second] = [mid for to, mid in ids if to == "second@example.org"]
    assert first[0] == first[1] and second != first[0]
    assert re.fullmatch(r"<briff-\d+-[0-9a-f]{32}@[\w.-]+>", first[0])  # names nobody


def test_a_delivery_is_claimed_once(app):
    with app.app_context():
        add_subscribers(("one@example.org", "en"))
        publish_issue()
        delivery_id = db.session.execute(sa.select(OutboxMessage.id)).scalar()
        assert claim(delivery_id) is True
        assert claim(delivery_id) is False


def test_two_senders_at_once_send_to_everybody_once(app, server):
    with app.app_context():
        add_subscribers(*people(12))
        publish_issue()
    start, reports, errors = threading.Barrier(2), [], []

    def run():
        try:
            with app.app_context():
                start.wait()
                reports.append(send_waiting())
                db.session.remove()
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(report.sent for report in reports) == 12
    assert server.received() == sorted(email for email, _ in people(12))


def test_nothing_goes_to_those_who_unsubscribed_or_for_unpublished_issues(app, server):
    from wscn_site.briff.subscription_operations import unsubscribe

    with app.app_context():
        add_subscribers(("stays@example.org", "en"), ("leaves@example.org", "en"))
        issue_id = publish_issue()
        unsubscribe(db.session.execute(sa.select(Subscriber).where(Subscriber.email == "leaves@example.org")).scalar_one())
        draft = publish_issue(number=8)
        db.session.get(BriffIssue, draft).published_at = None
        db.session.commit()
    send(app)
    assert server.received() == ["stays@example.org"]
    assert [m["Subject"] for m in server.messages] == ["The Briff, issue 7"]
    with app.app_context():
        assert queue.delivery_counts(db.session.get(BriffIssue, issue_id)) == {"pending": 0, "sent": 1, "failed": 0}


# --- the staff page's count --------------------------------------------------------------------

@pytest.mark.parametrize("counts, expected", [
    ({"pending": 5, "sent": 3, "failed": 2}, ["Sent 3 of 10 emails.", "2 failed.", "5 waiting."]),
    ({"pending": 0, "sent": 1, "failed": 0}, ["Sent 1 of 1 email."]),
    ({"pending": 0, "sent": 0, "failed": 0, "sending": 2}, ["Sent 0 of 2 emails.", "2 waiting."]),
])
def test_the_delivery_progress_partial_counts_in_words(app, counts, expected):
    with app.test_request_context("/en/"):
        html = render_template("briff/_delivery_progress.html", counts=counts)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for sentence in expected:
        assert sentence in text
    assert "failed" in text or not counts["failed"]
    total = sum(counts.values())
    assert (f'<progress max="{total}" value="{counts["sent"]}"' in html) == bool(total)
