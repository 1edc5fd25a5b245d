"""Subscribing to the Briff by email, confirming, and unsubscribing (a page, and RFC 8058's one-click POST).

Every answer is a page in the language of its URL, and none says whether an address is subscribed.
Pages whose URL carries a token are sent with ``Cache-Control: no-store``.
"""
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import csrf, limiter
from ..i18n import localized_route
from . import bp
from . import subscription_operations as subscriptions
from .subscription_forms import SubscribeForm

LIMITS = {"BRIFF_SUBSCRIBE_LIMIT_PER_IP": "20 per 10 minutes", "BRIFF_SUBSCRIBE_LIMIT_PER_EMAIL": "3 per hour"}


def _limit(name):
    return lambda: current_app.config.get(name, LIMITS[name])


def _email_key():
    return "briff-subscribe:" + (request.form.get("email") or "").strip().lower()[:254]


def _subscription_requested(response):
    return g.get("briff_subscription_requested", False)


def _private(body, status=200):
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def briff_subscription(user):
    """For the members' dashboard: the user's portal subscription, or None."""
    return subscriptions.member_subscription(user)


@localized_route(bp, {"en": "/briff/subscribe", "cy": "/briff/tanysgrifio"}, methods=["GET", "POST"])
@limiter.limit(_limit("BRIFF_SUBSCRIBE_LIMIT_PER_IP"), methods=["POST"])
@limiter.limit(_limit("BRIFF_SUBSCRIBE_LIMIT_PER_EMAIL"), key_func=_email_key, methods=["POST"],
               deduct_when=_subscription_requested)
def subscribe():
    form = SubscribeForm(language=g.lang)
    if form.validate_on_submit():
        g.briff_subscription_requested = True  # counts against the address's limit
        subscriptions.subscribe(form.email.data, form.language.data)  # queues the email: no mail server here
        return render_template("briff/subscribe_sent.html", email=form.email.data,
                               days=subscriptions.confirm_max_age() // 86400)
    return render_template("briff/subscribe.html", form=form)


@localized_route(bp, {"en": "/briff/subscribe/confirm/<token>", "cy": "/briff/tanysgrifio/cadarnhau/<token>"},
                 methods=["GET", "POST"])
def confirm(token):
    """A button, not the link itself, confirms: mail scanners that open links cannot subscribe anyone."""
    subscriber = subscriptions.subscriber_for_confirm_token(token)
    if subscriber is None:
        return _private(render_template("briff/subscribe_link_invalid.html"), 400)
    if subscriber.confirmed_at is None and request.method == "GET":
        return _private(render_template("briff/subscribe_confirm.html", subscriber=subscriber))
    newly = subscriptions.confirm(subscriber)
    return _private(render_template("briff/subscribe_confirmed.html", subscriber=subscriber, newly=newly))


@localized_route(bp, {"en": "/briff/unsubscribe/<token>", "cy": "/briff/dad-danysgrifio/<token>"},
                 methods=["GET", "POST"])
def unsubscribe(token):
    subscriber = subscriptions.subscriber_for_unsubscribe_token(token)
    if subscriber is None:
        return _private(render_template("briff/unsubscribed.html", known=False))
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        return _private(render_template("briff/unsubscribed.html", known=True))
    return _private(render_template("briff/unsubscribe.html", subscriber=subscriber))


@localized_route(bp, {"en": "/briff/unsubscribe/<token>/one-click", "cy": "/briff/dad-danysgrifio/<token>/un-clic"},
                 methods=["GET", "POST"])
@csrf.exempt
def unsubscribe_one_click(token):
    """The List-Unsubscribe address: mail providers POST ``List-Unsubscribe=One-Click`` here, with no
    cookie and no CSRF token (the unguessable token in the URL is the proof). A GET, from a client
    that opens the address in a browser, goes to the page with its button."""
    if request.method == "GET":
        return redirect(url_for("briff.unsubscribe", token=token))
    subscriber = subscriptions.subscriber_for_unsubscribe_token(token)
    if subscriber is not None:
        subscriptions.unsubscribe(subscriber)
    return _private(render_template("briff/unsubscribed.html", known=subscriber is not None))


@localized_route(bp, {"en": "/briff/subscribe/member", "cy": "/briff/tanysgrifio/aelod"}, methods=["POST"])
@login_required
def member_subscribe():
    if not current_user.is_active:
        abort(403)
    subscriber = subscriptions.subscribe_member(current_user)
    flash(_("You are subscribed to the Briff. It will come to %(email)s, with members-only items in full "
            "while your organisation's membership is current.", email=subscriber.email), "info")
    return redirect(url_for("members.dashboard"))
