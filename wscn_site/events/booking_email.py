"""The emails of a booking, one per attendee in their own language, through the outbox in the
booking's transaction: the confirmation (with the calendar entry attached, and the joining link
of an online event) and the cancellation."""
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from ..mail import queue_email
from .booking_calendar import attachment


def bookings_link(lang):
    return current_app.config["SITE_URL"] + url_for("events.my_bookings", lang_code=lang)


def queue_confirmation(place, event):
    lang = place.language
    return queue_email(place.email, _l("Your place at %(event)s is booked", event=event.title(lang)),
                       "booking_confirmed", lang, place=place, event=event, link=bookings_link(lang),
                       attachments=[attachment(event, lang)])


def queue_cancellation(place, event):
    lang = place.language
    return queue_email(place.email, _l("Your place at %(event)s is cancelled", event=event.title(lang)),
                       "booking_cancelled", lang, place=place, event=event, link=bookings_link(lang))


def queue_swapped_out(before, place, event):
    """To the person who held the place: it has gone to someone else (in the place's old language)."""
    lang = before.get("language", "cy")
    return queue_email(before["email"], _l("Your place at %(event)s has gone to someone else", event=event.title(lang)),
                       "booking_swapped", lang, name=before["name"], event=event, link=bookings_link(lang))


def queue_reminder(place, event, link=None):
    """``link``: where the attendee cancels or changes the place (default: the members' bookings page)."""
    lang = place.language
    return queue_email(place.email, _l("Reminder: %(event)s is tomorrow", event=event.title(lang)),
                       "booking_reminder", lang, place=place, event=event, link=link or bookings_link(lang))
