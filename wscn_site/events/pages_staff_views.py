"""Staff pages for events: the list, create, edit, publish and cancel. Only staff reach them (others
get a 404, anonymous visitors the log-in page). Every change is in pages_operations.py."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import terms
from ..access import staff_only
from ..extensions import db
from ..i18n import localized_route
from ..models.events import Event
from . import bp, pages_operations as operations, pages_queries
from .pages_forms import EventForm
from .pages_labels import STATUS_NAMES, booking_state, missing_line
from .pages_presenting import present, present_all, prices, when

EVENT = "/staff/events/<int:event_id>"
DIGWYDDIAD = "/staff/digwyddiadau/<int:event_id>"



def route(en, cy, **options):
    def register(view):
        return localized_route(bp, {"en": en, "cy": cy}, **options)(staff_only(view))

    return register


@bp.context_processor
def staff_helpers():
    return {"event_status": lambda status: str(STATUS_NAMES.get(status, status)), "event_missing": missing_line,
            "event_when": when, "event_prices": prices,
            "event_state": lambda event: booking_state(pages_queries.bookable(event))}


def _to_event(event):
    return redirect(url_for("events.staff_event", event_id=event.id))


def _event_page(event, refused=None):
    shown = present(event, g.lang, pages_queries.places_taken([event.id]))
    return render_template("events/staff_event.html", event=event, shown=shown, refused=refused,
                           readiness=operations.readiness(event))


@route("/staff/events/", "/staff/digwyddiadau/")
def staff_events():
    return render_template("events/staff_events.html", events=present_all(pages_queries.all_events(), g.lang))


@route("/staff/events/new", "/staff/digwyddiadau/newydd", methods=["GET", "POST"])
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        event = operations.create_event(form.values(), current_user)
        flash(_("The event has been saved as a draft. Publish it when both languages are complete."), "info")
        terms.flash_warnings(form)
        return _to_event(event)
    return render_template("events/staff_event_form.html", form=form, event=None, refused=None)


@route(EVENT, DIGWYDDIAD)
def staff_event(event_id):
    return _event_page(db.get_or_404(Event, event_id))


@route(EVENT + "/edit", DIGWYDDIAD + "/golygu", methods=["GET", "POST"])
def edit_event(event_id):
    event = db.get_or_404(Event, event_id)
    if event.status == "cancelled":
        flash(_("A cancelled event cannot be changed."), "error")
        return _to_event(event)
    form, refused = EventForm(event=event), None
    if form.validate_on_submit():
        try:
            operations.update_event(event, form.values(), current_user)
        except operations.NotReady as refusal:
            refused = refusal.readiness
        else:
            flash(_("Your changes have been saved."), "info")
            terms.flash_warnings(form)
            return _to_event(event)
    return render_template("events/staff_event_form.html", form=form, event=event, refused=refused)


@route(EVENT + "/publish", DIGWYDDIAD + "/cyhoeddi", methods=["GET", "POST"])
def publish_event(event_id):
    event = db.get_or_404(Event, event_id)
    if request.method != "POST":
        return _to_event(event)
    try:
        if operations.publish(event, current_user):
            flash(_("The event is published in both languages."), "info")
    except operations.NotReady as refusal:
        return _event_page(event, refused=refusal.readiness)
    return _to_event(event)


@route(EVENT + "/cancel", DIGWYDDIAD + "/canslo", methods=["GET", "POST"])
def cancel_event(event_id):
    event = db.get_or_404(Event, event_id)
    if request.method != "POST":
        return render_template("events/staff_cancel.html", event=event)
    try:
        if operations.cancel(event, current_user, reason=request.form.get("reason", "")[:500]):
            flash(_("The event is cancelled. Its page says so in both languages."), "info")
    except operations.Refused:
        flash(_("A draft cannot be cancelled: it was never published."), "error")
    return _to_event(event)
