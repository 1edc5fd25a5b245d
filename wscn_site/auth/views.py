from functools import wraps

from flask import current_app, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from ..counterpart import same_page_in
from ..extensions import limiter
from ..i18n import LANGUAGES, localized_route
from ..security import is_safe_redirect
from . import bp, sessions
from .forms import LoginForm, ResetRequestForm, SetPasswordForm
from .login_limits import Attempt
from .operations import authenticate, find_user, send_password_reset, set_password, start_session
from .tokens import user_for_token


def no_store(view):
    """Pages that carry a secret (a link's token, a password form): never kept by a browser or proxy."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response
    return wrapped


def _safe_next():
    """Where to go after logging in: the ``next`` page of this site, in the language of the log-in
    page (a visitor who switched language on the way keeps the language they switched to)."""
    target = request.args.get("next", "")
    if is_safe_redirect(target) and target.split("/", 2)[1:2] and target.split("/", 2)[1] in LANGUAGES:
        return same_page_in(target, g.lang)
    return None


def start_browser_session(user):
    """A fresh session at login: nothing from before survives into the logged-in one."""
    session.clear()
    start_session(user)
    login_user(user)


@localized_route(bp, {"en": "/account/login", "cy": "/cyfrif/mewngofnodi"}, methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next() or url_for("members.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = Attempt(form.email.data, request.remote_addr)
        attempt.admit()
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            attempt.succeeded()
            start_browser_session(user)
            return redirect(_safe_next() or url_for("members.dashboard"))
        attempt.failed(find_user(form.email.data))
        form.email.errors.append(_l("The email address or password is not correct"))
    return render_template("auth/login.html", form=form)


@localized_route(bp, {"en": "/account/logout", "cy": "/cyfrif/allgofnodi"}, methods=["POST"])
def logout():
    sessions.end(session.get("_user_id"))
    logout_user()
    session.clear()
    flash(_l("You have logged out."), "info")
    return redirect(url_for("public.page", slug=""))


@localized_route(bp, {"en": "/account/reset", "cy": "/cyfrif/ailosod"}, methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        send_password_reset(form.email.data)  # queues the email: no mail server here, the same answer either way
        return render_template("auth/reset_sent.html", email=form.email.data,
                               hours=current_app.config["RESET_TOKEN_MAX_AGE"] // 3600)
    return render_template("auth/reset_request.html", form=form)


def _password_page(purpose, token):
    user = user_for_token(token, purpose)
    if user is None:
        return render_template("auth/link_invalid.html", purpose=purpose), 400
    form = SetPasswordForm(user.email)
    if form.validate_on_submit():
        set_password(user, form.password.data)
        if purpose == "invite":
            start_browser_session(user)
            flash(_l("Welcome. Your password is set and you are logged in."), "info")
            return redirect(url_for("members.dashboard"))
        flash(_l("Your password has been changed. Log in with your new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, purpose=purpose, user=user)


@localized_route(bp, {"en": "/account/reset/<token>", "cy": "/cyfrif/ailosod/<token>"}, methods=["GET", "POST"])
@no_store
def reset_password(token):
    return _password_page("reset", token)


@localized_route(bp, {"en": "/account/welcome/<token>", "cy": "/cyfrif/croeso/<token>"}, methods=["GET", "POST"])
@no_store
def accept_invitation(token):
    return _password_page("invite", token)


from . import account_views  # noqa: E402,F401
from . import email_views  # noqa: E402,F401
