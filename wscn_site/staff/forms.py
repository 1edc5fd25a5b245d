"""Staff forms. Every message is the site's own, in both languages; uploads are checked in uploads.py."""
import re

import sqlalchemy as sa
from flask import g
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import ValidationError

from ..extensions import db
from ..fees import FEE_BANDS
from ..formatting import band_label, money
from .. import clock, labels
from ..forms import MultiCheckboxField, SiteForm, email_field, options, parse_date, required_text, strip
from ..models import Organisation, Topic, User
from ..models.nonmember_bookings import is_placeholder
from .labels import SLOT_LABELS, SLOTS, slot_of

class ResourceForm(SiteForm):
    title_cy = required_text(_l("Title in Welsh"), _l("Enter the title in Welsh"), 250,
                             _l("Enter a title of 250 characters or fewer"))
    title_en = required_text(_l("Title in English"), _l("Enter the title in English"), 250,
                             _l("Enter a title of 250 characters or fewer"))
    summary_cy = required_text(_l("Summary in Welsh"), _l("Enter the summary in Welsh"), 20000,
                               _l("Enter a summary of 20,000 characters or fewer"), area=True)
    summary_en = required_text(_l("Summary in English"), _l("Enter the summary in English"), 20000,
                               _l("Enter a summary of 20,000 characters or fewer"), area=True)
    kind = RadioField(_l("Type of resource"), choices=options(labels.RESOURCE_KINDS.items()),
                      invalid_choice_message=_l("Select the type of resource"))
    topics = MultiCheckboxField(_l("Topics"), coerce=int, validate_choice=False)
    audience = RadioField(_l("Who can see it"), choices=options(labels.AUDIENCES.items()), default="members",
                          invalid_choice_message=_l("Select who can see the resource"))
    publish = MultiCheckboxField(_l("Publishing"), choices=options([("yes", _l("Publish now"))]), validate_choice=False)
    expires_on = StringField(_l("Expiry date (optional)"))
    document_cy = FileField(SLOT_LABELS["document_cy"])
    document_en = FileField(SLOT_LABELS["document_en"])
    document_bilingual = FileField(SLOT_LABELS["document_bilingual"])
    video = FileField(SLOT_LABELS["video"])
    video_language = RadioField(_l("Language spoken in the video"), choices=options(labels.FILE_LANGUAGES.items()),
                                default="bilingual", invalid_choice_message=_l("Select the language of the video"))
    captions_cy = FileField(SLOT_LABELS["captions_cy"])
    captions_en = FileField(SLOT_LABELS["captions_en"])
    remove_files = MultiCheckboxField(_l("Remove files"), coerce=int, validate_choice=False)

    def __init__(self, *args, resource=None, **kwargs):
        super().__init__(*args, obj=resource, **kwargs)
        self.resource = resource
        topics = db.session.execute(sa.select(Topic).order_by(Topic.slug)).scalars()
        self.topics.choices = options((t.id, t.name(g.lang)) for t in topics)
        files = resource.files if resource else []
        # gettext, not a lazy string: lazy strings count as safe HTML, and the names come from uploaders
        self.remove_files.choices = options(
            (f.id, gettext("%(slot)s: remove %(name)s", slot=SLOT_LABELS.get(slot_of(f), f.purpose),
                           name=f.original_name))
            for f in files
        )
        if resource is not None and not self.is_submitted():
            self.topics.data = [t.id for t in resource.topics]
            self.publish.data = ["yes"] if resource.published_at else []
            day = resource.expires_on
            self.expires_on.data = f"{day.day}/{day.month}/{day.year}" if day else ""
            videos = resource.files_for("video")
            self.video_language.data = videos[0].language if videos else "bilingual"

    @property
    def expiry_date(self):
        return parse_date(self.expires_on.data)

    @property
    def publish_now(self):
        return "yes" in (self.publish.data or [])

    def validate_expires_on(self, field):
        if not (field.data or "").strip():
            return
        day = parse_date(field.data)
        if day is None:
            raise ValidationError(_l("Enter the expiry date as a real date, for example 31/3/2027"))
        if self.resource is None and day < clock.today():
            raise ValidationError(_l("The expiry date must be today or in the future"))

    def uploads(self):
        """The slots that received a file with this submission."""
        return [slot for slot in SLOTS if self[slot].data]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        existing = self.resource.files if self.resource else []
        removed = set(self.remove_files.data or [])
        after = {slot_of(f) for f in existing if f.id not in removed} | set(self.uploads())
        if "document_bilingual" in after and after & {"document_cy", "document_en"}:
            self.document_bilingual.errors.append(
                _l("Upload either one bilingual document or separate Welsh and English documents, not both"))
            valid = False
        captions = after & {"captions_cy", "captions_en"}
        if captions and "video" not in after:
            self[sorted(captions)[0]].errors.append(_l("Captions need a video: upload the video as well"))
            valid = False
        return valid


