"""Why a non-member's booking, confirmation or cancellation was refused, in the page's language."""
from flask_babel import gettext as _

from . import booking_messages


def refusal_message(reason, refusal=None):
    if reason == "members-only":
        return _("For now only member organisations can book this event. Non-members can book once the "
                 "early invitation to members ends.")
    if reason == "booker-already":
        return _("You already have a booking at this event. Use the links in the emails we sent you, or "
                 "email SaferCommunities@wlga.gov.uk.")
    if reason == "price-changed":
        return _("The price has changed since it was shown. Check the new price and confirm again.")
    if reason == "link-invalid":
        return _("This link is not valid. Check that you copied the whole link from the email.")
    if reason == "hold-expired":
        return _("This link has expired: the places were held for you but the booking was not confirmed in "
                 "time, so they have been released. You can book again if places are left.")
    if reason == "booking-cancelled":
        return _("This booking has been cancelled.")
    if reason == "too-late":
        return _("This booking can no longer be cancelled online: the event is too close. Email "
                 "SaferCommunities@wlga.gov.uk.")
    return booking_messages.refusal_message(reason, refusal)
