"""The member's booking pages: choose how many places, name the attendees, see the itemised
price computed on the server, confirm; then the organisation's bookings, where a place can be
cancelled until the cut-off and the joining link of an online event is shown to its attendee.

Flash messages use gettext (plain strings), never lazy_gettext.
"""
from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext as _
from flask_login import current_user, login_required

from .. import clock
from ..audit import Refused
from ..i18n import localized_route
from . import bp, booking_operations as operations, booking_queries as queries
from .booking_forms import BookingForm, new_request_key
from .booking_messages import PRICE_REASONS, refusal_message
from .booking_rules import closed_reason, cut_off, max_places, members_only, quote
from .booking_swap import may_swap

BOOK = {"en": "/members/events/<int:event_id>/book", "cy": "/aelodau/digwyddiadau/<int:event_id>/archebu"}
BOOKINGS = {"en": "/members/bookings", "cy": "/aelodau/archebion"}
CANCEL = {"en": "/members/bookings/places/<int:place_id>/cancel",
          "cy": "/aelodau/archebion/lleoedd/<int:place_id>/canslo"}


def member_of_organisation(view):
    """Portal pages for people of a member organisation: anonymous visitors log in; staff and
    people with no organisation get a 404."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        if not current_user.is_active or current_user.is_staff or current_user.organisation_id is None:
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def _attendees(form):
    return [operations.Attendee(name=e.form.name.data, email=e.form.email.data.lower(), language=e.form.language.data,
                                access_needs=e.form.access_needs.data or "", dietary_needs=e.form.dietary_needs.data or "",
                                speaks_welsh=bool(e.form.speaks_welsh.data)) for e in form.attendees.entries]


def _count():
    try:
        return min(max(int(request.args.get("places", 1)), 1), max_places())
    except ValueError:
        return 1


def _page(template, event, **context):
    organisation = current_user.organisation
    return render_template(f"events/{template}.html", event=event, organisation=organisation,
                           places_left=queries.places_left(event),
                           allowance=queries.allowance_summary(event, organisation),
                           max_places=max_places(), price_reasons=PRICE_REASONS, zip=zip, **context)


@localized_route(bp, BOOK, methods=["GET", "POST"])
@member_of_organisation
def book(event_id):
    event = queries.event_or_404(event_id)
    closed = closed_reason(event) or ("members-only" if members_only(event, current_user.organisation) else None)
    if closed:
        return _page("booking_closed", event, message=refusal_message(closed)), 409 if request.method == "POST" else 200
    form = BookingForm(event_id=event.id)
    if request.method == "GET":
        count = _count()
        form = BookingForm(event_id=event.id, data={"request_key": new_request_key(),
                                                    "attendees": [{}] * count})
        first = form.attendees.entries[0].form
        first.name.data, first.email.data, first.language.data = (current_user.name, current_user.email,
                                                                  current_user.language)
        return _page("booking_form", event, form=form, count=count)
    if queries.booked_with_key(form.keep_request_key(), current_user.id):  # a repeated submit
        flash(_("This booking was already confirmed: nothing more was booked."), "info")
        return redirect(url_for("events.my_bookings"))
    if len(form.attendees.entries) > max_places():
        return _page("booking_form", event, form=form, count=len(form.attendees.entries),
                     refusal=refusal_message("too-many")), 422
    if not form.validate_on_submit():
        return _page("booking_form", event, form=form, count=len(form.attendees.entries)), 422
    attendees = _attendees(form)
    priced = quote(event, current_user.organisation, [a.email for a in attendees])
    if request.form.get("step") == "change":
        return _page("booking_form", event, form=form, count=len(attendees))
    if request.form.get("step") != "confirm":
        return _page("booking_review", event, form=form, quote=priced, attendees=attendees)
    try:
        booking, new = operations.book(event.id, current_user, attendees, form.request_key.data, form.confirmed.data)
    except Refused as refusal:
        if refusal.reason == "price-changed":
            priced = quote(event, current_user.organisation, [a.email for a in attendees])
            return _page("booking_review", event, form=form, quote=priced, attendees=attendees,
                         refusal=refusal_message("price-changed")), 409
        return _page("booking_form", event, form=form, count=len(attendees),
                     refusal=refusal_message(refusal.reason, refusal)), 409
    if new:
        flash(_("Your booking is confirmed. Each attendee will receive an email with the calendar entry."), "info")
    else:
        flash(_("This booking was already confirmed: nothing more was booked."), "info")
    return redirect(url_for("events.my_bookings"))


@localized_route(bp, BOOKINGS)
@member_of_organisation
def my_bookings():
    from .waitlist_operations import may_act
    from .waitlist_queries import visible_entries

    places = queries.visible_places(current_user)
    events = queries.events_of(places)
    open_events = queries.open_events()
    return render_template("events/booking_list.html", places=places, events=events, cut_off=cut_off, now=clock.now(),
                           open_events=open_events, left={e.id: queries.places_left(e) for e in open_events},
                           waiting=visible_entries(current_user), may_act=may_act,
                           may_cancel=operations.may_cancel, may_swap=may_swap, lead=current_user.role == "lead")


@localized_route(bp, CANCEL, methods=["POST"])
@member_of_organisation
def cancel_place(place_id):
    try:
        cancelled = operations.cancel_place(place_id, current_user)
    except Refused as refusal:
        if refusal.reason == "not-allowed":
            abort(404)
        flash(refusal_message(refusal.reason), "error")
    else:
        if cancelled:
            flash(_("The place is cancelled. The attendee will receive an email."), "info")
    return redirect(url_for("events.my_bookings"))


@bp.app_template_filter("booking_price")
def booking_price(pence):
    """A place's price: "Free" / "Am ddim", or pounds and pence ("£37.50")."""
    if not pence:
        return _("Free")
    return "£" + format_decimal(pence / 100, format="#,##0.00")
