"""Names of a support request's codes (its kind, its status, why it was declined), in both languages."""
from flask_babel import lazy_gettext as _l

KINDS = {
    "governance": _l("Governance support"),
    "problem-solving": _l("Problem solving"),
    "community-safety": _l("Advice on a community safety issue"),
    "peer-review": _l("Peer review of governance or community safety team structures"),
    "documents": _l("Help with documents, such as terms of reference or campaign materials"),
}
STATUSES = {
    "new": _l("New"),
    "in-progress": _l("In progress"),
    "waiting": _l("Waiting for the member"),
    "done": _l("Done"),
    "declined": _l("Declined"),
}
DECLINE_GROUNDS = {
    "capacity": _l("The Network does not have the capacity for this peer review at the moment"),
    "other": _l("Another reason"),
}
