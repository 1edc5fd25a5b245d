"""The waiting list's emails: a freed place is offered to the person who put the entry on the
list, and they are told when the offer has lapsed untaken, in the language they used then, through
the outbox in the offer's (or the release's) transaction."""
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from .. import clock
from ..mail import queue_email


def offer_link(entry, lang):
    return current_app.config["SITE_URL"] + url_for("events.waitlist_offer", entry_id=entry.id, lang_code=lang)


def queue_offer(entry, event):
    lang = entry.language if entry.language in ("cy", "en") else "cy"
    row = queue_email(entry.created_by.email,
                      _l("A place at %(event)s is yours if you want it", event=event.title(lang)),
                      "waitlist_offer", lang, entry=entry, event=event, name=entry.created_by.name,
                      link=offer_link(entry, lang),
                      expires_in=max(clock.as_utc(entry.offer_expires_at) - clock.now(), timedelta(0)))
    row.about_id = entry.id
    return row


def queue_lapsed(entry, event):
    """The offer was not taken in time: the places went on down the list and the entry left it."""
    lang = entry.language if entry.language in ("cy", "en") else "cy"
    row = queue_email(entry.created_by.email,
                      _l("The offer from the waiting list for %(event)s has ended",
                         event=event.title(lang)),
                      "waitlist_lapsed", lang, entry=entry, event=event, name=entry.created_by.name,
                      link=current_app.config["SITE_URL"] + url_for("events.event", event_id=event.id,
                                                                    lang_code=lang))
    row.about_id = entry.id
    return row
