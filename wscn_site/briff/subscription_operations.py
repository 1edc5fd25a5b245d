"""Subscribing to the Briff by email: double opt-in, from the portal, and unsubscribing.

Nothing here tells a visitor whether an address is subscribed: subscribing an address a
second time gets the same answer as the first time (and, while it is unconfirmed, a fresh
confirmation email). Confirmation links are signed, expire, and carry a fingerprint of the
address and its subscriber's random token, so a link outlives neither an unsubscribe nor a
change of address. Unsubscribing deletes the subscriber and its Briff emails: an address that
has left is not kept.
"""
import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import signed_links
from ..extensions import db
from ..i18n import LANGUAGES
from .queue import forget_subscriber
from ..mail import build_message, queue_for_sender
from ..models import Subscriber
from ..models.base import utcnow

CONFIRM_PURPOSE = "briff-confirm"
REQUEST_KIND = "briff_subscribe_request"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds; WSCN config BRIFF_CONFIRM_MAX_AGE overrides it in tests


def confirm_max_age():
    return int(current_app.config.get("BRIFF_CONFIRM_MAX_AGE", CONFIRM_MAX_AGE))


def _fingerprint(subscriber):
    return signed_links.fingerprint(subscriber.email, subscriber.token)


def confirm_token(subscriber):
    return signed_links.make(CONFIRM_PURPOSE, subscriber.id, _fingerprint(subscriber))


def find(email):
    return db.session.execute(
        sa.select(Subscriber).where(Subscriber.email == (email or "").strip().lower())
    ).scalar_one_or_none()


def subscribe(email, lang):
    """Ask for a subscription of ``email`` in ``lang``; says nothing about what was there before.

    The request writes the same one outbox row whatever the address (so it takes the same time and
    never talks to a mail server); the sender then starts the subscription (``render_request``).
    """
    lang = lang if lang in LANGUAGES else "cy"
    queue_for_sender(REQUEST_KIND, (email or "").strip().lower(), lang=lang, expires_in=confirm_max_age())
    db.session.commit()


def _start(email, lang):
    """A new or unconfirmed subscriber of ``email``, now in ``lang``; None if it is already confirmed
    (its language stays as its owner chose it)."""
    subscriber = find(email)
    if subscriber is None:
        db.session.add(Subscriber(email=email, language=lang))
        try:
            db.session.commit()
        except IntegrityError:  # the same address, subscribed at the same moment
            db.session.rollback()
        subscriber = find(email)
    if subscriber is None or subscriber.confirmed_at is not None:
        return None
    subscriber.language = lang
    db.session.commit()
    return subscriber


def render_request(row, shared):
    """At send time: start the subscription and return its confirmation email in the chosen
    language (a fresh link each time), or None when the address is already confirmed."""
    subscriber = _start(row.recipient, row.language)
    if subscriber is None:
        return None
    path = url_for("briff.confirm", token=confirm_token(subscriber), lang_code=subscriber.language)
    return build_message(subscriber.email, _l("Confirm your subscription to the Briff"), "briff_confirm",
                         subscriber.language, link=current_app.config["SITE_URL"] + path,
                         days=confirm_max_age() // 86400)


def subscriber_for_confirm_token(token):
    """The subscriber a valid confirmation link names; None when expired, tampered or outlived."""
    found = signed_links.read(CONFIRM_PURPOSE, token, confirm_max_age())
    subscriber = db.session.get(Subscriber, found[0]) if found else None
    if subscriber is None or found[1] != _fingerprint(subscriber):
        return None
    return subscriber


def confirm(subscriber):
    """Set ``confirmed_at`` once; True if this call confirmed it."""
    if subscriber.confirmed_at is not None:
        return False
    subscriber.confirmed_at = utcnow()
    db.session.commit()
    return True


def subscriber_for_unsubscribe_token(token):
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    return db.session.execute(sa.select(Subscriber).where(Subscriber.token == token)).scalar_one_or_none()


def unsubscribe(subscriber):
    """Forget the subscriber: its row and its Briff emails (those not yet sent are not sent)."""
    forget_subscriber(subscriber)
    db.session.delete(subscriber)
    db.session.commit()


def member_subscription(user):
    """The confirmed subscription a portal user made from the portal, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.execute(
        sa.select(Subscriber).where(Subscriber.user_id == user.id, Subscriber.confirmed_at.is_not(None))
        .order_by(Subscriber.id).limit(1)
    ).scalar_one_or_none()


def subscribe_member(user):
    """Subscribe a logged-in user at their account's address, confirmed at once (the account
    proves the address) and linked to them, so members-only items come in full while they are
    entitled. An existing subscription of that address keeps its language."""
    for last_try in (False, True):
        subscriber = member_subscription(user) or find(user.email)
        if subscriber is None:
            subscriber = Subscriber(email=user.email, language=user.language if user.language in LANGUAGES else "cy")
            db.session.add(subscriber)
        subscriber.user_id = user.id
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = utcnow()
        try:
            db.session.commit()
            return subscriber
        except IntegrityError:  # the address was subscribed at this very moment: link that one instead
            db.session.rollback()
            if last_try:
                raise
