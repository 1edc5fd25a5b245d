"""Words for events in the reader's language: kinds, booking states, what is missing before publishing."""
from flask_babel import lazy_gettext as _l, ngettext

KIND_NAMES = {
    "network-meeting": _l("Network meeting"),
    "annual-conference": _l("Annual conference"),
    "awards": _l("Community Safety Awards"),
    "virtual-seminar": _l("Virtual seminar"),
    "in-person-seminar": _l("In-person seminar"),
    "training": _l("Training"),
    "workshop": _l("Workshop"),
}

STATUS_NAMES = {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")}

#: What to put right before publishing, for each missing field.
MISSING = {
    "title_cy": _l("Add the title in Welsh"),
    "title_en": _l("Add the title in English"),
    "description_cy": _l("Add the description in Welsh"),
    "description_en": _l("Add the description in English"),
    "venue_cy": _l("Add the venue in Welsh, or choose online"),
    "venue_en": _l("Add the venue in English, or choose online"),
}

#: The public pages' answer to ``pages_queries.bookable``'s reason.
BOOKING_STATES = {
    None: _l("Booking is open."),
    "cancelled": _l("This event has been cancelled."),
    "past": _l("This event has taken place."),
    "not-open": _l("Booking has not opened yet."),
    "closed": _l("Booking has closed."),
    "full": _l("This event is full."),
    "draft": _l("This event is not published."),
}


def kind_name(kind):
    return str(KIND_NAMES.get(kind, kind))


def booking_state(bookability):
    return str(BOOKING_STATES[bookability.reason])


def missing_line(name):
    return str(MISSING.get(name, name))


def places_left(count):
    return ngettext("%(num)s place left", "%(num)s places left", count)
