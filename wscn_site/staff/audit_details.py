"""The details of an audit entry, in the reader's language.

Each change stores its details as JSON with the codes the code uses (``{"role": ["member",
"lead"]}``, ``{"fields": ["title_cy"]}``); staff read them as named lines ("Role: Member →
Organisation lead", "What changed: Title in Welsh"). Values people typed (titles, names, email
addresses, file names) are shown as they are; details that are not JSON (cut short when very
long) are shown as stored.
"""
import json
from datetime import date, datetime

import sqlalchemy as sa
from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..formatting import clock, long_date
from .. import labels as member_labels
from ..models import BriffIssue, Topic
from . import labels
from .forms import band_choices

FIELDS = {
    "title_en": _l("Title in English"), "title_cy": _l("Title in Welsh"),
    "summary_en": _l("Summary in English"), "summary_cy": _l("Summary in Welsh"),
    "body_en": _l("Text in English"), "body_cy": _l("Text in Welsh"),
    "name_en": _l("Name in English"), "name_cy": _l("Name in Welsh"),
    "kind": _l("Type"), "audience": _l("Who may see it"), "topics": _l("Topics"), "topic_id": _l("Topic"),
    "published": _l("Published"), "expires_on": _l("Expiry date"), "files": _l("Files"),
    "files_added": _l("Files added"), "files_removed": _l("Files removed"),
    "video_language": _l("Language of the video"), "budget_band": _l("Budget band"),
    "membership_status": _l("Membership"), "membership_year": _l("Membership year"),
    "email": _l("Email address"), "role": _l("Role"), "organisation_id": _l("Organisation number"),
    "language": _l("Language"), "fields": _l("What changed"), "number": _l("Issue number"),
    "issue_date": _l("Date of the issue"), "item_id": _l("Item number"), "direction": _l("Moved"),
    "position": _l("New position"), "revision": _l("Version number"), "publish_at": _l("Publishing time"),
    "link": _l("Link"), "visibility": _l("Who may read it"), "confidential": _l("Title hidden too"),
    "welsh_checked": _l("Welsh checked against the English"),
    "english_checked": _l("English checked against the Welsh"),
    "budget": _l("Budget (£ million)"), "fee_pence": _l("Fee a year, in pence"), "invoice": _l("Invoice"),
    "reason": _l("Reason"), "notice": _l("Email"), "recipients": _l("Sent to"),
    "band": _l("Fee band"), "years": _l("Membership years"), "lead": _l("Lead contact"),
    "message": _l("Message"), "duplicate_of": _l("Organisation number of a possible duplicate"),
    "same_name_as": _l("Open applications with the same name"),
    "invoice_number": _l("Invoice number"), "credit_note": _l("Credit note"), 
    "paid_on": _l("Date paid"), "payment_reference": _l("Payment reference"),
    "invoice_language": _l("Language of its invoices"), "po_required": _l("Purchase-order number required"),
    "finance_name": _l("Finance contact's name"), "finance_email": _l("Finance contact's email address"),
    "po_reference": _l("Purchase-order number"),
    "emails": _l("Emails queued"), "consultation": _l("Consultation number"), "resource": _l("Resource number"),
    "title": _l("Title"),
}
RENEWAL_NOTICES = {"invitation": _l("Invitation to renew"), "reminder": _l("Reminder to renew")}
DIRECTIONS = {"up": _l("Up"), "down": _l("Down")}
VISIBILITIES = {"public": _l("Everyone"), "members": _l("Members only")}
#: Details holding codes, and the names of the codes (see also _codes).
CODES = {
    "audience": member_labels.AUDIENCES, "role": member_labels.ROLES,
    "language": member_labels.FILE_LANGUAGES, "video_language": member_labels.FILE_LANGUAGES,
    "membership_status": member_labels.MEMBERSHIP_STATUSES, "direction": DIRECTIONS,
    "visibility": VISIBILITIES, "fields": FIELDS, "files_added": labels.SLOT_LABELS, "notice": RENEWAL_NOTICES,
    "invoice_language": member_labels.INVOICE_LANGUAGES,
}
#: Details whose value is a list of things, never an [old, new] pair.
LISTS = {"fields", "files", "topics", "files_added", "files_removed", "membership_year", "recipients",
         "years", "same_name_as"}
DATES = {"issue_date", "publish_at", "expires_on", "paid_on"}


def _topic_names():
    """{slug: name in the reader's language}, read once per request."""
    if "audit_topics" not in g:
        g.audit_topics = {t.slug: t.name(g.lang) for t in db.session.execute(sa.select(Topic)).scalars()}
    return g.audit_topics


def _briff_numbers():
    """{issue id: issue number}, read once per request."""
    if "audit_briff_numbers" not in g:
        g.audit_briff_numbers = dict(db.session.execute(sa.select(BriffIssue.id, BriffIssue.number)).all())
    return g.audit_briff_numbers


def is_briff_issue(entry):
    """True when the entry is about a Briff issue that still exists (so it can be linked to)."""
    return entry.target_type == "briff_issue" and entry.target_id in _briff_numbers()


def target_name(entry):
    """What the change was made to, as staff know it: "Resource 12", "The Briff, issue 41"."""
    if is_briff_issue(entry):
        return _("The Briff, issue %(number)s", number=_briff_numbers()[entry.target_id])
    return f"{labels.TARGET_TYPES.get(entry.target_type, entry.target_type)} {entry.target_id}"


def _codes(key, target_type):
    """The names of the codes a detail holds, or None when its values are shown as they are."""
    if key == "kind":
        return (member_labels.ORGANISATION_KINDS if target_type in ("organisation", "membership_application")
                else member_labels.RESOURCE_KINDS)
    if key in ("budget_band", "band"):
        return dict(band_choices())  # named with the fee bands' limits, in the reader's language
    if key == "topics":
        return _topic_names()
    return CODES.get(key)


def _when(text):
    """An ISO date, or date and time, as the audit table shows its own; anything else as it is."""
    try:
        if len(text) == 10:
            return long_date(date.fromisoformat(text))
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{long_date(moment)}, {clock(moment)}"


def _value(key, value, target_type):
    if value is None or value == "":
        return _("(none)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_value(key, one, target_type) for one in value)
    if key in ("membership_year", "years") and isinstance(value, int):
        return labels.membership_year(value)
    text = str(value)
    codes = _codes(key, target_type)
    if key == "files_added":  # "slot: file name"
        slot, _sep, name = text.partition(": ")
        return f"{codes[slot]}: {name}" if slot in codes else text
    if codes is not None:
        return str(codes.get(text, text))
    if key in DATES:
        return _when(text)
    return text


def describe(entry):
    """[(label, value text)] for an AuditEntry's details; [(None, text)] when they are not JSON."""
    if not entry.details:
        return []
    try:
        details = json.loads(entry.details)
    except ValueError:
        return [(None, entry.details)]
    if not isinstance(details, dict):
        return [(None, entry.details)]
    lines = []
    for key, value in details.items():
        label = str(FIELDS.get(key, key))
        if isinstance(value, list) and len(value) == 2 and key not in LISTS:
            shown = f"{_value(key, value[0], entry.target_type)} → {_value(key, value[1], entry.target_type)}"
        else:
            shown = _value(key, value, entry.target_type)
        lines.append((label, shown))
    return lines


# Support requests (support/): the details their changes record.
FIELDS.update({"status": _l("Status"), "assigned_to": _l("Assigned to")})
