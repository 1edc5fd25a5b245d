"""Staff pages of bookings: an event's attendees (needs, Welsh speakers, the simultaneous
translation flag, organisations not renewed for the event's year), its CSV export and register,
and an organisation's ledger of free places with adjustments."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..access import staff_only
from ..extensions import db
from ..i18n import localized_route
from ..models import Organisation
from ..spreadsheets import csv_download
from . import bp, booking_staff_operations as operations, booking_staff_queries as queries
from .booking_queries import event_or_404
from .booking_staff_forms import AdjustmentForm

ATTENDEES = {"en": "/staff/events/<int:event_id>/attendees", "cy": "/staff/digwyddiadau/<int:event_id>/mynychwyr"}
LEDGER = {"en": "/staff/organisations/<int:organisation_id>/event-allowances",
          "cy": "/staff/sefydliadau/<int:organisation_id>/lwfansau-digwyddiadau"}



@localized_route(bp, ATTENDEES, methods=["GET", "POST"])
@staff_only
def attendees(event_id):
    event = event_or_404(event_id)
    if request.method == "POST":
        marked = operations.mark_attendance(event.id, [int(v) for v in request.form.getlist("attended") if v.isdigit()],
                                            current_user)
        flash(_("The register is saved (%(count)d places).", count=marked), "info")
        return redirect(url_for("events.attendees", event_id=event.id))
    from .waitlist_queries import event_list

    waiting, waiting_organisations = event_list(event)
    return render_template("events/staff_booking_attendees.html", event=event, found=queries.attendees(event),
                           threshold=queries.threshold(), waiting=waiting, waiting_organisations=waiting_organisations)


@localized_route(bp, {lang: path + ".csv" for lang, path in ATTENDEES.items()})
@staff_only
def attendees_csv(event_id):
    event = event_or_404(event_id)
    found = queries.attendees(event)
    yes, no = _("Yes"), _("No")
    rows = []
    for place in found.places:
        held = found.nonmembers.get(place.booking_id)
        rows.append((
            f"{held.organisation_name} ({_('Not a member')})" if held else found.organisations[place.organisation_id].name(g.lang),
            place.name, place.email, place.language.upper(), yes if place.speaks_welsh else no, place.access_needs,
            place.dietary_needs, f"{place.price_pence / 100:.2f}",
            "" if place.attended is None else (yes if place.attended else no),
            yes if place.organisation_id in found.unrenewed else ""))
    name = ("mynychwyr" if g.lang == "cy" else "attendees") + f"-{event.id}.csv"
    return csv_download([_("Organisation"), _("Name"), _("Email address"), _("Language"), _("Wishes to speak Welsh"),
                         _("Access needs"), _("Dietary needs"), _("Price"), _("Attended"),
                         _("Not renewed for the event's year")], rows, name)


@localized_route(bp, LEDGER, methods=["GET", "POST"])
@staff_only
def ledger(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    lines, named, adjustments, year, seminar = queries.ledger(organisation)
    form = AdjustmentForm()
    form.event_id.choices = [(line.event.id, f"{line.event.title(g.lang)} ({line.event.starts_at:%Y-%m-%d})")
                             for line in lines]
    if form.validate_on_submit():
        by_event = form.target.data == "event"
        operations.adjust_allowance(organisation.id, form.change.data, form.reason.data, current_user,
                                    event_id=form.event_id.data if by_event else None,
                                    year=None if by_event else clock.financial_year())
        flash(_("The allowance of %(name)s is adjusted.", name=organisation.name(g.lang)), "info")
        return redirect(url_for("events.ledger", organisation_id=organisation.id))
    return render_template("events/staff_booking_ledger.html", organisation=organisation, lines=lines, named=named,
                           adjustments=adjustments, year=year, seminar=seminar, form=form,
                           events={line.event.id: line.event for line in lines})
