"""Logging in and out, password resets and invitations."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError

from ..extensions import db, login_manager
from . import sessions

bp = Blueprint("auth", __name__)
bp.after_app_request(sessions.touch_after_request)


@bp.record_once
def _render_resets_when_sent(state):
    from ..outbox import register_renderer
    from .operations import render_password_reset

    register_renderer(state.app, "reset_password_request", render_password_reset)


@login_manager.user_loader
def load_user(session_key):
    """The cookie names a login session (``sessions.py``): an ended or lapsed one, or a
    deactivated user, is nobody."""
    try:
        return sessions.load(session_key)
    except OperationalError:
        # The database is unreachable: public pages still serve (as to a visitor); portal pages answer 503.
        db.session.rollback()
        g.database_unavailable = True
        return None


@login_manager.unauthorized_handler
def send_to_login():
    if g.get("database_unavailable"):
        abort(503)
    flash(_l("Log in to see this page."), "info")
    return redirect(url_for("auth.login", lang_code=g.get("lang") or "en", next=request.full_path.rstrip("?")))


from . import views  # noqa: E402,F401
