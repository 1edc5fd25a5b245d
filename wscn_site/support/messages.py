"""Why a support operation was refused, in the page's language (gettext: plain strings)."""
from flask_babel import gettext as _


def refusal_message(reason):
    if reason == "not-entitled":
        return _("Your organisation's membership is not current, so you cannot ask for support or read its "
                 "requests. To renew, email SaferCommunities@wlga.gov.uk.")
    if reason == "closed":
        return _("This request has been closed, so it cannot be changed. If you need more help, ask for "
                 "support again.")
    if reason == "capacity-peer-review":
        return _("Only a peer review can be declined because the Network does not have the capacity for it.")
    if reason == "not-staff":
        return _("Requests can only be assigned to an active member of the Network's staff.")
    return _("You are not allowed to do that.")
