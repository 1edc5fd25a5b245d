"""The waiting list's email: a freed place is offered to the person who put the entry on the
list, in the language they used then, through the outbox in the offer's transaction."""
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
