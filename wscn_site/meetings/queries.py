"""Reads for the annual meeting's pages. Every read of questions asks the one access rule
(``access.owned_by``) or reads only what staff have published to every member."""
import sqlalchemy as sa

from ..access import owned_by
from ..extensions import db
from ..models import Event, Meeting, MeetingQuestion, Organisation, Resource


def published_meetings():
    """Meetings whose agenda members can read, latest first."""
    return db.session.execute(sa.select(Meeting).where(Meeting.agenda_published_at.is_not(None))
                              .order_by(Meeting.starts_at.desc(), Meeting.id.desc())).scalars().all()


def member_meeting(meeting_id):
    """A meeting members may read (its agenda is published), or None."""
    return db.session.execute(sa.select(Meeting).where(Meeting.id == meeting_id,
                                                       Meeting.agenda_published_at.is_not(None))).scalar_one_or_none()


def own_questions(user, meeting):
    """The questions of ``user``'s organisation to this meeting, if the rule lets them see them."""
    column = MeetingQuestion.organisation_id
    return db.session.execute(sa.select(MeetingQuestion).where(
        MeetingQuestion.meeting_id == meeting.id, owned_by(user, column), column == user.organisation_id)
        .order_by(MeetingQuestion.id)).scalars().all()


def published_questions(meeting):
    """The accepted questions, once staff have published them to every member (no organisation named)."""
    if meeting.questions_published_at is None:
        return []
    return db.session.execute(sa.select(MeetingQuestion).where(
        MeetingQuestion.meeting_id == meeting.id, MeetingQuestion.status == "accepted")
        .order_by(MeetingQuestion.id)).scalars().all()


def questions_by_id(ids):
    if not ids:
        return {}
    rows = db.session.execute(sa.select(MeetingQuestion).where(MeetingQuestion.id.in_(ids))).scalars().all()
    return {row.id: row for row in rows}


def minutes_of(meeting):
    if meeting.answers_published_at is None or meeting.minutes_resource_id is None:
        return None
    return db.session.get(Resource, meeting.minutes_resource_id)


def linked_event(meeting):
    return db.session.get(Event, meeting.event_id) if meeting.event_id else None


# Staff


def all_meetings():
    return db.session.execute(sa.select(Meeting).order_by(Meeting.starts_at.desc(), Meeting.id.desc())).scalars().all()


def staff_questions(user, meeting):
    """[(question, organisation)] of the meeting, for staff (the rule gives staff every organisation's)."""
    return db.session.execute(sa.select(MeetingQuestion, Organisation).join(
        Organisation, Organisation.id == MeetingQuestion.organisation_id).where(
        MeetingQuestion.meeting_id == meeting.id, owned_by(user, MeetingQuestion.organisation_id))
        .order_by(MeetingQuestion.id)).all()


def staff_question(user, question_id):
    """(question, organisation) or None."""
    return db.session.execute(sa.select(MeetingQuestion, Organisation).join(
        Organisation, Organisation.id == MeetingQuestion.organisation_id).where(
        MeetingQuestion.id == question_id, owned_by(user, MeetingQuestion.organisation_id))).one_or_none()


def merge_targets(question):
    """The accepted questions of the same meeting another question can be merged into."""
    return db.session.execute(sa.select(MeetingQuestion).where(
        MeetingQuestion.meeting_id == question.meeting_id, MeetingQuestion.status == "accepted",
        MeetingQuestion.id != question.id).order_by(MeetingQuestion.id)).scalars().all()


def event_choices():
    """Events a meeting may be linked to: not cancelled, newest first."""
    return db.session.execute(sa.select(Event).where(Event.status != "cancelled")
                              .order_by(Event.starts_at.desc()).limit(50)).scalars().all()