def band_choices():
    return [("none", _l("None (third sector)"))] + [
        (band.code, f"{band_label(band)} ({money(band.fee)})") for band in FEE_BANDS
    ]


class OrganisationForm(SiteForm):
    name_cy = required_text(_l("Name in Welsh"), _l("Enter the name in Welsh"), 200,
                            _l("Enter a name of 200 characters or fewer"))
    name_en = required_text(_l("Name in English"), _l("Enter the name in English"), 200,
                            _l("Enter a name of 200 characters or fewer"))
    kind = RadioField(_l("Kind of organisation"), choices=options(labels.ORGANISATION_KINDS.items()),
                      invalid_choice_message=_l("Select the kind of organisation"))
    budget_band = RadioField(_l("Budget band"), invalid_choice_message=_l("Select a budget band, or None"))
    membership_status = RadioField(_l("Membership"), choices=options(labels.MEMBERSHIP_STATUSES.items()),
                                   default="prospective",
                                   invalid_choice_message=_l("Select the membership status"))
    membership_year = StringField(_l("Membership year"), filters=[strip])

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, obj=organisation, **kwargs)
        self.budget_band.choices = options(band_choices())
        if not self.is_submitted():
            self.budget_band.data = (organisation.budget_band if organisation else None) or "none"
            if organisation is not None:  # this financial year's membership, ready to change or to renew
                this_year = clock.financial_year()
                self.membership_status.data = organisation.status_in(this_year)
                self.membership_year.data = str(this_year)

    @property
    def year(self):
        text = str(self.membership_year.data or "")
        return int(text) if text.isdigit() else None

    def validate_budget_band(self, field):
        if self.kind.data == "third-sector" and field.data not in ("none", None):
            raise ValidationError(_l("Choose None for a third-sector organisation"))

    def validate_membership_year(self, field):
        if not field.data:
            if self.membership_status.data == "member":
                raise ValidationError(_l("Enter the membership year of a member organisation"))
        elif not re.fullmatch(r"20\d\d", field.data):
            raise ValidationError(_l("Enter the year the financial year starts, for example 2026"))


class InviteForm(SiteForm):
    name = required_text(_l("Full name"), _l("Enter the person's name"), 200,
                         _l("Enter a name of 200 characters or fewer"))
    email = email_field(required=_l("Enter their email address"))
    organisation = SelectField(_l("Organisation"), coerce=int,
                               invalid_value_message=_l("Select the person's organisation"),
                               invalid_choice_message=_l("Select the person's organisation"))
    role = RadioField(_l("Role"), choices=options(labels.ROLES.items()), default="member",
                      invalid_choice_message=_l("Select a role"))
    language = RadioField(_l("Preferred language"),
                          choices=options((code, labels.FILE_LANGUAGES[code]) for code in ("cy", "en")),
                          invalid_choice_message=_l("Select the language they prefer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = options([(0, _l("None (Network staff)"))] + organisation_choices())

    def validate_email(self, field):
        if db.session.execute(sa.select(User.id).where(User.email == User.normalise_email(field.data))).first():
            raise ValidationError(_l("A user with this email address already exists"))

    def validate_organisation(self, field):
        if self.role.data in ("member", "lead") and not field.data:
            raise ValidationError(_l("Select the person's organisation"))


class RoleForm(SiteForm):
    role = RadioField(_l("Role"), choices=options(labels.ROLES.items()), invalid_choice_message=_l("Select a role"))


def organisation_choices():
    """Every organisation a person may belong to (not the placeholder that holds non-members' bookings)."""
    organisations = db.session.execute(sa.select(Organisation).where(~is_placeholder(Organisation))).scalars()
    return sorted(((o.id, o.name(g.lang)) for o in organisations), key=lambda pair: pair[1].casefold())
