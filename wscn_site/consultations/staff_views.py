"""Staff pages of consultations: the list, adding and editing, publishing, each consultation with
every comment (organisation and author), hiding a comment with a reason, the CSV of all comments
and marking the consultation responded with the final response."""
from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..access import staff_only
from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..markup import render as render_markdown
from ..models import Resource
from ..spreadsheets import csv_download
from . import bp, operations, queries
from .forms import ConsultationForm, HideForm, ResponseForm
from .views import refusal_message

LIST = {"en": "/staff/consultations", "cy": "/staff/ymgynghoriadau"}
ONE = {"en": "/staff/consultations/<int:consultation_id>", "cy": "/staff/ymgynghoriadau/<int:consultation_id>"}


def _path(paths, en, cy):
    return {"en": paths["en"] + en, "cy": paths["cy"] + cy}


def _found(consultation_id):
    return queries.consultation_or_404(current_user, consultation_id)


@localized_route(bp, LIST)
@staff_only
def staff_consultations():
    return render_template("consultations/staff_list.html", consultations=queries.consultations_for(current_user),
                           state=operations.accepts_comments)


def _form_page(form, consultation=None, refused=None):
    return render_template("consultations/staff_form.html", form=form, consultation=consultation, refused=refused), \
        422 if (form.errors or refused) else 200


@localized_route(bp, _path(LIST, "/new", "/newydd"), methods=["GET", "POST"])
@staff_only
def staff_new():
    form = ConsultationForm(resources=queries.response_resources(), lang=g.lang)
    if form.validate_on_submit():
        try:
            created = operations.create(form.values(), current_user)
        except Refused as refusal:
            return _form_page(form, refused=refusal_message(refusal.reason))
        flash(_("The consultation is saved as a draft."), "info")
        return redirect(url_for("consultations.staff_consultation", consultation_id=created.id))
    return _form_page(form)


@localized_route(bp, _path(ONE, "/edit", "/golygu"), methods=["GET", "POST"])
@staff_only
def staff_edit(consultation_id):
    found = _found(consultation_id)
    form = ConsultationForm(consultation=found, resources=queries.response_resources(), lang=g.lang)
    if form.validate_on_submit():
        try:
            operations.update(found, form.values(), current_user)
        except Refused as refusal:
            return _form_page(form, found, refusal_message(refusal.reason))
        flash(_("The consultation is saved."), "info")
        return redirect(url_for("consultations.staff_consultation", consultation_id=found.id))
    return _form_page(form, found)


@localized_route(bp, ONE)
@staff_only
def staff_consultation(consultation_id):
    found = _found(consultation_id)
    return render_template(
        "consultations/staff_consultation.html", consultation=found, state=operations.accepts_comments(found),
        summary=render_markdown(found.summary(g.lang)), problems=operations.problems(found),
        comments=queries.comments_for(current_user, found, g.lang),
        draft=db.session.get(Resource, found.draft_resource_id) if found.draft_resource_id else None,
        response=db.session.get(Resource, found.response_resource_id) if found.response_resource_id else None)


@localized_route(bp, _path(ONE, "/publish", "/cyhoeddi"), methods=["POST"])
@staff_only
def staff_publish(consultation_id):
    found = _found(consultation_id)
    try:
        if operations.publish(found, current_user):
            flash(_("The consultation is open for comments, and members who want early invitations are being "
                    "emailed."), "info")
    except Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    return redirect(url_for("consultations.staff_consultation", consultation_id=found.id))


@localized_route(bp, _path(ONE, "/comments/<int:comment_id>/hide", "/sylwadau/<int:comment_id>/cuddio"),
                 methods=["GET", "POST"])
@staff_only
def staff_hide(consultation_id, comment_id):
    found = _found(consultation_id)
    comment = queries.comment_or_404(found, comment_id)
    form = HideForm()
    if form.validate_on_submit():
        try:
            if operations.hide_comment(comment, form.reason.data, current_user):
                flash(_("The comment is hidden from other members. Its author sees why."), "info")
        except Refused as refusal:
            flash(refusal_message(refusal.reason), "error")
        return redirect(url_for("consultations.staff_consultation", consultation_id=found.id) + "#comments")
    return render_template("consultations/staff_hide.html", consultation=found, comment=comment, form=form), \
        422 if form.errors else 200


@localized_route(bp, _path(ONE, "/respond", "/ymateb"), methods=["GET", "POST"])
@staff_only
def staff_respond(consultation_id):
    found = _found(consultation_id)
    form = ResponseForm(resources=queries.response_resources(), lang=g.lang)
    refused = None
    if form.validate_on_submit():
        try:
            operations.mark_responded(found, form.response_resource_id.data, current_user)
        except Refused as refusal:
            refused = refusal_message(refusal.reason)
        else:
            flash(_("The consultation is marked as responded, and members can download the final response."), "info")
            return redirect(url_for("consultations.staff_consultation", consultation_id=found.id))
    return render_template("consultations/staff_respond.html", consultation=found, form=form, refused=refused), \
        422 if (form.errors or refused) else 200


def _london(moment):
    """A spreadsheet's date and time, London wall clock; empty for none."""
    return clock.as_utc(moment).astimezone(clock.LONDON).strftime("%Y-%m-%d %H:%M") if moment else ""


@localized_route(bp, _path(ONE, "/comments.csv", "/sylwadau.csv"))
@staff_only
def staff_comments_csv(consultation_id):
    found = _found(consultation_id)
    yes, no = _("Yes"), _("No")
    rows = [(_london(comment.created_at), comment.organisation.name(g.lang), comment.author.name, comment.author.email,
             yes if comment.show_organisation else no, comment.body, _london(comment.edited_at),
             yes if comment.hidden_at else no, comment.hidden_reason, _london(comment.withdrawn_at))
            for comment in queries.all_comments(found)]
    name = ("sylwadau-ymgynghoriad" if g.lang == "cy" else "consultation-comments") + f"-{found.id}.csv"
    return csv_download([_("Date"), _("Organisation"), _("Name"), _("Email address"), _("Organisation shown to members"),
                         _("Comment"), _("Edited"), _("Hidden"), _("Reason for hiding"), _("Withdrawn by its author")],
                        rows, name)
