"""The annual meeting of members: the agenda in both languages, members' questions until the
deadline, moderation, publishing the questions, the answers and the minutes, the emails (each in
its reader's language, as people chose), the reminder from cron, and who may see what."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from factories import csrf_token, log_in, organisation, user
from helpers import visible_text
from meeting_helpers import ASK, PAGE, ask, meeting, staff_user, values
from wscn_site import clock, email_preferences
from wscn_site.audit import Refused
from wscn_site.extensions import db
from wscn_site.meetings import notices, operations
from wscn_site.models import AuditEntry, Meeting, MeetingQuestion, OutboxMessage, Resource, User

pytestmark = pytest.mark.db


def _outbox(kind):
    return sorted((row.recipient, row.language, row.subject) for row in db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind)).scalars())


def _actions():
    return [entry.action for entry in db.session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def _person(email):
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one()


def _question(**where):
    return db.session.execute(sa.select(MeetingQuestion).filter_by(**where).order_by(MeetingQuestion.id)).scalars().first()


def test_the_agenda_is_published_only_in_both_languages_and_emails_each_member_in_their_language(app, portal):
    with app.app_context():
        staff = staff_user()
        draft = operations.create_meeting(values(agenda=("1. Welcome", "")), staff)
        with pytest.raises(operations.NotReady) as refused:
            operations.publish_agenda(draft, staff)
        assert refused.value.readiness.missing == ["agenda_cy"]
        assert _outbox("meeting_agenda") == []
        email_preferences.save(_person("member@example.org"), {"meeting": False})  # turned off: no email
        draft.agenda_cy = "1. Croeso"
        assert operations.publish_agenda(draft, staff) is True
        assert operations.publish_agenda(draft, staff) is False  # once only
        sent = _outbox("meeting_agenda")
        # the Welsh member in Welsh; not the one who opted out, the lapsed organisation, the
        # deactivated account, nor staff
        assert sent == [("aelod@example.org", "cy", "Cyfarfod blynyddol yr aelodau: yr agenda, a'ch cwestiynau")]
        body = db.session.execute(sa.select(OutboxMessage.text_body)).scalar_one()
        assert "/cy/aelodau/cyfarfod-blynyddol" in body and "/cy/cyfrif/negeseuon-ebost" in body
        assert _actions().count("meeting.publish_agenda") == 1 and "meeting.create" in _actions()


def test_a_member_asks_in_welsh_and_sees_the_question_with_its_status(app, portal, client):
    with app.app_context():
        meeting_id = meeting()
    log_in(client, "aelod@example.org", lang="cy")
    page = client.get(PAGE["cy"])
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Cyfarfod blynyddol yr aelodau" in text and "Croeso" in text and "Neuadd y Ddinas Caerdydd" in text
    sent = ask(client, meeting_id, "Beth yw cynllun gwaith y Rhwydwaith ar gyfer ŵyr ac ŷd?", "cy", "team", "cy")
    assert sent.status_code == 302
    shown = visible_text(client.get(sent.headers["Location"]).text)
    assert "Beth yw cynllun gwaith y Rhwydwaith ar gyfer ŵyr ac ŷd?" in shown
    assert "At: Tîm y Rhwydwaith. Iaith: Cymraeg. Statws: Wedi'i gyflwyno." in shown
    with app.app_context():
        question = _question()
        assert (question.language, question.addressed_to, question.status) == ("cy", "team", "submitted")
        assert question.organisation_id == portal.organisations["current"]
        assert "meeting.question.ask" in _actions()


def test_a_question_after_the_deadline_is_refused_in_the_pages_language(app, portal, client):
    with app.app_context():
        meeting_id = meeting(closes_days=2)
        closes = db.session.get(Meeting, meeting_id).questions_close_at
    log_in(client, "aelod@example.org", lang="cy")
    token = csrf_token(client.get(PAGE["cy"]).text)  # the form was open when the page was read
    with app.app_context():  # the deadline passes while the member writes
        db.session.execute(sa.update(Meeting).values(questions_close_at=clock.now() - timedelta(minutes=1)))
        db.session.commit()
    refused = client.post(ASK["cy"].format(id=meeting_id), data={
        "csrf_token": token, "addressed_to": "board", "language": "cy", "text": "Rhy hwyr?"})
    assert refused.status_code == 409
    assert "Mae'r dyddiad cau ar gyfer cwestiynau wedi mynd heibio, felly ni chafodd eich cwestiwn ei anfon." in (
        visible_text(refused.text))
    assert "Gwall:" in refused.text.split("</title>")[0]
    assert "Anfon y cwestiwn" not in refused.text  # the form is gone
    with app.app_context():
        assert _question() is None
        with clock.frozen_at(clock.as_utc(closes) + timedelta(minutes=1)), pytest.raises(Refused) as late:
            operations.ask(db.session.get(Meeting, meeting_id), _person("aelod@example.org"), "board", "cy", "Hwyr")
        assert late.value.reason == "closed"


def test_a_question_too_long_or_empty_is_refused_with_the_fields_message(app, portal, client):
    with app.app_context():
        meeting_id = meeting()
    log_in(client, "member@example.org")
    too_long = ask(client, meeting_id, "x" * 2001)
    assert too_long.status_code == 422
    assert "Enter a question of 2,000 characters or fewer" in too_long.text
    empty = ask(client, meeting_id, "   ")
    assert empty.status_code == 422 and "Enter your question" in empty.text
    with app.app_context():
        assert _question() is None


def test_questions_are_rate_limited_per_person(make_app):
    app = make_app(MEETING_QUESTION_LIMIT="2 per hour", RATELIMIT_ENABLED=True)
    from factories import build_portal

    with app.app_context():
        build_portal()
        meeting_id = meeting()
    client = app.test_client()
    log_in(client, "member@example.org")
    assert [ask(client, meeting_id, f"Question {n}").status_code for n in range(3)] == [302, 302, 429]
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(MeetingQuestion.id))).scalar() == 2


def test_no_one_outside_the_organisation_sees_its_questions_until_staff_publish_them(app, portal, client, login):
    with app.app_context():
        meeting_id = meeting()
        other_org = organisation("Other Council")
        user("other@example.org", org=other_org)
        db.session.commit()
    log_in(client, "member@example.org")
    assert ask(client, meeting_id, "A question only we should see").status_code == 302
    with app.app_context():
        question_id = _question().id
    other = app.test_client()
    log_in(other, "other@example.org")
    assert "A question only we should see" not in other.get(PAGE["en"]).text
    assert other.get(f"/en/staff/annual-meeting/questions/{question_id}").status_code == 404
    lapsed = app.test_client()
    log_in(lapsed, "lapsed@example.org")
    for path in (PAGE["en"], f"/en/members/annual-meeting/{meeting_id}", PAGE["cy"]):
        assert lapsed.get(path).status_code == 404
    assert lapsed.post(ASK["en"].format(id=meeting_id), data={"text": "x"}).status_code in (400, 404)
    visitor = app.test_client()
    assert visitor.get(PAGE["en"]).status_code == 302 and "login" in visitor.get(PAGE["en"]).headers["Location"]
    assert visitor.get(f"/en/staff/annual-meeting/{meeting_id}").status_code == 302
    member_on_staff_page = client.get(f"/en/staff/annual-meeting/{meeting_id}")
    assert member_on_staff_page.status_code == 404
    with app.app_context():  # staff accept it and publish: now everyone entitled sees it, without the organisation
        staff = staff_user()
        operations.accept(db.session.get(MeetingQuestion, question_id), staff)
        operations.publish_questions(db.session.get(Meeting, meeting_id), staff)
    shown = other.get(PAGE["en"]).text
    assert "A question only we should see" in shown and "Example County Council" not in shown
    assert "A question only we should see" not in lapsed.get(PAGE["en"]).text


def test_staff_moderate_merge_decline_and_answer_and_the_member_reads_it_in_their_language(app, portal, client):
    with app.app_context():
        meeting_id = meeting(days=10, closes_days=5)
        staff = staff_user()
        meeting_row = db.session.get(Meeting, meeting_id)
        welsh, english = _person("aelod@example.org"), _person("member@example.org")
        first = operations.ask(meeting_row, welsh, "board", "cy", "Sut bydd y Bwrdd yn gwrando ar aelodau?")
        duplicate = operations.ask(meeting_row, english, "board", "en", "How will the Board listen to members?")
        off_topic = operations.ask(meeting_row, english, "team", "en", "Can you fix our printer?")
        operations.accept(first, staff)
        operations.merge(duplicate, first, staff)
        with pytest.raises(Refused):
            operations.decline(off_topic, "Nid yw hyn yn fater i'r cyfarfod.", "", staff)  # English question: English reason
        operations.decline(off_topic, "Nid yw hyn yn fater i'r cyfarfod.", "That is not a matter for the meeting.", staff)
        with pytest.raises(Refused):
            operations.answer(first, "", "In English only", staff)  # a Welsh question is answered in Welsh
        operations.answer(first, "Drwy gyfarfodydd y Rhwydwaith a'r arolwg blynyddol.", "", staff)
        with pytest.raises(Refused) as early:
            operations.publish_answers(meeting_row, "Cofnodion", "Minutes", staff)
        assert early.value.reason == "not-yet"
        first_id = first.id
    page = visible_text((log_in(client, "aelod@example.org", lang="cy"), client.get(PAGE["cy"]))[1].text)
    assert "Statws: Wedi'i dderbyn." in page and "Drwy gyfarfodydd" not in page  # not yet published
    english_client = client.application.test_client()
    log_in(english_client, "member@example.org")
    english_page = visible_text(english_client.get(PAGE["en"]).text)
    assert "Status: Merged with a similar question." in english_page
    assert "Status: Declined." in english_page and "Why: That is not a matter for the meeting." in english_page

    with app.app_context():
        meeting_row = db.session.get(Meeting, meeting_id)
        db.session.execute(sa.update(Meeting).values(  # the meeting has taken place
            starts_at=clock.now() - timedelta(hours=3), questions_close_at=clock.now() - timedelta(days=2)))
        db.session.commit()
        assert operations.publish_answers(meeting_row, "## Cofnodion\nCroeso.", "## Minutes\nWelcome.", staff_user())
        minutes = db.session.execute(sa.select(Resource).where(Resource.kind == "minutes")).scalar_one()
        assert minutes.title_cy.startswith("Cofnodion cyfarfod blynyddol yr aelodau") and "Welcome." in minutes.summary_en
        assert meeting_row.minutes_resource_id == minutes.id
        answers = _outbox("meeting_answers")
        assert ("aelod@example.org", "cy", "Cyfarfod blynyddol yr aelodau: yr atebion a'r cofnodion") in answers
        assert ("member@example.org", "en", "The annual meeting of members: the answers and the minutes") in answers
        assert not any("Drwy gyfarfodydd" in row.text_body for row in db.session.execute(
            sa.select(OutboxMessage)).scalars())  # no answer's text in an email
        for action in ("meeting.question.accept", "meeting.question.merge", "meeting.question.decline",
                       "meeting.question.answer", "meeting.publish_answers", "resource.create"):
            assert action in _actions()
    page = visible_text(client.get(PAGE["cy"]).text)
    assert "Statws: Wedi'i ateb." in page and "Drwy gyfarfodydd y Rhwydwaith a'r arolwg blynyddol." in page
    assert "Cofnodion cyfarfod blynyddol yr aelodau" in page
    english_page = visible_text(english_client.get(PAGE["en"]).text)  # the merged question shows the answer it joined
    assert "Sut bydd y Bwrdd yn gwrando ar aelodau?" in english_page and "Drwy gyfarfodydd" in english_page
    assert english_client.get(f"/en/members/resources/{minutes_id(app)}").status_code == 200
    with app.app_context():
        assert db.session.get(MeetingQuestion, first_id).status == "accepted"


def minutes_id(app):
    with app.app_context():
        return db.session.execute(sa.select(Resource.id).where(Resource.kind == "minutes")).scalar_one()


def test_a_lapsed_organisation_gets_no_meeting_emails(app, portal):
    with app.app_context():
        meeting_id = meeting()
        recipients = {person.email for person in notices.recipients(db.session.get(Meeting, meeting_id), "answers")}
        assert recipients == {"member@example.org", "aelod@example.org"}


def test_the_reminder_goes_once_a_week_before_the_deadline_however_often_cron_runs(app, portal, runner):
    with app.app_context():
        meeting_id = meeting(days=30, closes_days=10)
        closes = clock.as_utc(db.session.get(Meeting, meeting_id).questions_close_at)
    with clock.frozen_at(closes - timedelta(days=8)):
        assert "Queued reminders for 0 meeting(s)." in runner.invoke(args=["meetings", "remind"]).output
    with clock.frozen_at(closes - timedelta(days=6)):
        first = runner.invoke(args=["meetings", "remind"])
        assert first.exit_code == 0 and "reminder queued to 2 people" in first.output
        assert "Queued reminders for 0 meeting(s)." in runner.invoke(args=["meetings", "remind"]).output
    with app.app_context():
        sent = _outbox("meeting_reminder")
        assert [(email, lang) for email, lang, _subject in sent] == [("aelod@example.org", "cy"),
                                                                     ("member@example.org", "en")]
        assert db.session.get(Meeting, meeting_id).reminder_sent_at is not None
        assert _actions().count("meeting.remind") == 1


def test_staff_set_up_and_publish_a_meeting_through_the_pages_in_welsh(app, portal, client):
    log_in(client, "staff@example.org", lang="cy")
    form = client.get("/cy/staff/cyfarfod-blynyddol/newydd")
    assert form.status_code == 200 and "Trefnu'r cyfarfod blynyddol" in form.text
    day = clock.today() + timedelta(days=40)
    data = {"csrf_token": csrf_token(form.text), "starts_on": f"{day.day}/{day.month}/{day.year}", "starts_time": "10:00",
            "where": "online", "event_id": "", "agenda_cy": "1. Croeso", "agenda_en": "",
            "closes_on": f"{day.day}/{day.month}/{day.year + 1}"}
    late = client.post("/cy/staff/cyfarfod-blynyddol/newydd", data=data)
    assert late.status_code == 422 and "Rhaid i'r diwrnod olaf ar gyfer cwestiynau fod cyn y cyfarfod" in late.text
    data["closes_on"] = (day - timedelta(days=7)).strftime("%d/%m/%Y")
    saved = client.post("/cy/staff/cyfarfod-blynyddol/newydd", data=data)
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"])
    assert "Yr agenda yn Saesneg" in visible_text(page.text)
    refused = client.post(saved.headers["Location"] + "/cyhoeddi", data={"csrf_token": csrf_token(page.text)})
    assert refused.status_code == 409
    assert "Ni ellir cyhoeddi'r agenda nes bod y ddwy iaith yn gyflawn." in visible_text(refused.text)
    with app.app_context():
        assert db.session.execute(sa.select(Meeting)).scalar_one().agenda_published_at is None


def test_the_portal_and_staff_front_pages_link_to_the_meeting(app, portal, client):
    log_in(client, "aelod@example.org", lang="cy")
    assert 'href="/cy/aelodau/cyfarfod-blynyddol"' in client.get("/cy/aelodau/").text
    none_yet = client.get(PAGE["cy"])
    assert none_yet.status_code == 200 and "Nid yw'r cyfarfod blynyddol nesaf wedi'i gyhoeddi eto." in none_yet.text
    staff = client.application.test_client()
    log_in(staff, "staff@example.org")
    assert 'href="/en/staff/annual-meeting/"' in staff.get("/en/staff/").text


def test_staff_decline_and_merge_through_the_question_pages(app, portal, client):
    with app.app_context():
        meeting_id = meeting()
        meeting_row, staff = db.session.get(Meeting, meeting_id), staff_user()
        kept = operations.ask(meeting_row, _person("member@example.org"), "board", "en", "How is the Network funded?")
        operations.accept(kept, staff)
        duplicate = operations.ask(meeting_row, _person("aelod@example.org"), "board", "cy", "Sut caiff y Rhwydwaith ei ariannu?")
        declined = operations.ask(meeting_row, _person("aelod@example.org"), "team", "cy", "Cwestiwn arall")
        ids = kept.id, duplicate.id, declined.id
    log_in(client, "staff@example.org")
    page = client.get(f"/en/staff/annual-meeting/questions/{ids[2]}")
    assert page.status_code == 200 and "Example County Council" in page.text
    token = csrf_token(page.text)
    no_welsh = client.post(f"/en/staff/annual-meeting/questions/{ids[2]}/decline",
                           data={"csrf_token": token, "reason_cy": "", "reason_en": "Not for the meeting."})
    assert no_welsh.status_code == 409
    assert "Enter the reason in the question&#39;s language at least." in no_welsh.text
    done = client.post(f"/en/staff/annual-meeting/questions/{ids[2]}/decline",
                       data={"csrf_token": token, "reason_cy": "Nid yw hwn yn fater i'r cyfarfod.", "reason_en": ""})
    assert done.status_code == 302
    bad_target = client.post(f"/en/staff/annual-meeting/questions/{ids[1]}/merge",
                             data={"csrf_token": token, "into": str(ids[2])})
    assert bad_target.status_code == 422 and "Select a question from the list" in bad_target.text
    merged = client.post(f"/en/staff/annual-meeting/questions/{ids[1]}/merge", data={"csrf_token": token, "into": str(ids[0])})
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.get(MeetingQuestion, ids[1]).merged_into_id == ids[0]
        assert db.session.get(MeetingQuestion, ids[2]).decline_reason("en") == "Nid yw hwn yn fater i'r cyfarfod."
    welsh = app.test_client()
    log_in(welsh, "aelod@example.org", lang="cy")
    shown = visible_text(welsh.get(PAGE["cy"]).text)
    assert "Pam: Nid yw hwn yn fater i'r cyfarfod." in shown
    assert "Statws: Wedi'i gyfuno â chwestiwn tebyg." in shown and "How is the Network funded?" in shown


def test_a_duplicate_shows_another_organisations_question_only_once_published(app, portal, client):
    with app.app_context():
        meeting_id = meeting()
        meeting_row, staff = db.session.get(Meeting, meeting_id), staff_user()
        other = user("other@example.org", org=organisation("Other Council"))
        db.session.commit()
        kept = operations.ask(meeting_row, other, "board", "en", "Other council's wording of the question")
        operations.accept(kept, staff)
        duplicate = operations.ask(meeting_row, _person("member@example.org"), "board", "en", "Our wording")
        operations.merge(duplicate, kept, staff)
    log_in(client, "member@example.org")
    before = visible_text(client.get(PAGE["en"]).text)
    assert "Status: Merged with a similar question." in before and "Other council's wording" not in before
    with app.app_context():
        operations.publish_questions(db.session.get(Meeting, meeting_id), staff_user())
    assert "Other council's wording of the question" in visible_text(client.get(PAGE["en"]).text)


def test_a_published_agenda_stays_complete_in_both_languages_and_answered_meetings_are_not_changed(app, portal):
    with app.app_context():
        meeting_id = meeting()
        meeting_row, staff = db.session.get(Meeting, meeting_id), staff_user()
        with pytest.raises(operations.NotReady):
            operations.update_meeting(meeting_row, values(agenda=("1. Welcome", "")), staff)
        assert db.session.get(Meeting, meeting_id).agenda_cy.startswith("1. Croeso")  # nothing saved
        with pytest.raises(Refused) as late:
            operations.update_meeting(meeting_row, values(days=5, closes_days=6), staff)
        assert late.value.reason == "deadline"
        assert operations.update_meeting(meeting_row, values(online=True), staff) == ["online", "venue_cy", "venue_en"]
        db.session.execute(sa.update(Meeting).values(starts_at=clock.now() - timedelta(hours=1),
                                                     questions_close_at=clock.now() - timedelta(days=1)))
        db.session.commit()
        operations.publish_answers(meeting_row, "Cofnodion", "Minutes", staff)
        assert operations.publish_answers(meeting_row, "Cofnodion", "Minutes", staff) is False  # once only
        assert db.session.execute(sa.select(sa.func.count(Resource.id)).where(Resource.kind == "minutes")).scalar() == 1
        with pytest.raises(Refused) as answered:
            operations.update_meeting(meeting_row, values(), staff)
        assert answered.value.reason == "answered"
