"""The calendar entry (.ics, RFC 5545, written with the ``icalendar`` library) sent to a booked
attendee: the event in their language, with the joining link of an online event, which only
booked attendees receive."""
from datetime import timedelta

from flask import current_app

from .. import clock
from ..mail import Attachment


def calendar_entry(event, lang, joining_link=True):
    """The .ics bytes of ``event`` in ``lang``; the same UID whatever the language, so a calendar
    that imports it twice shows it once."""
    domain = current_app.config["SITE_URL"].split("://", 1)[-1].split("/", 1)[0]
    from icalendar import Calendar, Event as CalendarEvent  # here: at import it costs every start-up 30 ms

    calendar = Calendar()
    calendar.add("prodid", "-//Wales Safer Communities Network//wscn//" + lang.upper())
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{domain}")
    entry.add("dtstamp", clock.now())
    entry.add("dtstart", clock.as_utc(event.starts_at))
    entry.add("dtend", clock.as_utc(event.ends_at) or clock.as_utc(event.starts_at) + timedelta(hours=1))
    entry.add("summary", event.title(lang))
    description = event.description(lang)
    if event.online and joining_link and event.joining_link:
        entry.add("location", event.joining_link)
        description = f"{description}\n\n{event.joining_link}".strip()
    else:
        entry.add("location", ", ".join(part for part in (event.venue(lang), event.address) if part))
    entry.add("description", description)
    if event.status == "cancelled":
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    return calendar.to_ical()


def attachment(event, lang):
    return Attachment(f"event-{event.id}.ics", "text/calendar", calendar_entry(event, lang))
