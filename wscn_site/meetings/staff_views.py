"""Staff pages of the annual meeting: the meetings, set one up and edit it, publish the agenda, the
questions and (after the meeting) the answers with the minutes; one question's page to accept,
merge, decline or answer it. Only staff reach them (others a 404, visitors the log-in page).
Every change is in operations.py; these views only turn refusals into messages."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import staff_only
from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..models import Meeting
from . import bp, operations, queries
from .forms import AnswerForm, DeclineForm, MeetingForm, MergeForm, MinutesForm
from .labels import MISSING, refusal_message

STAFF = {"en": "/staff/annual-meeting/", "cy": "/staff/cyfarfod-blynyddol/"}
MEETING = {"en": "/staff/annual-meeting/<int:meeting_id>", "cy": "/staff/cyfarfod-blynyddol/<int:meeting_id>"}
QUESTION = {"en": "/staff/annual-meeting/questions/<int:question_id>",
            "cy": "/staff/cyfarfod-blynyddol/cwestiynau/<int:question_id>"}


def route(paths, en="", cy="", **options):
    def register(view):
        return localized_route(bp, {"en": paths["en"] + en, "cy": paths["cy"] + cy}, **options)(staff_only(view))

    return register


def _to_meeting(meeting_id):
    return redirect(url_for("meetings.staff_meeting", meeting_id=meeting_id))


def _meeting_page(meeting, refusal=None, missing=None, status=200):
    return render_template("meetings/staff_meeting.html", meeting=meeting, refusal=refusal,
                           missing=[str(MISSING[name]) for name in (missing or operations.readiness(meeting).missing)],
                           rows=queries.staff_questions(current_user, meeting), event=queries.linked_event(meeting),
                           minutes=queries.minutes_of(meeting)), status


@route(STAFF)
def staff_meetings():
    return render_template("meetings/staff_meetings.html", meetings=queries.all_meetings())


def _form_page(form, meeting=None, refusal=None, status=200):
    return render_template("meetings/staff_meeting_form.html", form=form, meeting=meeting, refusal=refusal), status


@route(STAFF, "new", "newydd", methods=["GET", "POST"])
def new_meeting():
    form = MeetingForm(events=queries.event_choices(), lang=g.lang)
    if form.validate_on_submit():
        meeting = operations.create_meeting(form.values(), current_user)
        flash(_("The meeting has been saved. Publish the agenda when both languages are complete."), "info")
        return _to_meeting(meeting.id)
    return _form_page(form, status=422 if form.errors else 200)


@route(MEETING)
def staff_meeting(meeting_id):
    return _meeting_page(db.get_or_404(Meeting, meeting_id))


@route(MEETING, "/edit", "/golygu", methods=["GET", "POST"])
def edit_meeting(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = MeetingForm(meeting=meeting, events=queries.event_choices(), lang=g.lang)
    if form.validate_on_submit():
        try:
            operations.update_meeting(meeting, form.values(), current_user)
        except operations.NotReady as refused:
            missing = ", ".join(str(MISSING[name]) for name in refused.readiness.missing)
            return _form_page(form, meeting, _("The agenda is published, so it must stay complete in both "
                                               "languages. Missing: %(missing)s.", missing=missing), 409)
        except Refused as refusal:
            return _form_page(form, meeting, refusal_message(refusal.reason), 409)
        flash(_("Your changes have been saved."), "info")
        return _to_meeting(meeting.id)
    return _form_page(form, meeting, status=422 if form.errors else 200)


@route(MEETING, "/publish", "/cyhoeddi", methods=["GET", "POST"])
def publish_agenda(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    if request.method != "POST":
        return _to_meeting(meeting.id)
    try:
        if operations.publish_agenda(meeting, current_user):
            flash(_("The agenda is published and members can send questions. Members have been emailed."), "info")
    except operations.NotReady as refused:
        return _meeting_page(meeting, _("The agenda cannot be published until both languages are complete."),
                             refused.readiness.missing, 409)
    return _to_meeting(meeting.id)


@route(MEETING, "/publish-questions", "/cyhoeddi-cwestiynau", methods=["GET", "POST"])
def publish_questions(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    if request.method != "POST":
        return _to_meeting(meeting.id)
    try:
        if operations.publish_questions(meeting, current_user):
            flash(_("The accepted questions are published to every member."), "info")
    except Refused as refusal:
        return _meeting_page(meeting, refusal_message(refusal.reason), status=409)
    return _to_meeting(meeting.id)


@route(MEETING, "/minutes", "/cofnodion", methods=["GET", "POST"])
def publish_answers(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form, refusal = MinutesForm(), None
    if form.validate_on_submit():
        try:
            if operations.publish_answers(meeting, form.minutes_cy.data, form.minutes_en.data, current_user):
                flash(_("The answers and the minutes are published. Members have been emailed."), "info")
            return _to_meeting(meeting.id)
        except Refused as refused:
            refusal = refusal_message(refused.reason)
    status = 409 if refusal else 422 if form.errors else 200
    return render_template("meetings/staff_minutes.html", meeting=meeting, form=form, refusal=refusal), status


def _question_or_404(question_id):
    found = queries.staff_question(current_user, question_id)
    if found is None:
        abort(404)
    return found


def _question_page(question, organisation, refusal=None, status=200, **forms):
    merge = forms.get("merge") or MergeForm()
    merge.into.choices = [(str(q.id), f"#{q.id}: {q.text[:80]}") for q in queries.merge_targets(question)]
    answer = forms.get("answer") or AnswerForm(data={"answer_cy": question.answer_cy, "answer_en": question.answer_en})
    decline = forms.get("decline") or DeclineForm()
    meeting = db.session.get(Meeting, question.meeting_id)
    return render_template("meetings/staff_question.html", question=question, organisation=organisation,
                           meeting=meeting, refusal=refusal, merge=merge, answer=answer, decline=decline,
                           merged_into=queries.questions_by_id([question.merged_into_id]).get(question.merged_into_id)
                           ), status


@route(QUESTION)
def staff_question(question_id):
    return _question_page(*_question_or_404(question_id))


def _act(question_id, action):
    """Run ``action(question, organisation)`` on a POST; a refusal shows the question's page with why."""
    question, organisation = _question_or_404(question_id)
    if request.method != "POST":
        return redirect(url_for("meetings.staff_question", question_id=question.id))
    try:
        result = action(question, organisation)
    except Refused as refusal:
        return _question_page(question, organisation, refusal_message(refusal.reason), 409)
    if result is not None:
        return result
    flash(_("The question has been updated."), "info")
    return redirect(url_for("meetings.staff_question", question_id=question.id))


