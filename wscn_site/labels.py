"""Names shown to people for the codes stored in the database, in both languages."""
from flask_babel import lazy_gettext as _l

RESOURCE_KINDS = {
    "briefing": _l("Briefing"),
    "legislation-briefing": _l("Briefing on legislation and duties"),
    "funding-briefing": _l("Funding briefing"),
    "recorded-seminar": _l("Recorded seminar"),
    "training": _l("Training"),
    "template": _l("Template document"),
    "consultation-response": _l("Draft consultation response"),
    "minutes": _l("Minutes"),
}
FILE_LANGUAGES = {"cy": _l("Welsh"), "en": _l("English"), "bilingual": _l("Bilingual")}
AUDIENCES = {"members": _l("Members"), "staff": _l("Network staff only")}
ORGANISATION_KINDS = {
    "local-authority": _l("Local authority"),
    "police": _l("Police"),
    "fire-rescue": _l("Fire and rescue service"),
    "health": _l("Health"),
    "third-sector": _l("Third sector"),
    "other": _l("Other"),
}
MEMBERSHIP_STATUSES = {"member": _l("Member"), "lapsed": _l("Lapsed"), "prospective": _l("Not yet a member")}
ROLES = {
    "member": _l("Member"),
    "lead": _l("Organisation lead"),
    "staff": _l("Network staff"),
    "admin": _l("Administrator"),
}
FILE_KIND_NAMES = {
    "pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint", "odt": "OpenDocument",
    "mp4": "MP4", "webm": "WebM", "vtt": "WebVTT",
}
#: How an organisation wants its invoices (Organisation.invoice_language).
INVOICE_LANGUAGES = {"cy": _l("Welsh"), "en": _l("English"), "both": _l("Bilingual, Welsh first")}
APPLICATION_STATUSES = {
    "pending": _l("Waiting for a decision"),
    "needs-info": _l("Needs more information"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
}
INVOICE_KINDS = {"invoice": _l("Invoice"), "credit": _l("Credit note")}
INVOICE_STATUSES = {
    "unpaid": _l("Unpaid"),
    "overdue": _l("Unpaid for more than 30 days"),
    "paid": _l("Paid"),
    "cancelled": _l("Cancelled by a credit note"),
    "credit": _l("Credit note"),
}
