"""Every change to the annual meeting and its questions, from the views, the CLI, the demo and tests.

Each writes an AuditEntry in its transaction, and the emails it causes go to the outbox in the same
transaction (notices.py). The rules live here:

- Publishing the agenda needs it in both languages (and the venue in both, unless online), like an
  event; a published meeting keeps to that when edited. The question deadline comes before the meeting.
- A question is asked by an entitled member of an organisation (``access.is_entitled``), to a
  published meeting, before its deadline (the server's clock, Europe/London), within the length limit.
- Moderation: accept; merge into another question of the same meeting (the questions merged into
  the duplicate follow it); decline with a reason in at least the question's language; answer an
  accepted question in at least its language.
- The accepted questions are published to every member once; the answers with the minutes (a
  Resource of kind "minutes", both languages) once the meeting has started (publishing the
  questions too, if staff had not).
State changes that can race are UPDATEs guarded by the state they start from.
"""
from datetime import datetime

import sqlalchemy as sa

from .. import clock
from ..access import is_entitled
from ..audit import Refused, audit
from ..extensions import db
from ..models import Meeting, MeetingQuestion, Resource
from ..models.meetings import ADDRESSEES, QUESTION_LANGUAGES
from ..readiness import NotReady, blank_fields
from . import notices

FIELDS = ("starts_at", "online", "venue_cy", "venue_en", "event_id", "agenda_cy", "agenda_en", "questions_close_at")
MAX_QUESTION = 2000
MAX_REASON = 1000
MAX_ANSWER = 10000


def readiness(meeting):
    return blank_fields(meeting, ("agenda_cy", "agenda_en") + (() if meeting.online else ("venue_cy", "venue_en")))


def questions_open(meeting, now=None):
    now = now or clock.now()
    return meeting.agenda_published_at is not None and now < clock.as_utc(meeting.questions_close_at)


def _check(values):
    if values["questions_close_at"] > values["starts_at"]:
        raise Refused("deadline")


def _stored(value):
    """A value as it compares once stored (SQLite hands back times without their UTC zone)."""
    return clock.as_utc(value) if isinstance(value, datetime) else value


def _audit(actor, action, target, **details):
    kind = "meeting" if isinstance(target, Meeting) else "meeting_question"
    audit(actor, action, kind, target.id, **details)


def create_meeting(values, actor):
    _check(values)
    meeting = Meeting(**{name: values[name] for name in FIELDS})
    db.session.add(meeting)
    db.session.flush()
    _audit(actor, "meeting.create", meeting, starts_at=meeting.starts_at)
    db.session.commit()
    return meeting


def update_meeting(meeting, values, actor):
    """Save staff's changes; a meeting whose answers are published is not changed, and a published
    agenda stays complete in both languages (NotReady, nothing saved)."""
    if meeting.answers_published_at is not None:
        raise Refused("answered")
    _check(values)
    changed = [name for name in FIELDS if _stored(getattr(meeting, name)) != _stored(values[name])]
    for name in changed:
        setattr(meeting, name, values[name])
    if meeting.agenda_published_at is not None and not readiness(meeting):
        result = readiness(meeting)
        db.session.rollback()
        raise NotReady(result)
    if changed:
        _audit(actor, "meeting.update", meeting, fields=changed)
    db.session.commit()
    return changed


def _claim(meeting, column, *conditions):
    """Set ``column`` to now where it is still empty; True for the one caller that did."""
    done = db.session.execute(sa.update(Meeting).where(Meeting.id == meeting.id, column.is_(None), *conditions)
                              .values({column.key: clock.now()})).rowcount
    return done == 1


def publish_agenda(meeting, actor, notify=True):
    """Publish the agenda (questions open until the deadline) and email members (``notify``: the demo
    data writes to no one). False if it was already."""
    result = readiness(meeting)
    if not result:
        raise NotReady(result)
    if not _claim(meeting, Meeting.agenda_published_at):
        db.session.rollback()
        return False
    db.session.refresh(meeting)
    _audit(actor, "meeting.publish_agenda", meeting)
    if notify:
        notices.queue_to_members(meeting, "agenda")
    db.session.commit()
    return True


def publish_questions(meeting, actor):
    """Show the accepted questions to every member. False if they were already."""
    if meeting.agenda_published_at is None:
        raise Refused("draft")
    if not _claim(meeting, Meeting.questions_published_at):
        db.session.rollback()
        return False
    _audit(actor, "meeting.publish_questions", meeting)
    db.session.commit()
    db.session.refresh(meeting)
    return True


