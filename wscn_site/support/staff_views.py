"""The staff side of support requests: the queue by status, and one request with its
conversation, where staff assign it, reply, change its status or decline it (staff only: others get
what the staff area gives them, the log-in page or a 404). Flash messages use gettext."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import staff_only
from ..body_limits import MEMBER_UPLOADS, accepts_uploads
from ..extensions import db
from ..i18n import localized_route
from ..models import User
from ..models.support import SUPPORT_STATUSES
from . import attachments, bp, operations, queries
from .forms import AssignForm, DeclineForm, StaffReplyForm, StatusForm
from .messages import refusal_message

QUEUE = {"en": "/staff/support", "cy": "/staff/cymorth"}
ONE = {lang: path + "/<int:request_id>" for lang, path in QUEUE.items()}


def _action(en, cy):
    return {"en": ONE["en"] + "/" + en, "cy": ONE["cy"] + "/" + cy}


@localized_route(bp, QUEUE)
@staff_only
def staff_queue():
    status = request.args.get("status", "new")
    if status not in SUPPORT_STATUSES:
        status = "new"
    return render_template("support/staff_queue.html", status=status, counts=queries.counts(current_user),
                           requests=queries.queue(current_user, status))


def _page(support, **forms):
    staff = queries.staff_people()
    forms.setdefault("reply_form", StaffReplyForm(prefix="reply"))
    forms.setdefault("assign_form", AssignForm(prefix="assign", staff=staff,
                                               data={"assignee": support.assigned_to_id or current_user.id}))
    forms.setdefault("status_form", StatusForm(prefix="status"))
    forms.setdefault("decline_form", DeclineForm(prefix="decline"))
    return render_template("support/staff_request.html", support=support, **forms)


@localized_route(bp, ONE)
@staff_only
def staff_request(request_id):
    return _page(queries.request_or_404(current_user, request_id))


def _act(request_id, form_name, form, operation, done):
    """POST only: check ``form``, run ``operation(support, form)``, say what happened."""
    support = queries.request_or_404(current_user, request_id)
    if request.method == "GET":
        return redirect(url_for("support.staff_request", request_id=support.id))
    if not form.validate():
        return _page(support, **{form_name: form}), 422
    try:
        if operation(support, form) is False:  # a file was refused: the form says why
            return _page(support, **{form_name: form}), 422
    except operations.Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    else:
        flash(done, "info")
    return redirect(url_for("support.staff_request", request_id=support.id))


@localized_route(bp, _action("reply", "ateb"), methods=["GET", "POST"])
@accepts_uploads(MEMBER_UPLOADS)
@staff_only
def staff_reply(request_id):
    def send(support, form):
        return attachments.send_with(form, lambda batch: operations.staff_reply(
            support, form.body.data, current_user, form.then.data, batch))

    return _act(request_id, "reply_form", StaffReplyForm(prefix="reply"), send,
                _("Your reply is in the portal, and the people who asked have been emailed a link to it."))


@localized_route(bp, _action("assign", "neilltuo"), methods=["GET", "POST"])
@staff_only
def staff_assign(request_id):
    form = AssignForm(prefix="assign", staff=queries.staff_people())
    return _act(request_id, "assign_form", form,
                lambda support, form: operations.assign(support, db.session.get(User, form.assignee.data),
                                                        current_user),
                _("The request has been assigned."))


@localized_route(bp, _action("status", "statws"), methods=["GET", "POST"])
@staff_only
def staff_status(request_id):
    return _act(request_id, "status_form", StatusForm(prefix="status"),
                lambda support, form: operations.set_status(support, form.status.data, current_user),
                _("The request's status has been changed."))


@localized_route(bp, _action("decline", "gwrthod"), methods=["GET", "POST"])
@staff_only
def staff_decline(request_id):
    return _act(request_id, "decline_form", DeclineForm(prefix="decline"),
                lambda support, form: operations.decline(support, form.ground.data, form.reason.data, current_user),
                _("The request has been declined, and the people who asked have been emailed a link to the reason."))
