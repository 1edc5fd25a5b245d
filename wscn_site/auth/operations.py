"""Account state changes, shared by views, CLI and tests."""
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

from ..extensions import db
from ..mail import build_message, queue_email, queue_for_sender
from ..models import User
from ..models.base import utcnow
from . import sessions
from .tokens import make_token

#: Compared against when the email is unknown, so both answers take the same time: the scrypt hash
#: of "not a real password" with werkzeug's parameters, written out rather than made at import
#: (0.1 s that every process start paid).
_DUMMY_HASH = ("scrypt:32768:8:1$wMK3DcvqwWO6ru9H$b1b8fd1cd059aee965c8be4d06c31dbbb57a92536880b40822dfea12358c8264"
               "b6e54ae6756f843483450dd65e7ed0e59184a183124119bbacb738bdd9eb5d66")


def find_user(email):
    return db.session.execute(
        db.select(User).where(User.email == User.normalise_email(email))
    ).scalar_one_or_none()


def authenticate(email, password):
    """The active user with this email and password, or None (for every kind of failure)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def start_session(user):
    """Record a log-in and start its server-side session; returns the session's key (``sessions.py``)."""
    key = sessions.begin(user)
    user.last_login_at = utcnow()
    db.session.commit()
    return key


def _link(endpoint, user, purpose):
    path = url_for(endpoint, token=make_token(user, purpose), lang_code=user.language)
    return current_app.config["SITE_URL"] + path


def send_password_reset(email):
    """Ask for a reset link to this address; say nothing about whether an account has it.

    The request writes the same one outbox row whether or not the address is known (so it takes
    the same time, and never talks to a mail server); the sender looks the account up
    (``render_password_reset``) and sends the link only to an active account."""
    queue_for_sender("reset_password_request", User.normalise_email(email),
                     expires_in=current_app.config["RESET_TOKEN_MAX_AGE"])
    db.session.commit()


def render_password_reset(row, shared):
    """At send time: the reset email for the active account with this address, or None (dropped)."""
    user = find_user(row.recipient)
    if user is None or not user.active or user.email != row.recipient:
        return None
    return build_message(
        user.email, _l("Reset your password"), "reset_password", user.language,
        user=user, link=_link("auth.reset_password", user, "reset"),
        hours=current_app.config["RESET_TOKEN_MAX_AGE"] // 3600,
    )


def queue_invitation(user, invited_by=None):
    """The invitation email, in the outbox in the caller's transaction (the caller commits)."""
    queue_email(
        user.email, _l("You are invited to the members' portal"), "invitation", user.language,
        user=user, invited_by=invited_by, link=_link("auth.accept_invitation", user, "invite"),
        days=current_app.config["INVITE_TOKEN_MAX_AGE"] // 86400,
        expires_in=current_app.config["INVITE_TOKEN_MAX_AGE"],
    )


def set_password(user, password):
    """Set a new password; ends every session of the user and spends every link sent to them."""
    user.set_password(password)
    db.session.commit()


def update_details(user, name, language):
    user.name = name
    user.language = language
    db.session.commit()


def log_out_everywhere(user):
    sessions.end_all(user)
