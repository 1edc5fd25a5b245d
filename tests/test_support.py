"""Support requests, in both languages: a member asks for help with files (checked by content, the
members' size limit, a rate limit), staff work through the queue (assign, reply, status, decline),
the people who asked are emailed a link (never the reply's text) in their language, the member reads
and replies; every change is audited and every state change is a guarded operation."""
import io
import json

import pytest
import sqlalchemy as sa

from factories import PDF, csrf_token
from helpers import html_lang, visible_text
from staff_helpers import count
from support_helpers import (FILE, LIST, NEW, PAGE, QUEUE, REPLY, STAFF_PAGE, build_people, client_for,
                             latest_request, open_request)
from wscn_site import storage
from wscn_site.audit import Refused
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, OutboxMessage, SupportFile, SupportMessage, SupportRequest, User
from wscn_site.support import operations

pytestmark = pytest.mark.db


@pytest.fixture
def people(app):
    with app.app_context():
        return build_people()


def staff_post(client, path, data, request_id, lang="en"):
    token = csrf_token(client.get(STAFF_PAGE[lang].format(request_id)).text)
    return client.post(path, data={**data, "csrf_token": token})


def actions(app, request_id):
    with app.app_context():
        return db.session.execute(sa.select(AuditEntry.action).where(
            AuditEntry.target_type == "support_request", AuditEntry.target_id == request_id)
            .order_by(AuditEntry.id)).scalars().all()


def outbox(app, to="members"):
    """The queued emails to the organisations' people (``to="members"``), to staff, or to anyone."""
    with app.app_context():
        staff = set(db.session.execute(sa.select(User.email).where(User.role.in_(("staff", "admin")))).scalars())
        return [(m.recipient, m.language, m.subject, m.text_body, m.html_body)
                for m in db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
                if to == "anyone" or (m.recipient in staff) == (to == "staff")]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_member_asks_for_a_peer_review_with_a_file_and_reads_it_back(app, people, lang):
    client = client_for(app, people, "member", lang)
    form = client.get(NEW[lang])
    assert form.status_code == 200 and html_lang(form.text) == lang
    assert ("Peer review of governance" if lang == "en" else "Adolygiad gan gymheiriaid") in form.text
    response = open_request(client, lang)
    support = latest_request(app)
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE[lang].format(support.id))
    assert (support.status, support.kind, support.language, support.organisation_id) == (
        "new", "peer-review", "cy", people.ours)
    [(file_id, name, storage_name)] = support.files
    assert name == "terms.pdf" and storage.is_storage_name(storage_name)
    page = client.get(PAGE[lang].format(support.id))
    assert page.status_code == 200 and "ŵ ŷ" in page.text and "terms.pdf" in page.text
    assert ("Your request has been sent" if lang == "en" else "Mae eich cais wedi'i anfon") in visible_text(page.text)
    listing = client.get(LIST[lang]).text
    assert f"/{support.id}" in listing
    download = client.get(FILE[lang].format(file_id, name))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert actions(app, support.id) == ["support.open"]
    assert outbox(app) == []  # nothing to email the members: they know what they asked
    assert sorted(m[0] for m in outbox(app, to="staff")) == [people.emails["staff2"], people.emails["staff"]]


def test_a_colleague_in_the_same_organisation_sees_the_request_too(app, people):
    open_request(client_for(app, people, "member"))
    support = latest_request(app)
    colleague = client_for(app, people, "welsh", "cy")
    assert colleague.get(PAGE["cy"].format(support.id)).status_code == 200
    assert f"/{support.id}" in colleague.get(LIST["cy"]).text


@pytest.mark.parametrize("name,content,expected", [
    ("terms.pdf", b"MZ\x90\x00 a program renamed", "must be a PDF, Word, Excel, PowerPoint or OpenDocument"),
    ("terms.docx", PDF, "is a PDF file but its name, terms.docx, says otherwise"),
    ("empty.pdf", b"", "is empty"),
])
def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_kept(app, people, name, content, expected):
    client = client_for(app, people, "member")
    response = open_request(client, files=((name, content),))
    assert response.status_code == 200 and expected in response.text
    assert "There is a problem" in response.text and response.text.count('href="#attachments"') == 1
    assert count(app, SupportRequest) == 0 and count(app, SupportFile) == 0
    folder = app.config["PRIVATE_DIR"]
    assert not [p for p in folder.rglob("*") if p.is_file()]


