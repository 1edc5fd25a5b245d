"""The forms of support requests, for members and for staff. Every message is the site's own, in
both languages; every text has a length limit (the operations check it again)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectField
from wtforms.validators import ValidationError

from .. import labels as site_labels
from ..forms import SiteForm, options, required_text
from . import labels

MAX_DESCRIPTION = 5000
MAX_REPLY = 5000
MAX_REASON = 2000
MAX_FILES = 3


def _reply_field(label):
    return required_text(label, _l("Enter your reply"), MAX_REPLY,
                         _l("Enter a reply of %(count)s characters or fewer", count=MAX_REPLY), area=True)


class WithFiles:
    """A form with up to MAX_FILES files in its ``attachments`` field."""

    def chosen_files(self):
        """The files sent with the form (a browser sends an empty part when none is chosen)."""
        return [item for item in (self.attachments.data or []) if getattr(item, "filename", "")]

    def validate_attachments(self, field):
        if len(self.chosen_files()) > MAX_FILES:
            raise ValidationError(_l("Choose %(count)s files or fewer", count=MAX_FILES))


class RequestForm(WithFiles, SiteForm):
    kind = RadioField(_l("What would you like help with?"), choices=options(labels.KINDS.items()),
                      invalid_choice_message=_l("Select what you would like help with"))
    description = required_text(
        _l("Describe what you need"), _l("Describe what you need"), MAX_DESCRIPTION,
        _l("Enter a description of %(count)s characters or fewer", count=MAX_DESCRIPTION), area=True)
    language = RadioField(_l("Which language would you like our help in?"),
                          choices=options((code, site_labels.FILE_LANGUAGES[code]) for code in ("cy", "en")),
                          invalid_choice_message=_l("Select the language you would like our help in"))
    attachments = MultipleFileField(_l("Files (optional)"))


class ReplyForm(WithFiles, SiteForm):
    body = _reply_field(_l("Your reply"))
    attachments = MultipleFileField(_l("Files (optional)"))


class StaffReplyForm(WithFiles, SiteForm):
    body = _reply_field(_l("Reply to the member"))
    attachments = MultipleFileField(_l("Files (optional)"))
    then = RadioField(_l("After this reply, the request is"),
                      choices=options((code, labels.STATUSES[code]) for code in ("waiting", "in-progress", "done")),
                      default="waiting", invalid_choice_message=_l("Select the request's status after this reply"))


class AssignForm(SiteForm):
    assignee = SelectField(_l("Assign to"), coerce=int, validate_choice=False)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assignee.choices = options((person.id, person.name) for person in staff)
        self.known_ids = {person.id for person in staff}

    def validate_assignee(self, field):
        if field.data not in self.known_ids:
            raise ValidationError(_l("Select a member of the Network's staff"))


class StatusForm(SiteForm):
    status = RadioField(_l("Status"), choices=options(
        (code, labels.STATUSES[code]) for code in ("in-progress", "waiting", "done")),
        invalid_choice_message=_l("Select a status"))


class DeclineForm(SiteForm):
    ground = RadioField(_l("Why is the request declined?"), choices=options(labels.DECLINE_GROUNDS.items()),
                        invalid_choice_message=_l("Select why the request is declined"))
    reason = required_text(_l("Your reason, which the member reads in the portal"), _l("Enter the reason"),
                           MAX_REASON, _l("Enter a reason of %(count)s characters or fewer", count=MAX_REASON),
                           area=True)
