"""The account page: name, preferred language, a new password, and logging out everywhere."""
from flask import abort, current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..i18n import localized_route
from . import bp
from .forms import AccountForm, ChangePasswordForm
from .operations import log_out_everywhere, set_password, start_session, update_details
from .views import no_store

ACCOUNT = {"en": "/account", "cy": "/cyfrif"}


def _page(details=None, password=None, status=200):
    if g.get("database_unavailable"):
        abort(503)
    details = details or AccountForm(obj=current_user)
    password = password or ChangePasswordForm(current_user)
    failed = details if details.errors else password
    return render_template("auth/account.html", details=details, password=password, failed=failed), status


@localized_route(bp, ACCOUNT)
@login_required
@no_store
def account():
    return _page()


@localized_route(bp, {"en": "/account/details", "cy": "/cyfrif/manylion"}, methods=["POST"])
@login_required
@no_store
def save_details():
    form = AccountForm()
    if not form.validate_on_submit():
        return _page(details=form)
    update_details(current_user, form.name.data, form.language.data)
    flash(_l("Your details have been saved."), "info")
    return redirect(url_for("auth.account"))


@localized_route(bp, {"en": "/account/password", "cy": "/cyfrif/cyfrinair"}, methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"])
@login_required
@no_store
def change_password():
    form = ChangePasswordForm(current_user)
    if not form.validate_on_submit():
        return _page(password=form)
    user = current_user._get_current_object()
    set_password(user, form.password.data)  # ends every session, this one too
    session.clear()
    start_session(user)  # ...and this browser carries on in a new one
    login_user(user)
    flash(_l("Your password has been changed. You have been logged out everywhere else."), "info")
    return redirect(url_for("auth.account"))


@localized_route(bp, {"en": "/account/logout-everywhere", "cy": "/cyfrif/allgofnodi-ym-mhobman"},
                 methods=["POST"])
@login_required
def logout_everywhere():
    log_out_everywhere(current_user)
    logout_user()
    session.clear()
    flash(_l("You have logged out on every device and browser."), "info")
    return redirect(url_for("auth.login"))