def test_too_many_files_a_long_description_and_no_kind_are_refused(app, people):
    client = client_for(app, people, "member")
    response = open_request(client, kind="", description="x" * 5001, files=[(f"f{i}.pdf", PDF) for i in range(4)])
    text = response.text
    assert response.status_code == 200
    assert "Select what you would like help with" in text
    assert "Enter a description of 5000 characters or fewer" in text
    assert "Choose 3 files or fewer" in text
    assert count(app, SupportRequest) == 0


def test_a_request_larger_than_the_members_limit_is_refused_before_it_is_read(make_app):
    app = make_app(MAX_MEMBER_UPLOAD_BYTES=20 * 1024)
    with app.app_context():
        people = build_people()
    client = client_for(app, people, "member")
    response = open_request(client, files=(("big.pdf", PDF + b"0" * 40 * 1024),))
    assert response.status_code == 413
    assert count(app, SupportRequest) == 0


def test_requests_and_replies_are_rate_limited_per_person(make_app):
    app = make_app(SUPPORT_LIMIT="2 per hour")
    with app.app_context():
        people = build_people()
    client = client_for(app, people, "member")
    assert open_request(client, files=()).status_code == 302
    support = latest_request(app)
    token = csrf_token(client.get(PAGE["en"].format(support.id)).text)
    assert client.post(REPLY["en"].format(support.id), data={"csrf_token": token, "body": "More"}).status_code == 302
    assert open_request(client, files=()).status_code == 429
    assert count(app, SupportRequest) == 1
    other = client_for(app, people, "welsh")  # another person keeps their own count
    assert open_request(other, files=()).status_code == 302


def test_staff_queue_assign_reply_and_the_member_reads_and_replies(app, people):
    open_request(client_for(app, people, "welsh", "cy"), "cy", language="cy")
    support = latest_request(app)
    staff = client_for(app, people, "staff")
    queue = staff.get(QUEUE["en"])
    assert queue.status_code == 200 and f"/en/staff/support/{support.id}" in queue.text
    assert f"/en/staff/support/{support.id}" not in staff.get(QUEUE["en"] + "?status=done").text
    assert "Ynys Môn County Council" in queue.text

    path = STAFF_PAGE["en"].format(support.id)
    response = staff_post(staff, path + "/assign", {"assign-assignee": str(people.ids["staff2"])}, support.id)
    assert response.status_code == 302
    after = latest_request(app)
    assert (after.assigned_to_id, after.status) == (people.ids["staff2"], "in-progress")

    reply_text = "Here is our confidential advice about your structure"
    response = staff_post(staff, path + "/reply", {"reply-body": reply_text, "reply-then": "waiting"}, support.id)
    assert response.status_code == 302
    assert latest_request(app).status == "waiting"
    [(recipient, language, subject, text, html)] = outbox(app)
    assert (recipient, language) == (people.emails["welsh"], "cy")
    assert subject == "Mae'r Rhwydwaith wedi ateb eich cais am gymorth"
    link = f"https://safercommunities.example/cy/aelodau/cymorth/{support.id}"
    assert link in text and link in html
    assert reply_text not in text and reply_text not in html and "peer review" not in text

    member = client_for(app, people, "welsh", "cy")
    page = member.get(PAGE["cy"].format(support.id))
    assert reply_text in page.text and "Siân Staff" in page.text
    token = csrf_token(page.text)
    assert member.post(REPLY["cy"].format(support.id), data={"csrf_token": token, "body": "Diolch — dydd Iau?"}
                       ).status_code == 302
    assert latest_request(app).status == "in-progress"
    assert "Diolch — dydd Iau?" in staff.get(path).text
    assert actions(app, support.id) == ["support.open", "support.assign", "support.reply", "support.member-reply"]


def test_the_email_goes_to_everyone_who_asked_still_entitled_each_in_their_language(app, people):
    open_request(client_for(app, people, "member"))
    support = latest_request(app)
    member = client_for(app, people, "welsh", "cy")
    token = csrf_token(member.get(PAGE["cy"].format(support.id)).text)
    member.post(REPLY["cy"].format(support.id), data={"csrf_token": token, "body": "Ychwanegiad"})
    with app.app_context():
        request_row = db.session.get(SupportRequest, support.id)
        operations.staff_reply(request_row, "Answer", db.session.get(User, people.ids["staff"]))
    assert sorted((m[0], m[1]) for m in outbox(app)) == sorted(
        [(people.emails["member"], "en"), (people.emails["welsh"], "cy")])
    english = next(m for m in outbox(app) if m[1] == "en")
    assert english[2] == "The Network has replied to your request for support"
    assert f"https://safercommunities.example/en/members/support/{support.id}" in english[3]


