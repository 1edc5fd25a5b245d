"""iCalendar (RFC 5545) for events, with the ``icalendar`` library: one event's ``.ics`` and a feed per
language. Public files never carry the joining link; ``event_calendar(..., joining_link=True)`` is for
the booking slice's confirmation emails to booked attendees.

Each event keeps one UID in both languages and in every file, so a calendar that subscribed to the
feed and also imported the ``.ics`` holds it once, and a cancellation (``STATUS:CANCELLED``) updates it.
"""
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import gettext as _

from ..clock import as_utc
from ..i18n import in_language
from .pages_labels import kind_name

PRODID = "-//Wales Safer Communities Network//Events//EN"


def _uid(event):
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    return f"event-{event.id}@{host}"


def _location(event, lang):
    """Called in the event's language."""
    if event.online:
        return _("Online")
    return ", ".join(part for part in (event.venue(lang), " ".join(event.address.split())) if part)


def _component(event, lang, joining_link):
    with in_language(lang):
        page = current_app.config["SITE_URL"] + url_for("events.event", event_id=event.id, lang_code=lang)
        summary = event.title(lang)
        if event.status == "cancelled":
            summary = _("Cancelled: %(title)s", title=summary)
        location = _location(event, lang)
        text = "\n\n".join(part for part in (kind_name(event.kind), event.description(lang), page) if part)
    from icalendar import Event as CalendarEvent  # here: at import it costs every start-up 30 ms

    item = CalendarEvent()
    item.add("uid", _uid(event))
    item.add("dtstamp", as_utc(event.updated_at or event.created_at))
    item.add("dtstart", as_utc(event.starts_at))
    item.add("dtend", as_utc(event.ends_at))
    item.add("summary", summary)
    item.add("description", text)
    item.add("location", location)
    item.add("url", page)
    item.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    if joining_link and event.joining_link:
        item.add("conference", event.joining_link, parameters={"value": "URI"})
    return item


def _calendar(name):
    from icalendar import Calendar  # here, not at import: it costs every start-up 30 ms

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_calendar(event, lang, joining_link=False):
    """The bytes of one event's ``.ics`` in ``lang``."""
    calendar = _calendar(event.title(lang))
    calendar.add_component(_component(event, lang, joining_link))
    return calendar.to_ical()


def feed(events, lang, name):
    """The bytes of the language's calendar feed."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event, lang, joining_link=False))
    return calendar.to_ical()