def publish_answers(meeting, minutes_cy, minutes_en, actor, notify=True):
    """After the meeting has started: publish the answers and the minutes (a resource in the library,
    both languages), and email members. False if they were already published."""
    if meeting.agenda_published_at is None:
        raise Refused("draft")
    if clock.now() < clock.as_utc(meeting.starts_at):
        raise Refused("not-yet")
    if not (minutes_cy or "").strip() or not (minutes_en or "").strip():
        raise Refused("minutes")
    if not _claim(meeting, Meeting.answers_published_at):
        db.session.rollback()
        return False
    _claim(meeting, Meeting.questions_published_at)  # the questions answered at the meeting, if not published before
    year = clock.as_utc(meeting.starts_at).astimezone(clock.LONDON).year
    minutes = Resource(title_en=f"Minutes of the annual meeting of members {year}",
                       title_cy=f"Cofnodion cyfarfod blynyddol yr aelodau {year}",
                       summary_en=minutes_en.strip(), summary_cy=minutes_cy.strip(), kind="minutes",
                       audience="members", published_at=clock.now())
    db.session.add(minutes)
    db.session.flush()
    db.session.execute(sa.update(Meeting).where(Meeting.id == meeting.id).values(minutes_resource_id=minutes.id))
    db.session.refresh(meeting)
    audit(actor, "resource.create", "resource", minutes.id, kind="minutes", title_en=minutes.title_en,
          title_cy=minutes.title_cy, published=True)
    _audit(actor, "meeting.publish_answers", meeting, minutes=minutes.id)
    if notify:
        notices.queue_to_members(meeting, "answers")
    db.session.commit()
    return True


def ask(meeting, user, addressed_to, language, text):
    """A member's question; Refused with "not-entitled", "not-open", "closed", "addressee",
    "language", "empty" or "too-long"."""
    if not is_entitled(user) or user.is_staff or user.organisation_id is None:
        raise Refused("not-entitled")
    if meeting.agenda_published_at is None:
        raise Refused("not-open")
    if not questions_open(meeting):
        raise Refused("closed")
    if addressed_to not in ADDRESSEES:
        raise Refused("addressee")
    if language not in QUESTION_LANGUAGES:
        raise Refused("language")
    text = (text or "").strip()
    if not text:
        raise Refused("empty")
    if len(text) > MAX_QUESTION:
        raise Refused("too-long")
    question = MeetingQuestion(meeting_id=meeting.id, organisation_id=user.organisation_id, author_id=user.id,
                               addressed_to=addressed_to, language=language, text=text, status="submitted")
    db.session.add(question)
    db.session.flush()
    _audit(user, "meeting.question.ask", question, meeting=meeting.id, language=language, addressed_to=addressed_to)
    db.session.commit()
    return question


def _move(question, from_statuses, **values):
    done = db.session.execute(sa.update(MeetingQuestion).where(
        MeetingQuestion.id == question.id, MeetingQuestion.status.in_(from_statuses)).values(**values)).rowcount
    return done == 1


def accept(question, actor):
    if not _move(question, ("submitted", "declined"), status="accepted", decline_reason_cy="",
                 decline_reason_en=""):
        db.session.rollback()
        raise Refused("state")
    _audit(actor, "meeting.question.accept", question)
    db.session.commit()
    db.session.refresh(question)


def merge(question, into, actor):
    """``question`` is a duplicate of ``into`` (accepted, same meeting): it follows it, and so do
    the questions merged into it before."""
    if (into is None or into.id == question.id or into.meeting_id != question.meeting_id
            or into.status != "accepted"):
        raise Refused("merge-target")
    if not _move(question, ("submitted", "accepted"), status="merged", merged_into_id=into.id):
        db.session.rollback()
        raise Refused("state")
    db.session.execute(sa.update(MeetingQuestion).where(MeetingQuestion.merged_into_id == question.id)
                       .values(merged_into_id=into.id))
    _audit(actor, "meeting.question.merge", question, into=into.id)
    db.session.commit()
    db.session.refresh(question)


def decline(question, reason_cy, reason_en, actor):
    reason_cy, reason_en = (reason_cy or "").strip(), (reason_en or "").strip()
    if not (reason_cy if question.language == "cy" else reason_en):
        raise Refused("reason")
    if len(reason_cy) > MAX_REASON or len(reason_en) > MAX_REASON:
        raise Refused("too-long")
    if not _move(question, ("submitted", "accepted"), status="declined", decline_reason_cy=reason_cy,
                 decline_reason_en=reason_en):
        db.session.rollback()
        raise Refused("state")
    _audit(actor, "meeting.question.decline", question, reason_cy=reason_cy, reason_en=reason_en)
    db.session.commit()
    db.session.refresh(question)


def answer(question, answer_cy, answer_en, actor):
    """Record (or correct) the answer of an accepted question, in at least its language."""
    answer_cy, answer_en = (answer_cy or "").strip(), (answer_en or "").strip()
    if question.status != "accepted":
        raise Refused("state")
    if not (answer_cy if question.language == "cy" else answer_en):
        raise Refused("answer")
    if len(answer_cy) > MAX_ANSWER or len(answer_en) > MAX_ANSWER:
        raise Refused("too-long")
    if not _move(question, ("accepted",), answer_cy=answer_cy, answer_en=answer_en, answered_at=clock.now()):
        db.session.rollback()
        raise Refused("state")
    _audit(actor, "meeting.question.answer", question, languages=[lang for lang, text in
                                                                  (("cy", answer_cy), ("en", answer_en)) if text])
    db.session.commit()
    db.session.refresh(question)
