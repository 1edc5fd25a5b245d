"""Emails that could not be sent after every retry, and the button that tries one again."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import outbox
from ..extensions import db
from ..models import OutboxMessage
from ..i18n import localized_route
from . import bp


@localized_route(bp, {"en": "/staff/email", "cy": "/staff/e-bost"})
def email():
    return render_template("staff/email.html", messages=outbox.failed_messages(), max_attempts=outbox.MAX_ATTEMPTS)


@localized_route(bp, {"en": "/staff/email/<int:message_id>/try-again", "cy": "/staff/e-bost/<int:message_id>/ceisio-eto"},
                 methods=["POST"])
def email_try_again(message_id):
    if db.session.get(OutboxMessage, message_id) is None:
        abort(404)
    if outbox.try_again(message_id, current_user):
        flash(_("The email will be sent again within a few minutes."), "info")
    return redirect(url_for("staff.email"))
