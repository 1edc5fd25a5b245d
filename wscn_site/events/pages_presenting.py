"""An event as the public pages show it, in the reader's language: dates and times through Babel in
Europe/London, prices, the booking state and places left, and the schema.org Event data."""
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import format_date, format_decimal, format_time, gettext as _, ngettext

from ..clock import LONDON, as_utc
from ..i18n import in_language
from ..markup import render
from . import pages_labels, pages_queries

SCHEMA_STATUS = {"cancelled": "https://schema.org/EventCancelled"}


def price(pence):
    if pence == 0:
        return _("Free")
    return "£" + format_decimal(pence / 100, format="#,##0.00" if pence % 100 else "#,##0")


def when(event):
    """'Thursday, 4 March 2027, 09:30 to 16:00' in the reader's language (London time)."""
    start, end = as_utc(event.starts_at).astimezone(LONDON), as_utc(event.ends_at).astimezone(LONDON)
    if start.date() == end.date():
        return _("%(day)s, %(start)s to %(end)s", day=format_date(start, "full"),
                 start=format_time(start, "HH:mm"), end=format_time(end, "HH:mm"))
    return _("%(start_day)s, %(start)s, to %(end_day)s, %(end)s",
             start_day=format_date(start, "full"), start=format_time(start, "HH:mm"),
             end_day=format_date(end, "full"), end=format_time(end, "HH:mm"))


@dataclass
class Shown:
    event: object
    kind: str
    title: str
    when: str
    where: str
    state: str
    bookable: object
    places_left: str


def present(event, lang, taken, now=None):
    state = pages_queries.bookable(event, now, taken)
    where = _("Online") if event.online else event.venue(lang)
    left = pages_labels.places_left(state.places_left) if event.status == "published" and state.reason in (
        None, "not-open", "full") else ""
    return Shown(event, pages_labels.kind_name(event.kind), event.title(lang), when(event), where,
                 pages_labels.booking_state(state), state, left)


def present_all(events, lang, now=None):
    taken = pages_queries.places_taken([e.id for e in events])
    return [present(event, lang, taken, now) for event in events]


def description(event, lang):
    return render(event.description(lang))


def schema(shown, lang):
    """schema.org Event data (JSON-LD) for the event page."""
    event, site = shown.event, current_app.config["SITE_URL"]
    page = site + url_for("events.event", event_id=event.id, lang_code=lang)
    if event.online:
        location = {"@type": "VirtualLocation", "url": page}
    else:
        location = {"@type": "Place", "name": event.venue(lang), "address": " ".join(event.address.split())}
    return {
        "@context": "https://schema.org", "@type": "Event", "name": shown.title, "url": page,
        "inLanguage": lang, "description": render(event.description(lang)).striptags()[:500],
        "startDate": as_utc(event.starts_at).astimezone(LONDON).isoformat(),
        "endDate": as_utc(event.ends_at).astimezone(LONDON).isoformat(),
        "eventStatus": SCHEMA_STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/" + ("OnlineEventAttendanceMode" if event.online
                                                         else "OfflineEventAttendanceMode"),
        "location": location,
        "organizer": {"@type": "Organization", "name": _("Wales Safer Communities Network"), "url": f"{site}/{lang}/"},
        "offers": {"@type": "Offer", "url": page, "price": f"{event.full_price_pence / 100:.2f}",
                   "priceCurrency": "GBP",
                   "availability": "https://schema.org/" + ("SoldOut" if shown.bookable.reason == "full"
                                                            else "InStock")},
    }


def prices(event):
    """The prices and the members' free places, in a sentence or two."""
    if event.full_price_pence == 0 and event.member_price_pence == 0:
        text = _("Free")
    elif event.member_price_pence == event.full_price_pence:
        text = price(event.full_price_pence)
    else:
        text = _("%(full)s; member organisations %(member)s", full=price(event.full_price_pence),
                 member=price(event.member_price_pence))
    if event.free_places:
        text += " " + ngettext("Each member organisation has %(num)s free place.",
                               "Each member organisation has %(num)s free places.", event.free_places)
    elif event.kind == "virtual-seminar":
        text += " " + _("Free for three named people from each member organisation.")
    return text


def cancelled_in(lang):
    """The cancellation notice in ``lang`` (the page shows it in both languages)."""
    with in_language(lang):
        return _("This event has been cancelled.")


def members_only_day(event):
    if not event.members_only_until:
        return ""
    return format_date(as_utc(event.members_only_until).astimezone(LONDON), "long")