def test_nobody_is_emailed_once_their_organisation_has_lapsed(app, people):
    open_request(client_for(app, people, "member"))
    support = latest_request(app)
    with app.app_context():
        from wscn_site.models import Membership

        db.session.execute(sa.update(Membership).where(Membership.organisation_id == people.ours)
                           .values(status="lapsed"))
        db.session.commit()
        operations.staff_reply(db.session.get(SupportRequest, support.id), "Answer",
                               db.session.get(User, people.ids["staff"]))
    assert outbox(app) == []


def test_decline_for_capacity_only_for_a_peer_review_and_with_a_reason_not_emailed(app, people):
    member = client_for(app, people, "member")
    open_request(member, kind="governance", files=())
    governance = latest_request(app)
    open_request(member, kind="peer-review", files=())
    review = latest_request(app)
    staff = client_for(app, people, "staff")
    response = staff_post(staff, STAFF_PAGE["en"].format(governance.id) + "/decline",
                          {"decline-ground": "capacity", "decline-reason": "Too busy"}, governance.id)
    assert response.status_code == 302
    assert latest_request(app).id == review.id
    with app.app_context():
        assert db.session.get(SupportRequest, governance.id).status == "new"
    assert "Only a peer review can be declined" in staff.get(STAFF_PAGE["en"].format(governance.id)).text

    missing = staff_post(staff, STAFF_PAGE["en"].format(review.id) + "/decline", {"decline-ground": "capacity"},
                         review.id)
    assert missing.status_code == 422 and "Enter the reason" in missing.text
    assert "Gwall:" not in missing.text and "<title>Error:" in missing.text
    reason = "The team is fully committed to reviews until April"
    staff_post(staff, STAFF_PAGE["en"].format(review.id) + "/decline",
               {"decline-ground": "capacity", "decline-reason": reason}, review.id)
    with app.app_context():
        assert db.session.get(SupportRequest, review.id).status == "declined"
    [(recipient, _lang, subject, text, html)] = outbox(app)
    assert recipient == people.emails["member"] and subject == "An update on your request for support"
    assert reason not in text and reason not in html
    page = member.get(PAGE["en"].format(review.id))
    assert reason in page.text and "Declined" in page.text and "Send the reply" not in page.text
    token = csrf_token(member.get(PAGE["en"].format(governance.id)).text)
    refused = member.post(REPLY["en"].format(review.id), data={"csrf_token": token, "body": "Please?"},
                          follow_redirects=True)
    assert "This request has been closed" in refused.text
    assert count(app, SupportMessage) == 0
    assert actions(app, review.id) == ["support.open", "support.decline"]


def test_state_changes_are_guarded_so_a_second_decline_or_a_reply_after_it_is_refused(app, people):
    open_request(client_for(app, people, "member"), files=())
    support = latest_request(app)
    with app.app_context():
        staff = db.session.get(User, people.ids["staff"])
        stale = db.session.get(SupportRequest, support.id)
        operations.decline(stale, "other", "Out of scope", staff)
        for attempt in (lambda: operations.decline(db.session.get(SupportRequest, support.id), "other", "x", staff),
                        lambda: operations.staff_reply(db.session.get(SupportRequest, support.id), "x", staff),
                        lambda: operations.set_status(db.session.get(SupportRequest, support.id), "done", staff)):
            with pytest.raises(Refused) as refusal:
                attempt()
            assert refusal.value.reason == "closed"
        assert db.session.get(SupportRequest, support.id).status == "declined"


def test_only_staff_change_a_request_and_only_entitled_people_open_one(app, people):
    open_request(client_for(app, people, "member"), files=())
    support = latest_request(app)
    with app.app_context():
        member = db.session.get(User, people.ids["member"])
        lapsed = db.session.get(User, people.ids["lapsed"])
        other = db.session.get(User, people.ids["other"])
        row = db.session.get(SupportRequest, support.id)
        for attempt, reason in ((lambda: operations.staff_reply(row, "x", member), "staff-only"),
                                (lambda: operations.decline(row, "other", "x", member), "staff-only"),
                                (lambda: operations.assign(row, member, db.session.get(User, people.ids["staff"])),
                                 "not-staff"),
                                (lambda: operations.member_reply(row, "x", other), "not-entitled"),
                                (lambda: operations.open_request(lapsed, "governance", "Help", "en"), "not-entitled")):
            with pytest.raises(Refused) as refusal:
                attempt()
            assert refusal.value.reason == reason


