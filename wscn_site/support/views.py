"""The member's support pages: their organisation's requests, asking for help (with files), one
request's conversation and replying, and the request's files.

Anonymous visitors log in first; a deactivated account gets a 404. Whom a page shows what is the one
rule for records an organisation owns (queries.py): a lapsed organisation's people are told the
portal's support is for members and see no request, and any request they or anyone else may not see
is a 404 like an id that does not exist. Flash messages use gettext, never lazy_gettext.
"""
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import is_entitled
from ..body_limits import MEMBER_UPLOADS, accepts_uploads
from ..extensions import limiter
from ..file_delivery import deliver, stat_or_unavailable
from ..i18n import localized_route
from ..storage import store
from . import attachments, bp, labels, operations, queries
from .forms import MAX_FILES, ReplyForm, RequestForm
from .messages import refusal_message

LIST = {"en": "/members/support", "cy": "/aelodau/cymorth"}
ONE = {"en": "/members/support/<int:request_id>", "cy": "/aelodau/cymorth/<int:request_id>"}
LIMIT = "10 per hour"  # SUPPORT_LIMIT: requests and replies one person may send


def portal_user(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        if not current_user.is_active:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _sent(response):
    return g.get("support_sent", False)


#: Requests and replies one person may send, counted only when one is saved.
submission_limit = limiter.shared_limit(
    lambda: current_app.config.get("SUPPORT_LIMIT", LIMIT), scope="support-submit",
    key_func=lambda: f"user:{current_user.id}", methods=["POST"], deduct_when=_sent)


@bp.context_processor
def support_labels():
    return {"support_kinds": labels.KINDS, "support_statuses": labels.STATUSES,
            "decline_grounds": labels.DECLINE_GROUNDS, "support_max_files": MAX_FILES,
            "support_max_bytes": current_app.config["MAX_MEMBER_UPLOAD_BYTES"]}


def _not_entitled(status=200):
    return render_template("support/not_entitled.html"), status


@localized_route(bp, LIST)
@portal_user
def requests_list():
    if current_user.is_staff:
        return redirect(url_for("support.staff_queue"))
    if not is_entitled(current_user):
        return _not_entitled()
    return render_template("support/list.html", requests=queries.requests_for(current_user))


@localized_route(bp, {"en": "/members/support/new", "cy": "/aelodau/cymorth/newydd"}, methods=["GET", "POST"])
@accepts_uploads(MEMBER_UPLOADS)
@portal_user
@submission_limit
def new_request():
    if current_user.is_staff:
        abort(404)
    if not is_entitled(current_user):
        return _not_entitled(403 if request.method == "POST" else 200)
    form = RequestForm()
    if request.method == "GET":
        form.language.data = current_user.language if current_user.language in ("cy", "en") else g.lang
    if form.validate_on_submit():
        with attachments.stage(form.chosen_files()) as batch:
            if batch.errors:
                form.attachments.errors = list(batch.errors)
            else:
                try:
                    support = operations.open_request(current_user, form.kind.data, form.description.data,
                                                      form.language.data, batch)
                except operations.Refused as refusal:
                    flash(refusal_message(refusal.reason), "error")
                    return redirect(url_for("support.requests_list"))
                g.support_sent = True
                flash(_("Your request has been sent to the Network's team. We will reply here, and email you "
                        "when we do."), "info")
                return redirect(url_for("support.request_page", request_id=support.id))
    return render_template("support/new.html", form=form)


def _request_page(support, form=None, status=200):
    return render_template("support/request.html", support=support, form=form or ReplyForm()), status


@localized_route(bp, ONE)
@portal_user
def request_page(request_id):
    return _request_page(queries.request_or_404(current_user, request_id))


@localized_route(bp, {lang: path + ("/reply" if lang == "en" else "/ateb") for lang, path in ONE.items()},
                 methods=["GET", "POST"])
@accepts_uploads(MEMBER_UPLOADS)
@portal_user
@submission_limit
def reply(request_id):
    support = queries.request_or_404(current_user, request_id)
    if current_user.is_staff:
        return redirect(url_for("support.staff_request", request_id=support.id))
    if request.method == "GET":
        return redirect(url_for("support.request_page", request_id=support.id))
    form = ReplyForm()
    if not form.validate():
        return _request_page(support, form, 422)
    try:
        if not attachments.send_with(form, lambda batch: operations.member_reply(support, form.body.data,
                                                                                 current_user, batch)):
            return _request_page(support, form, 422)
    except operations.Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    else:
        g.support_sent = True
        flash(_("Your reply has been sent to the Network's team."), "info")
    return redirect(url_for("support.request_page", request_id=support.id))


@localized_route(bp, {"en": "/members/support/files/<int:file_id>/<path:name>",
                      "cy": "/aelodau/cymorth/ffeiliau/<int:file_id>/<path:name>"})
@portal_user
def download(file_id, name):
    """A request's file, after the same rule as the request's page (staff: every organisation's)."""
    stored = queries.file_or_404(current_user, file_id, name)
    files = store()
    stat = stat_or_unavailable(files, stored.storage_name,
                               f"{stored.original_name} of support request {stored.request_id}")
    return deliver(files, stored, stat)
