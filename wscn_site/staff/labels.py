"""Names shown to staff for the staff tools' own codes, in both languages.

The codes stored on models (kinds, roles, statuses ...) are named in wscn_site/labels.py.
"""
from flask_babel import lazy_gettext as _l

#: Upload slots of a resource form: field name -> (purpose, language; None = chosen on the form).
SLOTS = {
    "document_cy": ("document", "cy"),
    "document_en": ("document", "en"),
    "document_bilingual": ("document", "bilingual"),
    "video": ("video", None),
    "captions_cy": ("captions", "cy"),
    "captions_en": ("captions", "en"),
}
SLOT_LABELS = {
    "document_cy": _l("Document in Welsh"),
    "document_en": _l("Document in English"),
    "document_bilingual": _l("Bilingual document"),
    "video": _l("Video recording"),
    "captions_cy": _l("Captions in Welsh (WebVTT)"),
    "captions_en": _l("Captions in English (WebVTT)"),
}
RESOURCE_STATUSES = {"draft": _l("Draft"), "published": _l("Published"), "expired": _l("Expired")}
USER_STATUSES = {
    "active": _l("Active"),
    "invited": _l("Invited, no password yet"),
    "deactivated": _l("Deactivated"),
}
TARGET_TYPES = {"resource": _l("Resource"), "organisation": _l("Organisation"), "user": _l("User"),
                "briff_issue": _l("Briff issue"), "email": _l("Email"),
                "membership_application": _l("Membership application"), "invoice": _l("Invoice"),
                "event": _l("Event"), "consultation": _l("Consultation"),
                "consultation_comment": _l("Comment on a consultation")}
ACTIONS = {
    "resource.create": _l("Created a resource"),
    "resource.update": _l("Edited a resource"),
    "resource.unpublish": _l("Unpublished a resource"),
    "resource.delete": _l("Deleted a resource"),
    "organisation.create": _l("Added an organisation"),
    "organisation.update": _l("Edited an organisation"),
    "user.invite": _l("Invited a user"),
    "user.invite_resent": _l("Sent an invitation again"),
    "email.retry": _l("Tried a failed email again"),
    "user.role": _l("Changed a user's role"),
    "user.deactivate": _l("Deactivated a user"),
    "user.reactivate": _l("Reactivated a user"),
    "briff.create": _l("Started a Briff issue"),
    "briff.update": _l("Changed a Briff issue's number or date"),
    "briff.item.add": _l("Added a Briff item"),
    "briff.item.update": _l("Edited a Briff item"),
    "briff.item.move": _l("Moved a Briff item"),
    "briff.item.remove": _l("Removed a Briff item"),
    "briff.restore": _l("Restored an earlier version of a Briff issue"),
    "briff.publish": _l("Published a Briff issue"),
    "briff.publish_due": _l("Published a scheduled Briff issue"),
    "briff.schedule": _l("Scheduled a Briff issue"),
    "briff.unschedule": _l("Cancelled the schedule of a Briff issue"),
    "briff.unpublish": _l("Unpublished a Briff issue"),
    "membership.renew": _l("Renewed a membership"),
    "membership.end": _l("Ended a membership"),
    "membership.remind": _l("Wrote about renewing a membership"),
    "application.submit": _l("Received a membership application"),
    "application.approve": _l("Approved a membership application"),
    "application.needs_info": _l("Asked an applicant for more information"),
    "application.decline": _l("Declined a membership application"),
    "invoice.cancel": _l("Cancelled an invoice with a credit note"),
    "invoice.payment": _l("Recorded the payment of an invoice"),
    "organisation.invoicing": _l("Changed how an organisation is invoiced"),
    "membership.invoice": _l("Issued an invoice that was waiting"),
    "event.create": _l("Added an event"),
    "event.update": _l("Edited an event"),
    "event.publish": _l("Published an event"),
    "event.cancel": _l("Cancelled an event"),
    "booking.create": _l("Booked places at an event"),
    "booking.cancel": _l("Cancelled a place at an event"),
    "booking.swap": _l("Changed the person on a place at an event"),
    "booking.forget_needs": _l("Deleted attendees' needs after their events"),
    "booking.attendance": _l("Saved an event's register"),
    "allowance.adjust": _l("Adjusted an organisation's event allowance"),
    "consultation.create": _l("Added a consultation"),
    "consultation.update": _l("Edited a consultation"),
    "consultation.publish": _l("Published a consultation and invited members' comments"),
    "consultation.respond": _l("Marked a consultation as responded"),
    "consultation.comment.hide": _l("Hid a comment on a consultation"),
}


def slot_of(stored):
    """The upload slot a stored ResourceFile fills."""
    return "video" if stored.purpose == "video" else f"{stored.purpose}_{stored.language}"


def membership_year(year):
    """The financial year starting in ``year``, as people write it: 2026 -> '2026–27'."""
    return f"{year}–{(year + 1) % 100:02d}" if year else ""


# Support requests (support/): what the audit log calls their changes.
TARGET_TYPES["support_request"] = _l("Support request")
ACTIONS.update({
    "support.open": _l("Asked the Network for support"),
    "support.member-reply": _l("Replied to the Network about a support request"),
    "support.reply": _l("Replied to a support request"),
    "support.assign": _l("Assigned a support request"),
    "support.status": _l("Changed the status of a support request"),
    "support.decline": _l("Declined a support request"),
})