def test_staff_status_changes_are_audited_with_before_and_after(app, people):
    open_request(client_for(app, people, "member"), files=())
    support = latest_request(app)
    staff = client_for(app, people, "staff", "cy")
    response = staff_post(staff, STAFF_PAGE["cy"].format(support.id) + "/statws", {"status-status": "done"},
                          support.id, "cy")
    assert response.status_code == 302 and latest_request(app).status == "done"
    with app.app_context():
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "support.status")).scalar_one()
        assert json.loads(entry.details)["status"] == ["new", "done"]
    page = staff.get(QUEUE["cy"] + "?status=done")
    assert html_lang(page.text) == "cy" and "Wedi'i wneud" in visible_text(page.text)
    log = visible_text(staff.get("/cy/staff/archwilio").text)
    assert "Wedi newid statws cais am gymorth" in log and f"Cais am gymorth {support.id}" in log
    assert "Wedi gofyn i'r Rhwydwaith am gymorth" in log


def test_members_get_a_404_on_staff_pages_and_visitors_log_in(app, people):
    open_request(client_for(app, people, "member"), files=())
    support = latest_request(app)
    member = client_for(app, people, "member")
    for path in (QUEUE["en"], STAFF_PAGE["en"].format(support.id), QUEUE["cy"]):
        assert member.get(path).status_code == 404
    assert client_for(app, people, "anonymous").get(QUEUE["en"]).status_code == 302


def test_attachments_are_kept_by_the_storage_sweep(app, people):
    open_request(client_for(app, people, "member"))
    [(_id, _name, storage_name)] = latest_request(app).files
    with app.app_context():
        assert storage.sweep(older_than_minutes=0) == [] or storage_name not in storage.sweep(0)
        assert storage.store().stat(storage_name).size == len(PDF)


def _update_staff(app, key, people, language=None, active=True):
    with app.app_context():
        person = db.session.get(User, people.ids[key])
        person.language, person.active = language or person.language, active
        db.session.commit()


def test_a_new_request_is_emailed_to_every_active_member_of_staff_in_their_language(app, people):
    _update_staff(app, "staff2", people, language="cy")
    with app.app_context():
        db.session.add(User(email="gone@network.example", name="Gwyn Gone", role="staff", active=False,
                            language="en"))
        db.session.commit()
    open_request(client_for(app, people, "member"), description="Our confidential structure review")
    support = latest_request(app)
    emails = {m[0]: m for m in outbox(app, to="staff")}
    assert set(emails) == {people.emails["staff"], people.emails["staff2"]}  # not the deactivated one
    english, welsh = emails[people.emails["staff"]], emails[people.emails["staff2"]]
    assert (english[1], english[2]) == ("en", "New request for support")
    assert (welsh[1], welsh[2]) == ("cy", "Cais newydd am gymorth")
    assert f"Ynys Môn County Council has asked the Network for support (request {support.id})" in english[3]
    assert "Peer review of governance or community safety team structures" in english[3]
    assert f"wedi gofyn i'r Rhwydwaith am gymorth (cais {support.id})" in welsh[3]
    assert f"https://safercommunities.example/en/staff/support/{support.id}" in english[3]
    assert f'href="https://safercommunities.example/cy/staff/cymorth/{support.id}"' in welsh[4]
    for message in emails.values():  # what the member wrote stays in the staff tools
        assert "confidential" not in message[3] and "confidential" not in message[4]
    with app.app_context():
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "support.open")).scalar_one()
        assert sorted(json.loads(entry.details)["staff_told"]) == sorted(emails)


def test_a_members_reply_is_emailed_to_the_assignee_or_while_nobody_active_has_it_to_all_staff(app, people):
    open_request(client_for(app, people, "member"))
    support = latest_request(app)
    staff = client_for(app, people, "staff")
    staff_post(staff, STAFF_PAGE["en"].format(support.id) + "/assign",
               {"assign-assignee": str(people.ids["staff2"])}, support.id)
    member = client_for(app, people, "member")

    def reply(text):
        before = len(outbox(app, to="staff"))
        token = csrf_token(member.get(PAGE["en"].format(support.id)).text)
        assert member.post(REPLY["en"].format(support.id), data={"csrf_token": token, "body": text}
                           ).status_code == 302
        return outbox(app, to="staff")[before:]

    [(recipient, language, subject, text, _html)] = reply("One more thing about our secret plan")
    assert (recipient, language) == (people.emails["staff2"], "en")
    assert subject == "A member has replied about a request for support"
    assert f"has written again about its request for support (request {support.id})" in text
    assert "secret plan" not in text
    _update_staff(app, "staff2", people, active=False)
    assert [m[0] for m in reply("And another")] == [people.emails["staff"]]


