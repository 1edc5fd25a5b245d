"""The waiting-list pages: a member joins the list of a full event (one entry for one or more named
people), sees an offer of freed places and accepts (booked at the price computed then) or
declines it, or leaves the list; staff move entries up and down from the event's attendee page.

Flash messages use gettext (plain strings), never lazy_gettext.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..access import staff_only
from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..models import WaitlistEntry
from . import bp, booking_queries, waitlist_operations as operations, waitlist_queries as queries
from .booking_forms import new_request_key
from .booking_messages import PRICE_REASONS, refusal_message
from .booking_rules import closed_reason, max_places, members_only
from .booking_views import _attendees, _count, member_of_organisation
from .waitlist_forms import WaitlistForm
from .waitlist_messages import waitlist_message

JOIN = {"en": "/members/events/<int:event_id>/waiting-list", "cy": "/aelodau/digwyddiadau/<int:event_id>/rhestr-aros"}
OFFER = {"en": "/members/waiting-list/<int:entry_id>", "cy": "/aelodau/rhestr-aros/<int:entry_id>"}
LEAVE = {"en": "/members/waiting-list/<int:entry_id>/leave", "cy": "/aelodau/rhestr-aros/<int:entry_id>/gadael"}
MOVE = {"en": "/staff/events/waiting-list/<int:entry_id>/move",
        "cy": "/staff/digwyddiadau/rhestr-aros/<int:entry_id>/symud"}


def _message(refusal):
    return waitlist_message(refusal.reason, **{k: v for k, v in vars(refusal).items() if k != "reason"})


def _join_page(event, status=200, **context):
    organisation = current_user.organisation
    return render_template("events/waitlist_join.html", event=event, organisation=organisation,
                           places_left=booking_queries.places_left(event),
                           allowance=booking_queries.allowance_summary(event, organisation),
                           max_places=max_places(), **context), status


@localized_route(bp, JOIN, methods=["GET", "POST"])
@member_of_organisation
def waitlist_join(event_id):
    event = booking_queries.event_or_404(event_id)
    closed = closed_reason(event) or ("members-only" if members_only(event, current_user.organisation) else None)
    if closed:
        return render_template("events/booking_closed.html", event=event,
                               message=refusal_message(closed)), 409 if request.method == "POST" else 200
    left = booking_queries.places_left(event)
    if request.method == "GET":
        count = _count()
        if count <= left:
            return _join_page(event, count=count, refusal=waitlist_message("has-places", left=left))
        form = WaitlistForm(event_id=event.id, data={"request_key": new_request_key(), "attendees": [{}] * count})
        first = form.attendees.entries[0].form
        first.name.data, first.email.data, first.language.data = (current_user.name, current_user.email,
                                                                  current_user.language)
        return _join_page(event, form=form, count=count)
    form = WaitlistForm(event_id=event.id)
    key = form.keep_request_key()
    repeat = db.session.query(WaitlistEntry).filter_by(request_key=key, created_by_id=current_user.id).first()
    if repeat is not None:
        flash(_("You had already joined the waiting list: nothing more was added."), "info")
        return redirect(url_for("events.my_bookings"))
    count = len(form.attendees.entries)
    if count > max_places():
        return _join_page(event, 409, form=form, count=count, refusal=refusal_message("too-many"))
    if not form.validate_on_submit():
        return _join_page(event, 422, form=form, count=count)
    try:
        entry, new = operations.join(event.id, current_user, _attendees(form), key)
    except Refused as refusal:
        return _join_page(event, 409, form=form, count=count,
                          refusal=_message(refusal))
    if new:
        flash(_("You are on the waiting list, number %(position)d. We will email you if places become free.",
                position=queries.position_of(entry) or 0), "info")
    else:
        flash(_("You had already joined the waiting list: nothing more was added."), "info")
    return redirect(url_for("events.my_bookings"))


def _entry_or_404(entry_id):
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None or entry.organisation_id != current_user.organisation_id or not operations.may_see(entry, current_user):
        abort(404)
    return entry


def _offer_page(entry, status=200, refusal=None):
    offered = entry.status == "offered" and clock.as_utc(entry.offer_expires_at) > clock.now()
    return render_template("events/waitlist_offer.html", entry=entry, event=entry.event, refusal=refusal,
                           offered=offered, position=queries.position_of(entry),
                           may_act=operations.may_act(entry, current_user),
                           quote=operations.offer_quote(entry) if offered else None,
                           price_reasons=PRICE_REASONS, zip=zip), status


@localized_route(bp, OFFER, methods=["GET", "POST"])
@member_of_organisation
def waitlist_offer(entry_id):
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None:
        abort(404)
    if entry.organisation_id != current_user.organisation_id or not operations.may_see(entry, current_user):
        return render_template("events/booking_closed.html", event=entry.event,
                               message=waitlist_message("not-yours")), 403
    if request.method == "GET":
        return _offer_page(entry)
    action = request.form.get("action")
    try:
        if not operations.may_act(entry, current_user):
            raise Refused("not-allowed")
        if action == "accept":
            booking, new = operations.accept(entry.id, current_user, request.form.get("confirmed", ""))
        elif action == "decline":
            operations.decline(entry.id, current_user)
        else:  # neither button (a form sent without one): say what to do, change nothing
            return _offer_page(entry, 422, _("Choose whether to accept or decline the offer."))
    except Refused as refusal:
        db.session.rollback()
        entry = db.session.get(WaitlistEntry, entry_id)
        return _offer_page(entry, 409, _message(refusal))
    if action == "decline":
        flash(_("You declined the offer: the places go to the next on the waiting list."), "info")
    elif new:
        flash(_("Your booking is confirmed. Each attendee will receive an email with the calendar entry."), "info")
    else:
        flash(_("This booking was already confirmed: nothing more was booked."), "info")
    return redirect(url_for("events.my_bookings"))


@localized_route(bp, LEAVE, methods=["POST"])
@member_of_organisation
def waitlist_leave(entry_id):
    entry = _entry_or_404(entry_id)
    try:
        left = operations.leave(entry.id, current_user)
    except Refused:
        abort(404)
    if left:
        flash(_("You have left the waiting list."), "info")
    return redirect(url_for("events.my_bookings"))


@localized_route(bp, MOVE, methods=["POST"])
@staff_only
def waitlist_move(entry_id):
    entry = db.get_or_404(WaitlistEntry, entry_id)
    event_id = entry.event_id
    try:
        moved = operations.move(entry.id, request.form.get("direction", ""), current_user)
    except Refused as refusal:
        flash(waitlist_message(refusal.reason), "error")
    else:
        if moved:
            flash(_("The waiting list is reordered."), "info")
    return redirect(url_for("events.attendees", event_id=event_id) + "#waiting-list")
