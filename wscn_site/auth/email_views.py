"""One page for the emails a member may turn off (event invitations, the annual meeting's notices,
consultations opening), shared by every feature that sends them (``email_preferences``)."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import email_preferences
from ..i18n import localized_route
from . import bp
from .email_forms import EmailPreferencesForm
from .views import no_store

EMAILS = {"en": "/account/emails", "cy": "/cyfrif/negeseuon-ebost"}


@localized_route(bp, EMAILS, methods=["GET", "POST"])
@login_required
@no_store
def email_preferences_page():
    if g.get("database_unavailable"):
        abort(503)
    form = EmailPreferencesForm()
    if form.validate_on_submit():
        chosen = set(form.topics.data or ())
        email_preferences.save(current_user, {topic: topic in chosen for topic in email_preferences.TOPICS})
        flash(_l("Your email choices have been saved."), "info")
        return redirect(url_for("auth.email_preferences_page"))
    if not form.is_submitted():
        form.topics.data = [topic for topic, wanted in email_preferences.choices(current_user).items() if wanted]
    return render_template("auth/email_preferences.html", form=form), 422 if form.errors else 200
