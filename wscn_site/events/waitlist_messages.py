"""Why joining the waiting list, or answering an offer, was refused, in the page's language."""
from flask_babel import gettext as _, ngettext

from .booking_messages import refusal_message


def waitlist_message(reason, **details):
    if reason == "has-places":
        left = details.get("left", 0)
        return ngettext("There is still %(num)d place left at this event: book it instead of joining the waiting list.",
                        "There are still %(num)d places left at this event: book them instead of joining the waiting list.",
                        left)
    if reason == "already-waiting":
        emails = ", ".join(details.get("emails") or ())
        return _("These people are already on the waiting list of this event: %(emails)s.", emails=emails)
    if reason == "no-offer":
        return _("There is no offer to answer: it was accepted, declined or released already.")
    if reason == "offer-expired":
        return _("This offer has expired: the places are going to the next on the waiting list.")
    if reason in ("not-yours", "not-allowed"):
        return _("This waiting-list entry is not yours: only the person who made it, or their organisation's "
                 "lead, can answer its offer.")
    if reason == "not-waiting":
        return _("This entry is no longer on the waiting list.")
    if reason == "full":
        return _("This event is full: there are no places left.")

    class _Details:
        pass

    refusal = _Details()
    for key, value in details.items():
        setattr(refusal, key, value)
    return refusal_message(reason, refusal)
