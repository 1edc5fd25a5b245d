"""The public booking pages of non-members, in both languages: the form on an event's page
(/en/events/<id>/book, /cy/digwyddiadau/<id>/archebu), the word that the confirmation link was
sent, and the two links of the emails (confirm the hold; cancel the booking).

None of them is ever cached (``no-store``): they show places left and what someone typed. The form
is limited per address (``EVENT_NONMEMBER_LIMIT_PER_IP``), counting every submission. The link pages
show nothing at all without a valid signature, and change nothing on GET (mail scanners open links):
the person confirms or cancels with a button.
"""
from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for

from .. import clock
from ..audit import Refused
from ..extensions import limiter
from ..i18n import localized_route
from . import bp, booking_queries as queries, nonmember_operations as operations
from .booking_forms import new_request_key
from .booking_messages import PRICE_REASONS
from .booking_rules import closed_reason, cut_off, max_places
from .booking_views import _attendees, _count
from .nonmember_forms import NonMemberBookingForm
from .nonmember_messages import refusal_message

BOOK = {"en": "/events/<int:event_id>/book", "cy": "/digwyddiadau/<int:event_id>/archebu"}
SENT = {"en": "/events/<int:event_id>/book/check-your-email", "cy": "/digwyddiadau/<int:event_id>/archebu/gwirio-ebost"}
CONFIRM = {"en": "/events/bookings/confirm/<token>", "cy": "/digwyddiadau/archebion/cadarnhau/<token>"}
CANCEL = {"en": "/events/bookings/cancel/<token>", "cy": "/digwyddiadau/archebion/canslo/<token>"}
LIMIT = "20 per hour"
#: The privacy notice (its addresses are fixed by the content files' slugs).
PRIVACY = {"en": "/en/privacy-and-cookies", "cy": "/cy/preifatrwydd-a-chwcis"}


def _limit():
    return current_app.config.get("EVENT_NONMEMBER_LIMIT_PER_IP") or LIMIT


def _no_store(body, status=200):
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def public_closed_reason(event):
    """Why a non-member cannot book ``event`` now (the members' reasons, and a workshop's early
    invitation), or None."""
    if reason := closed_reason(event):
        return reason
    until = clock.as_utc(event.members_only_until)
    if until is not None and clock.now() < until:
        return "members-only"
    if queries.places_left(event) <= 0:
        return "full"
    return None


def _page(template, event, status=200, **context):
    return _no_store(render_template(f"events/{template}.html", event=event, places_left=queries.places_left(event),
                                     max_places=max_places(), price_reasons=PRICE_REASONS, zip=zip,
                                     privacy=PRIVACY[g.lang], **context), status)


def _booker(form):
    return operations.Booker(name=form.booker_name.data, email=form.booker_email.data.lower(),
                             language=form.booker_language.data, organisation_name=form.organisation_name.data,
                             billing_address=form.billing_address.data)


@localized_route(bp, BOOK, methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def nonmember_book(event_id):
    event = queries.event_or_404(event_id)
    closed = public_closed_reason(event)
    if closed and closed != "draft":
        return _page("nonmember_closed", event, 409 if request.method == "POST" else 200,
                     message=refusal_message(closed))
    if closed:
        abort(404)
    if request.method == "GET":
        count = _count()
        form = NonMemberBookingForm(event_id=event.id, data={"request_key": new_request_key(),
                                                             "booker_language": g.lang, "attendees": [{}] * count})
        for entry in form.attendees.entries:
            entry.form.language.data = g.lang
        return _page("nonmember_form", event, form=form, count=count)
    form = NonMemberBookingForm(event_id=event.id)
    if (found := operations.by_request_key(form.keep_request_key())) is not None:  # a repeated submit
        return redirect(url_for("events.nonmember_sent", event_id=found.event_id))
    if len(form.attendees.entries) > max_places():
        return _page("nonmember_form", event, 422, form=form, count=len(form.attendees.entries),
                     refusal=refusal_message("too-many"))
    if not form.validate_on_submit():
        return _page("nonmember_form", event, 422, form=form, count=len(form.attendees.entries))
    attendees = _attendees(form)
    priced = operations.full_price_quote(event, [a.email for a in attendees])
    if request.form.get("step") == "change":
        return _page("nonmember_form", event, form=form, count=len(attendees))
    if request.form.get("step") != "confirm":
        return _page("nonmember_review", event, form=form, quote=priced, attendees=attendees)
    try:
        operations.hold(event.id, _booker(form), attendees, form.request_key.data, form.confirmed.data)
    except Refused as refusal:
        if refusal.reason == "price-changed":
            return _page("nonmember_review", event, 409, form=form, quote=priced, attendees=attendees,
                         refusal=refusal_message("price-changed"))
        return _page("nonmember_form", event, 409, form=form, count=len(attendees),
                     refusal=refusal_message(refusal.reason, refusal))
    return redirect(url_for("events.nonmember_sent", event_id=event.id))


@localized_route(bp, SENT)
def nonmember_sent(event_id):
    event = queries.event_or_404(event_id)
    return _no_store(render_template("events/nonmember_sent.html", event=event,
                                     hours=operations.hold_hours()))


def _link_page(purpose, token):
    held = operations.from_token(purpose, token)
    if held is None:
        return None, _no_store(render_template("events/nonmember_link.html", held=None, event=None,
                                               message=refusal_message("link-invalid")), 404)
    return held, None


@localized_route(bp, CONFIRM, methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def nonmember_confirm(token):
    held, invalid = _link_page(operations.CONFIRM, token)
    if invalid:
        return invalid
    event = held.event
    if request.method == "POST":
        try:
            held, new = operations.confirm(held.id)
        except Refused as refusal:
            return _link("confirm", held, event, token, 409, message=refusal_message(refusal.reason))
        return _link("confirm", held, event, token, done="confirmed" if new else "already-confirmed")
    if held.status == "confirmed":
        return _link("confirm", held, event, token, done="already-confirmed")
    message = None
    if held.status == "released" or (held.status == "held" and clock.as_utc(held.held_until) <= clock.now()):
        message = refusal_message("hold-expired")
    elif held.status == "cancelled":
        message = refusal_message("booking-cancelled")
    return _link("confirm", held, event, token, 410 if message else 200, message=message)


@localized_route(bp, CANCEL, methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def nonmember_cancel(token):
    held, invalid = _link_page(operations.CANCEL, token)
    if invalid:
        return invalid
    event = held.event
    if request.method == "POST":
        try:
            cancelled = operations.cancel(held.id)
        except Refused as refusal:
            return _link("cancel", held, event, token, 409, message=refusal_message(refusal.reason))
        return _link("cancel", held, event, token, done="cancelled" if cancelled else "already-cancelled")
    if held.status == "cancelled":
        return _link("cancel", held, event, token, done="already-cancelled")
    return _link("cancel", held, event, token)


def _link(action, held, event, token, status=200, message=None, done=None):
    return _no_store(render_template("events/nonmember_link.html", action=action, held=held, event=event,
                                     token=token, message=message, done=done, cut_off=cut_off(event),
                                     too_late=clock.now() >= cut_off(event)), status)
