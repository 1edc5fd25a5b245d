"""Names and messages of the annual meeting, in both languages."""
from flask_babel import gettext as _, lazy_gettext as _l

ADDRESSEE_NAMES = {"board": _l("The Governance Board"), "team": _l("The Network team")}
LANGUAGE_NAMES = {"cy": _l("Welsh"), "en": _l("English")}
STATUS_NAMES = {
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "merged": _l("Merged with a similar question"),
    "declined": _l("Declined"),
    "answered": _l("Answered"),
}
MISSING = {
    "agenda_cy": _l("The agenda in Welsh"),
    "agenda_en": _l("The agenda in English"),
    "venue_cy": _l("The venue in Welsh"),
    "venue_en": _l("The venue in English"),
}


def shown_status(question, meeting):
    """What the member sees: "answered" once the answers are published and it has one."""
    if question.status == "accepted" and meeting.answers_published_at is not None and question.answered_at:
        return "answered"
    return question.status


def refusal_message(reason):
    """Why an operation was refused, in the page's language."""
    messages = {
        "closed": _("The deadline for questions has passed, so your question was not sent."),
        "not-open": _("This meeting is not taking questions."),
        "not-entitled": _("Only people of a member organisation can send questions."),
        "deadline": _("The last day for questions must be before the meeting."),
        "answered": _("The answers to this meeting are published, so it cannot be changed."),
        "draft": _("Publish the agenda first."),
        "not-yet": _("The answers and minutes can be published once the meeting has started."),
        "minutes": _("Enter the minutes in both languages."),
        "state": _("That cannot be done to the question as it is now. Someone may have changed it meanwhile."),
        "merge-target": _("Select an accepted question of the same meeting, other than this one."),
        "reason": _("Enter the reason in the question's language at least."),
        "answer": _("Enter the answer in the question's language at least."),
        "too-long": _("The text is too long."),
    }
    return messages.get(reason, _("You are not allowed to do that."))
