"""Members' pages of consultations: the list, and each consultation with its draft response, the
comments and the form to comment.

Only a person of an organisation whose membership is current (and Network staff) reaches these
pages; anyone else logged in gets a 404, so a lapsed organisation's people see nothing, and
anonymous visitors are sent to log in. The deadline is checked by the operation when a comment
arrives; after it the comment is refused with words in the page's language.
"""
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from ..access import is_entitled
from ..audit import Refused
from ..extensions import limiter
from ..i18n import localized_route
from ..markup import render as render_markdown
from . import bp, operations, queries
from .forms import CommentForm

LIST = {"en": "/members/consultations", "cy": "/aelodau/ymgynghoriadau"}
ONE = {"en": "/members/consultations/<int:consultation_id>", "cy": "/aelodau/ymgynghoriadau/<int:consultation_id>"}
COMMENT_LIMIT = "20 per hour"  # CONSULTATION_COMMENT_LIMIT: comments one person may post


def entitled_only(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        if not is_entitled(current_user):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _person_key():
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


def refusal_message(reason):
    """Why a change was refused, in the page's language."""
    return {
        "closed": _("Comments on this consultation closed at its deadline, so your comment was not saved."),
        "not-open": _("This consultation is not open for comments."),
        "not-member": _("Only the people of member organisations can comment."),
        "length": _("Enter a comment of 4,000 characters or fewer."),
        "incomplete": _("The consultation cannot be published yet: see what is missing below."),
        "published-incomplete": _("A published consultation keeps its title and summary in both languages and a "
                                  "draft response that members can open: the changes are not saved."),
        "deadline-after-closing": _("Members' comments must close before the consultation itself closes."),
        "link": _("Enter a full web address starting with https:// or http://"),
        "response": _("Members cannot open that resource in the library: publish it for members first."),
        "reason": _("Enter the reason for hiding the comment"),
        "not-editable": _("This comment can no longer be changed: Network staff have hidden it, or it was withdrawn."),
    }.get(reason, _("You are not allowed to do that."))


def page(consultation, form, status=200, refused=None):
    return render_template(
        "consultations/consultation.html", consultation=consultation, form=form, refused=refused,
        state=operations.accepts_comments(consultation), summary=render_markdown(consultation.summary(g.lang)),
        comments=queries.comments_for(current_user, consultation, g.lang),
        draft=queries.resource_for(current_user, consultation.draft_resource_id),
        response=queries.resource_for(current_user, consultation.response_resource_id)), status


@localized_route(bp, LIST)
@entitled_only
def consultations():
    return render_template("consultations/list.html", consultations=queries.consultations_for(current_user),
                           state=operations.accepts_comments)


@localized_route(bp, ONE, methods=["GET", "POST"])
@entitled_only
@limiter.limit(lambda: current_app.config.get("CONSULTATION_COMMENT_LIMIT", COMMENT_LIMIT), key_func=_person_key,
               methods=["POST"], scope="consultation-comment")
def consultation(consultation_id):
    found = queries.consultation_or_404(current_user, consultation_id)
    form = CommentForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return page(found, form, 422)
        try:
            operations.add_comment(found, current_user, form.body.data, form.show_organisation.data)
        except Refused as refusal:
            return page(found, form, 409, refused=refusal_message(refusal.reason))
        flash(_("Thank you: your comment is saved, and other members can read it."), "info")
        return redirect(url_for("consultations.consultation", consultation_id=found.id) + "#comments")
    return page(found, form)


COMMENT = {lang: path + ("/comments/<int:comment_id>" if lang == "en" else "/sylwadau/<int:comment_id>")
           for lang, path in ONE.items()}


def _own_comment_page(found, comment, form, status=200, refused=None):
    return render_template("consultations/comment_edit.html", consultation=found, comment=comment, form=form,
                           refused=refused, state=operations.accepts_comments(found)), status


def _back_to(found):
    return redirect(url_for("consultations.consultation", consultation_id=found.id) + "#comments")


@localized_route(bp, {lang: path + ("/edit" if lang == "en" else "/golygu") for lang, path in COMMENT.items()},
                 methods=["GET", "POST"])
@entitled_only
def edit_comment(consultation_id, comment_id):
    """The author changes their own comment, or withdraws it, until the deadline."""
    found = queries.consultation_or_404(current_user, consultation_id)
    comment = queries.own_comment_or_404(current_user, found, comment_id)
    form = CommentForm(obj=comment)
    if request.method == "GET":
        return _own_comment_page(found, comment, form)
    if not form.validate_on_submit():
        return _own_comment_page(found, comment, form, 422)
    try:
        changed = operations.edit_comment(comment, current_user, form.body.data, form.show_organisation.data)
    except Refused as refusal:
        return _own_comment_page(found, comment, form, 409, refused=refusal_message(refusal.reason))
    if changed:
        flash(_("Your comment is changed. Other members see it marked as edited."), "info")
    return _back_to(found)


@localized_route(bp, {lang: path + ("/withdraw" if lang == "en" else "/tynnu-yn-ol") for lang, path in COMMENT.items()},
                 methods=["POST"])
@entitled_only
def withdraw_comment(consultation_id, comment_id):
    """POST only (its CSRF token checked like every form's)."""
    found = queries.consultation_or_404(current_user, consultation_id)
    comment = queries.own_comment_or_404(current_user, found, comment_id)
    try:
        operations.withdraw_comment(comment, current_user)
    except Refused as refusal:
        return _own_comment_page(found, comment, CommentForm(obj=comment), 409,
                                 refused=refusal_message(refusal.reason))
    flash(_("Your comment is withdrawn: other members no longer see it."), "info")
    return _back_to(found)