@pytest.mark.parametrize("what", ["new", "member-reply"])
@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_staff_email_matches_its_snapshot(app, lang, what):
    """tests/emails/support_staff[_reply].LANG.txt (WSCN_UPDATE_SNAPSHOTS=1 rewrites them)."""
    import os
    from pathlib import Path
    from types import SimpleNamespace

    from wscn_site.mail import build_message
    from wscn_site.support.labels import KINDS

    link = f"https://safercommunities.example/{lang}/STAFF-LINK"
    person = SimpleNamespace(name="Siân Ŵyn", email="sian@example.org", language=lang)
    organisation = SimpleNamespace(name=lambda lang: "Cyngor Sir Ynys Môn" if lang == "cy" else "Isle of Anglesey")
    with app.test_request_context(f"/{lang}/"):
        message = build_message(person.email, operations.STAFF_SUBJECTS[what], "support_staff", lang, user=person,
                                what=what, support=SimpleNamespace(id=42, organisation=organisation),
                                kind=KINDS["governance"], link=link)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text and f'href="{link}"' in html and f'<html lang="{lang}">' in html
    assert message["Content-Language"] == lang
    snapshot = Path(__file__).resolve().parent / "emails" / (
        f"support_staff.{lang}.txt" if what == "new" else f"support_staff_reply.{lang}.txt")
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("what", ["reply", "declined"])
@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_support_email_matches_its_snapshot_and_holds_a_link_only(app, lang, what):
    """tests/emails/support_update[_declined].LANG.txt (WSCN_UPDATE_SNAPSHOTS=1 rewrites them)."""
    import os
    from pathlib import Path
    from types import SimpleNamespace

    from wscn_site.mail import build_message

    link = f"https://safercommunities.example/{lang}/LINK"
    person = SimpleNamespace(name="Siân Ŵyn", email="sian@example.org", language=lang)
    with app.test_request_context(f"/{lang}/"):
        message = build_message(person.email, operations.SUBJECTS[what], "support_update", lang, user=person,
                                what=what, support=SimpleNamespace(id=42), link=link)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text and f'href="{link}"' in html and f'<html lang="{lang}">' in html
    assert message["Content-Language"] == lang
    assert f"/{lang}/" + ("account/emails" if lang == "en" else "cyfrif/negeseuon-ebost") in text
    snapshot = Path(__file__).resolve().parent / "emails" / (
        f"support_update.{lang}.txt" if what == "reply" else f"support_update_declined.{lang}.txt")
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_the_files_of_a_request_that_is_not_saved_are_removed_again(app, people, monkeypatch):
    """Stored before the rows commit; if the transaction fails, the batch removes them (no object
    without a row is left for long, never a row without its object)."""
    import io

    from werkzeug.datastructures import FileStorage

    from wscn_site.support import attachments

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(operations, "audit", fail)
    with app.test_request_context("/en/"):
        member = db.session.get(User, people.ids["member"])
        with pytest.raises(RuntimeError):
            with attachments.stage([FileStorage(io.BytesIO(PDF), "terms.pdf")]) as batch:
                operations.open_request(member, "governance", "Help, please", "en", batch)
        assert batch.kept and len(batch.uploads) == 1
        db.session.rollback()
    assert count(app, SupportRequest) == 0
    assert not [p for p in app.config["PRIVATE_DIR"].rglob("*") if p.is_file()]


def _reply_with_files(client, support_id, body, files, lang="en"):
    token = csrf_token(client.get(PAGE[lang].format(support_id)).text)
    return client.post(REPLY[lang].format(support_id), content_type="multipart/form-data", data={
        "csrf_token": token, "body": body, "attachments": [(io.BytesIO(content), name) for name, content in files]})


def _staff_reply_with_files(client, support_id, body, files):
    token = csrf_token(client.get(STAFF_PAGE["en"].format(support_id)).text)
    return client.post(STAFF_PAGE["en"].format(support_id) + "/reply", content_type="multipart/form-data", data={
        "csrf_token": token, "reply-body": body, "reply-then": "waiting",
        "reply-attachments": [(io.BytesIO(content), name) for name, content in files]})