@route(QUESTION, "/accept", "/derbyn", methods=["GET", "POST"])
def accept_question(question_id):
    return _act(question_id, lambda question, _organisation: operations.accept(question, current_user))


def _with_form(question_id, name, make_form, apply):
    """Run ``apply(question, form)`` with a valid form ``make_form(question)``; an invalid one shows the
    question's page with its errors (``name``: which of the page's forms it is)."""
    def act(question, organisation):
        form = make_form(question)
        if not form.validate_on_submit():
            return _question_page(question, organisation, status=422, **{name: form})
        apply(question, form)

    return _act(question_id, act)


def _merge_form(question):
    form = MergeForm()
    form.into.choices = [(str(q.id), str(q.id)) for q in queries.merge_targets(question)]
    return form


@route(QUESTION, "/merge", "/cyfuno", methods=["GET", "POST"])
def merge_question(question_id):
    def merge(question, form):
        into = int(form.into.data)
        operations.merge(question, queries.questions_by_id([into]).get(into), current_user)

    return _with_form(question_id, "merge", _merge_form, merge)


@route(QUESTION, "/decline", "/gwrthod", methods=["GET", "POST"])
def decline_question(question_id):
    return _with_form(question_id, "decline", lambda _question: DeclineForm(), lambda question, form: operations.decline(
        question, form.reason_cy.data, form.reason_en.data, current_user))


@route(QUESTION, "/answer", "/ateb", methods=["GET", "POST"])
def answer_question(question_id):
    return _with_form(question_id, "answer", lambda _question: AnswerForm(), lambda question, form: operations.answer(
        question, form.answer_cy.data, form.answer_en.data, current_user))
