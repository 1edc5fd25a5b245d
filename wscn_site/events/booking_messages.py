"""Why a booking or a cancellation was refused, in the page's language."""
from flask_babel import gettext as _, lazy_gettext as _l, ngettext


def refusal_message(reason, refusal=None):
    if reason == "cancelled":
        return _("This event has been cancelled: it cannot be booked.")
    if reason == "past":
        return _("This event has already taken place.")
    if reason == "not-open":
        return _("Booking for this event is not open yet.")
    if reason == "closed":
        return _("Booking for this event has closed.")
    if reason == "members-only":
        return _("Only member organisations can book this event for now.")
    if reason == "full":
        left = getattr(refusal, "left", 0)
        if not left:
            return _("This event is full: there are no places left.")
        return ngettext("There is only %(num)d place left: book fewer places.",
                        "There are only %(num)d places left: book fewer places.", left)
    if reason == "already-booked":
        emails = ", ".join(getattr(refusal, "emails", None) or ())
        if emails:
            return _("These people already have a place at this event: %(emails)s.", emails=emails)
        return _("One of these people already has a place at this event.")
    if reason == "same-person":
        return _("Each place is for a different person: the same email address appears twice.")
    if reason == "too-many":
        return _("That is more places than one booking can have.")
    if reason == "no-attendees":
        return _("Enter at least one attendee.")
    if reason == "price-changed":
        return _("The price has changed since it was shown (your organisation's free places were used "
                 "meanwhile, or its membership changed). Check the new price and confirm again.")
    if reason == "too-late":
        return _("Places can no longer be cancelled online: the event is too close. Email "
                 "SaferCommunities@wlga.gov.uk.")
    if reason == "swap-too-late":
        return _("The person on a place can no longer be changed online: the event is too close. Email "
                 "SaferCommunities@wlga.gov.uk.")
    if reason == "swap-already-booked":
        return _("This person already has a place at this event")
    if reason == "swap-same-person":
        return _("This person already holds this place: enter the person who goes instead")
    if reason == "not-booked":
        return _("This place has been cancelled.")
    if reason == "no-organisation":
        return _("Only people of a member organisation can book here.")
    return _("You are not allowed to do that.")


#: Why a place costs what it costs (models.bookings.PRICE_REASONS), shown beside each price.
PRICE_REASONS = {
    "free": _l("One of your organisation's free places"),
    "named": _l("One of your organisation's named people for virtual seminars this year"),
    "member": _l("Member price"),
    "full": _l("Full price"),
}
