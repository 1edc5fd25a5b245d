"""The annual meeting's emails to members, each in the recipient's language, through the outbox in
the transaction of the change that causes them:

- "agenda": the agenda is published and questions are open;
- "reminder": a week before the question deadline (``remind``, from ``flask meetings remind``);
- "answers": the answers and the minutes are published.

Recipients: active people of entitled organisations (``access.is_entitled``, the one rule) who have
not turned the "meeting" topic off (``email_preferences.wanting``); for the answers, also the people
who asked a question (it is about something they did, so it always goes). No question's or answer's
text is put in an email: it carries a link to the portal.

``remind`` is safe from cron however often it runs: the meeting is claimed by an UPDATE guarded by
``reminder_sent_at IS NULL`` in the transaction that queues the emails.
"""
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from .. import clock
from ..access import is_entitled
from ..audit import audit
from ..email_preferences import wanting
from ..extensions import db
from ..mail import queue_email, site_urls
from ..models import Meeting, MeetingQuestion, Organisation, User

REMIND_BEFORE = timedelta(days=7)
SUBJECTS = {
    "agenda": _l("The annual meeting of members: the agenda, and your questions"),
    "reminder": _l("A week left to send your questions to the annual meeting of members"),
    "answers": _l("The annual meeting of members: the answers and the minutes"),
}


def recipients(meeting, kind):
    """The people to write to, each once, entitled now."""
    condition = sa.and_(User.active.is_(True), User.organisation_id.is_not(None))
    wanted = wanting("meeting")
    if kind == "answers":
        askers = sa.select(MeetingQuestion.author_id).where(MeetingQuestion.meeting_id == meeting.id,
                                                            MeetingQuestion.author_id.is_not(None))
        wanted = sa.or_(wanted, User.id.in_(askers))
    people = db.session.execute(
        sa.select(User).where(condition, wanted).order_by(User.id)
        .options(selectinload(User.organisation).selectinload(Organisation.memberships))).scalars().all()
    return [person for person in people if is_entitled(person)]


def _link(lang):
    return current_app.config["SITE_URL"] + url_for("meetings.member_meeting", lang_code=lang)


def _preferences(lang):
    return current_app.config["SITE_URL"] + url_for("auth.email_preferences_page", lang_code=lang)


def queue_to_members(meeting, kind):
    """Queue the ``kind`` email to every recipient; returns how many."""
    with site_urls():
        return _queue(meeting, kind)


def _queue(meeting, kind):
    people = recipients(meeting, kind)
    for person in people:
        lang = person.language if person.language in ("cy", "en") else "cy"
        queue_email(person.email, SUBJECTS[kind], f"meeting_{kind}", lang, person=person, meeting=meeting,
                    link=_link(lang), preferences=_preferences(lang))
    return len(people)


def due_meetings(now):
    """Ids of meetings with a published agenda whose deadline is within a week and not yet passed,
    not reminded yet."""
    return db.session.execute(sa.select(Meeting.id).where(
        Meeting.agenda_published_at.is_not(None), Meeting.reminder_sent_at.is_(None),
        Meeting.questions_close_at > now, Meeting.questions_close_at <= now + REMIND_BEFORE)
        .order_by(Meeting.id)).scalars().all()


def remind(now=None):
    """Queue each due reminder once; returns [(meeting id, emails queued)]."""
    now = now or clock.now()
    sent = []
    for meeting_id in due_meetings(now):
        claimed = db.session.execute(sa.update(Meeting).where(
            Meeting.id == meeting_id, Meeting.reminder_sent_at.is_(None)).values(reminder_sent_at=now)).rowcount
        if claimed != 1:  # another run took it
            db.session.rollback()
            continue
        meeting = db.session.get(Meeting, meeting_id, populate_existing=True)
        count = queue_to_members(meeting, "reminder")
        audit(None, "meeting.remind", "meeting", meeting.id, emails=count)
        db.session.commit()
        sent.append((meeting.id, count))
    return sent
