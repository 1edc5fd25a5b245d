"""Swapping the person on a booked place: the member's page (the lead, or whoever booked it, until
the cut-off) and the same page for staff, reached from the attendee list."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..models import Event, Place
from . import bp
from .booking_forms import SwapForm
from .booking_messages import refusal_message
from .booking_operations import Attendee
from .booking_rules import cut_off
from .booking_staff_views import staff_only
from .booking_swap import may_swap, swap_place
from .booking_views import member_of_organisation

SWAP = {"en": "/members/bookings/places/<int:place_id>/swap",
        "cy": "/aelodau/archebion/lleoedd/<int:place_id>/newid-person"}
STAFF_SWAP = {"en": "/staff/events/places/<int:place_id>/swap",
              "cy": "/staff/digwyddiadau/lleoedd/<int:place_id>/newid-person"}
#: Refusals said beside the new person's email address.
EMAIL_REFUSALS = ("already-booked", "same-person")


def _swap(place_id, back):
    place = db.session.get(Place, place_id)
    if place is None or place.status != "booked" or not may_swap(place, current_user):
        abort(404)
    event = db.session.get(Event, place.event_id)
    if not current_user.is_staff and clock.now() >= cut_off(event):
        flash(refusal_message("swap-too-late"), "error")
        return redirect(back)
    form = SwapForm()
    refusal = None
    if form.validate_on_submit():
        attendee = Attendee(name=form.name.data, email=form.email.data.lower(), language=form.language.data,
                            access_needs=form.access_needs.data or "", dietary_needs=form.dietary_needs.data or "",
                            speaks_welsh=bool(form.speaks_welsh.data))
        try:
            swap_place(place.id, current_user, attendee)
        except Refused as refused:
            if refused.reason in EMAIL_REFUSALS:
                form.email.errors.append(refusal_message("swap-" + refused.reason))
            else:
                refusal = refusal_message("swap-too-late" if refused.reason == "too-late" else refused.reason)
        else:
            flash(_("%(name)s now has the place. They will receive an email with the calendar entry.",
                    name=attendee.name.strip()), "info")
            return redirect(back)
        place = db.session.get(Place, place_id)
    failed = request.method == "POST"
    return render_template("events/booking_swap.html", place=place, event=event, form=form, refusal=refusal,
                           back=back, action=request.path), 422 if failed else 200


@localized_route(bp, SWAP, methods=["GET", "POST"])
@member_of_organisation
def swap(place_id):
    return _swap(place_id, url_for("events.my_bookings"))


@localized_route(bp, STAFF_SWAP, methods=["GET", "POST"])
@staff_only
def staff_swap(place_id):
    place = db.session.get(Place, place_id) or abort(404)
    return _swap(place_id, url_for("events.attendees", event_id=place.event_id))