def _stored_files(app):
    return sorted(p.name for p in app.config["PRIVATE_DIR"].rglob("*") if p.is_file())


def test_files_go_with_replies_from_either_side_and_only_the_organisation_and_staff_open_them(app, people):
    open_request(client_for(app, people, "member"))
    support = latest_request(app)
    welsh = client_for(app, people, "welsh", "cy")
    sent = _reply_with_files(welsh, support.id, "Dyma'r cofnodion", [("cofnodion ŵ.pdf", PDF)], lang="cy")
    assert sent.status_code == 302
    staff = client_for(app, people, "staff")
    answered = _staff_reply_with_files(staff, support.id, "Here is a template", [("template.pdf", PDF + b"%t")])
    assert answered.status_code == 302
    with app.app_context():
        files = {f.original_name: (f.id, f.message_id, f.uploaded_by_id) for f in db.session.execute(
            sa.select(SupportFile).order_by(SupportFile.id)).scalars()}
        messages = [m.id for m in db.session.execute(sa.select(SupportMessage).order_by(SupportMessage.id)).scalars()]
    assert files["terms.pdf"][1] is None  # with the request itself
    assert files["cofnodion ŵ.pdf"][1:] == (messages[0], people.ids["welsh"])
    assert files["template.pdf"][1:] == (messages[1], people.ids["staff"])

    member = client_for(app, people, "member")
    page = member.get(PAGE["en"].format(support.id)).text
    conversation = page.split("Conversation", 1)[1]
    assert "Files with this reply:" in conversation and "template.pdf" in conversation and "cofnodion" in conversation
    assert "template.pdf" not in page.split("Conversation", 1)[0]  # not among the request's own files
    assert "Ffeiliau gyda'r ateb hwn:" in welsh.get(PAGE["cy"].format(support.id)).text
    template_id = files["template.pdf"][0]
    download = member.get(FILE["en"].format(template_id, "template.pdf"))
    assert download.status_code == 200 and download.data == PDF + b"%t"
    assert download.headers["Cache-Control"] == "private, no-store"
    assert client_for(app, people, "other").get(FILE["en"].format(template_id, "template.pdf")).status_code == 404
    assert app.test_client().get(FILE["en"].format(template_id, "template.pdf")).status_code == 302  # log in first
    assert staff.get(FILE["en"].format(files["cofnodion ŵ.pdf"][0], "cofnodion ŵ.pdf")).status_code == 200
    with app.app_context():
        details = [json.loads(e.details) for e in db.session.execute(
            sa.select(AuditEntry).where(AuditEntry.action.in_(("support.member-reply", "support.reply")))
            .order_by(AuditEntry.id)).scalars()]
    assert [d["files"] for d in details] == [["cofnodion ŵ.pdf"], ["template.pdf"]]


@pytest.mark.parametrize("who", ["member", "staff"])
def test_a_reply_with_a_refused_file_keeps_nothing_and_says_why(app, people, who):
    open_request(client_for(app, people, "member"), files=())
    support = latest_request(app)
    before = _stored_files(app)
    client = client_for(app, people, who)
    program = [("notes.pdf", b"MZ\x90\x00 a program renamed")]
    if who == "member":
        response = _reply_with_files(client, support.id, "With a file", program)
    else:
        response = _staff_reply_with_files(client, support.id, "With a file", program)
    assert response.status_code == 422
    assert "must be a PDF, Word, Excel, PowerPoint or OpenDocument" in response.text
    assert "There is a problem" in response.text and "With a file" in response.text  # the reply is kept on the page
    assert count(app, SupportMessage) == 0 and count(app, SupportFile) == 0
    assert _stored_files(app) == before
    too_many = [(f"f{i}.pdf", PDF) for i in range(4)]
    response = (_reply_with_files(client, support.id, "Four", too_many) if who == "member"
                else _staff_reply_with_files(client, support.id, "Four", too_many))
    assert response.status_code == 422 and "Choose 3 files or fewer" in response.text
    assert count(app, SupportMessage) == 0 and _stored_files(app) == before


def test_a_welsh_reply_with_a_refused_file_is_told_in_welsh(app, people):
    open_request(client_for(app, people, "member"), files=())
    support = latest_request(app)
    response = _reply_with_files(client_for(app, people, "welsh", "cy"), support.id, "Gyda ffeil",
                                 [("nodiadau.docx", PDF)], lang="cy")
    assert response.status_code == 422 and '<html lang="cy">' in response.text
    assert "nodiadau.docx" in response.text and "There is a problem" not in response.text
