"""The members' pages of the annual meeting: the meeting (date, place, agenda), the form to ask a
question until the deadline, the organisation's own questions and their status, the questions staff
have published, and after the meeting the answers and the minutes. Only people who may use the
portal (``access.is_entitled``) see them; anonymous visitors log in, anyone else gets a 404.
Every change is in operations.py."""
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock
from ..access import is_entitled
from ..audit import Refused
from ..extensions import limiter
from ..i18n import localized_route
from ..markup import render
from . import bp, operations, queries
from .forms import QuestionForm
from .labels import ADDRESSEE_NAMES, LANGUAGE_NAMES, STATUS_NAMES, refusal_message, shown_status

CURRENT = {"en": "/members/annual-meeting", "cy": "/aelodau/cyfarfod-blynyddol"}
ONE = {"en": "/members/annual-meeting/<int:meeting_id>", "cy": "/aelodau/cyfarfod-blynyddol/<int:meeting_id>"}
ASK = {"en": ONE["en"] + "/questions", "cy": ONE["cy"] + "/cwestiynau"}
QUESTION_LIMIT = "10 per hour"


def entitled(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        if not is_entitled(current_user):
            abort(404)
        return view(*args, **kwargs)

    return wrapper


@bp.context_processor
def meeting_helpers():
    return {"addressee_name": lambda code: str(ADDRESSEE_NAMES.get(code, code)),
            "question_language": lambda code: str(LANGUAGE_NAMES.get(code, code)),
            "question_status": lambda question, meeting: str(STATUS_NAMES[shown_status(question, meeting)]),
            "markdown": render}


def _page(meeting, form=None, refusal=None, status=200):
    if meeting is None:
        return render_template("meetings/member_none.html")
    own = queries.own_questions(current_user, meeting)
    published = queries.published_questions(meeting)
    # A duplicate's question may be another organisation's: shown only once staff have published the questions.
    merged = {number: target for number, target in
              queries.questions_by_id({q.merged_into_id for q in own if q.merged_into_id}).items()
              if target.organisation_id == current_user.organisation_id or meeting.questions_published_at}
    may_ask = (operations.questions_open(meeting) and not current_user.is_staff
               and current_user.organisation_id is not None)
    if form is None:
        form = QuestionForm(data={"language": g.lang})
    others = [m for m in queries.published_meetings() if m.id != meeting.id]
    return render_template("meetings/member_meeting.html", meeting=meeting, event=queries.linked_event(meeting),
                           own=own, published=published, merged=merged, may_ask=may_ask, form=form,
                           refusal=refusal, minutes=queries.minutes_of(meeting), others=others,
                           closed=clock.now() >= clock.as_utc(meeting.questions_close_at)), status


@localized_route(bp, CURRENT)
@entitled
def member_meeting():
    meetings = queries.published_meetings()
    return _page(meetings[0] if meetings else None)


@localized_route(bp, ONE)
@entitled
def member_meeting_page(meeting_id):
    meeting = queries.member_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return _page(meeting)


@localized_route(bp, ASK, methods=["GET", "POST"])
@entitled
@limiter.limit(lambda: current_app.config.get("MEETING_QUESTION_LIMIT", QUESTION_LIMIT), methods=["POST"],
               key_func=lambda: f"meeting-question:{current_user.id}")
def ask_question(meeting_id):
    meeting = queries.member_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if request.method != "POST":
        return redirect(url_for("meetings.member_meeting_page", meeting_id=meeting.id))
    form = QuestionForm()
    if not operations.questions_open(meeting):
        return _page(meeting, form, refusal_message("closed"), 409)
    if not form.validate_on_submit():
        return _page(meeting, form, status=422)
    try:
        operations.ask(meeting, current_user, form.addressed_to.data, form.language.data, form.text.data)
    except Refused as refusal:
        return _page(meeting, form, refusal_message(refusal.reason), 409)
    flash(_("Thank you: your question has been sent. You can follow it below."), "info")
    return redirect(url_for("meetings.member_meeting_page", meeting_id=meeting.id, _anchor="your-questions"))
