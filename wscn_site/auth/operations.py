"""Account state changes, shared by views, CLI and tests."""
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..mail import queue_email, send_email
from ..models import User
from ..models.base import utcnow
from .tokens import make_token

#: Compared against when the email is unknown, so both answers take the same time.
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


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


def record_login(user):
    user.last_login_at = utcnow()
    db.session.commit()


def _link(endpoint, user, purpose):
    path = url_for(endpoint, token=make_token(user, purpose), lang_code=user.language)
    return current_app.config["SITE_URL"] + path


def send_password_reset(email):
    """Email a reset link if an active account has this address; say nothing either way.

    The email goes to the outbox (``flask mail send`` delivers it): the request never talks to a
    mail server, so it takes the same time whether or not the address is known."""
    user = find_user(email)
    if user is None or not user.active:
        return False
    send_email(
        user.email, _l("Reset your password"), "reset_password", user.language,
        user=user, link=_link("auth.reset_password", user, "reset"),
        hours=current_app.config["RESET_TOKEN_MAX_AGE"] // 3600,
        expires_in=current_app.config["RESET_TOKEN_MAX_AGE"],
    )
    return True


def queue_invitation(user, invited_by=None):
    """The invitation email, in the outbox in the caller's transaction (the caller commits)."""
    queue_email(
        user.email, _l("You are invited to the members' portal"), "invitation", user.language,
        user=user, invited_by=invited_by, link=_link("auth.accept_invitation", user, "invite"),
        days=current_app.config["INVITE_TOKEN_MAX_AGE"] // 86400,
        expires_in=current_app.config["INVITE_TOKEN_MAX_AGE"],
    )


def set_password(user, password):
    """Set a new password; ends the user's other sessions and spends every link sent to them."""
    user.set_password(password)
    db.session.commit()
