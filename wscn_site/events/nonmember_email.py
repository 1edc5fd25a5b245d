"""The emails of a non-member's booking, through the outbox in the step's own transaction: to the
booker (in the language they chose) the hold with its confirmation link, the confirmation with the
cancellation link and the invoice attached, the release of a hold not confirmed, the cancellation
with the credit note; to each attendee (in theirs) the usual confirmation with the calendar entry,
and the cancellation."""
from flask import current_app, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from .. import clock
from ..i18n import in_language
from ..mail import Attachment, queue_email
from ..storage import store
from .booking_calendar import attachment


def _url(endpoint, lang, **values):
    return current_app.config["SITE_URL"] + url_for(endpoint, lang_code=lang, **values)


def pdf_attachment(invoice, lang):
    """The invoice's (or credit note's) PDF as it was stored when issued, named as the portal names it."""
    with in_language(lang):
        word = _("invoice") if invoice.kind == "invoice" else _("credit-note")
    data = b"".join(store().chunks(invoice.storage_name))
    return Attachment(f"{word}-{invoice.number.replace('/', '-')}.pdf", "application/pdf", data)


def queue_hold(held, event, token):
    lang = held.language
    link = _url("events.nonmember_confirm", lang, token=token)
    return queue_email(held.email, _l("Confirm your booking at %(event)s", event=event.title(lang)),
                       "nonmember_hold", lang, held=held, event=event, link=link,
                       places=held.booking.places, total=held.booking.total_pence,
                       expires_in=held.held_until - clock.now())  # not sent after the hold; erased once sent


def queue_confirmed(held, event, token, invoice=None):
    lang = held.language
    attachments = [pdf_attachment(invoice, lang)] if invoice else []
    return queue_email(held.email, _l("Your booking at %(event)s is confirmed", event=event.title(lang)),
                       "nonmember_confirmed", lang, held=held, event=event, invoice=invoice,
                       places=held.booking.places, link=_url("events.nonmember_cancel", lang, token=token),
                       attachments=attachments)


def queue_attendee(place, event, token):
    """The members' confirmation, with the calendar entry; its link cancels the booking."""
    lang = place.language
    return queue_email(place.email, _l("Your place at %(event)s is booked", event=event.title(lang)),
                       "booking_confirmed", lang, place=place, event=event,
                       link=_url("events.nonmember_cancel", lang, token=token),
                       attachments=[attachment(event, lang)])


def queue_released(held, event):
    lang = held.language
    return queue_email(held.email, _l("The places you held at %(event)s have been released", event=event.title(lang)),
                       "nonmember_released", lang, held=held, event=event,
                       link=_url("events.event", lang, event_id=event.id))


def queue_cancelled(held, event, credit=None):
    lang = held.language
    attachments = [pdf_attachment(credit, lang)] if credit else []
    queue_email(held.email, _l("Your booking at %(event)s is cancelled", event=event.title(lang)),
                "nonmember_cancelled", lang, held=held, event=event, credit=credit,
                link=_url("events.event", lang, event_id=event.id), attachments=attachments)
    for place in held.booking.places:
        if place.email != held.email:
            queue_email(place.email, _l("Your place at %(event)s is cancelled", event=event.title(place.language)),
                        "nonmember_place_cancelled", place.language, place=place, event=event)
