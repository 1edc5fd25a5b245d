"""The forms of consultations: staff's consultation, hiding a comment and the final response;
members' comment. Every message is the site's own, in both languages."""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from .. import clock
from ..forms import SiteForm, optional_text, parse_date, parse_time, required_text, strip
from .operations import MAX_COMMENT, MAX_REASON



def _resource_choices(resources, lang, none_label):
    return [(0, none_label)] + [(r.id, r.title(lang)) for r in resources]


class ConsultationForm(SiteForm):
    title_cy = optional_text(_l("Title in Welsh"), 250, _l("Enter a title of 250 characters or fewer"))
    title_en = optional_text(_l("Title in English"), 250, _l("Enter a title of 250 characters or fewer"))
    summary_cy = optional_text(_l("Summary in Welsh"), 5000, _l("Enter a summary of 5,000 characters or fewer"), area=True)
    summary_en = optional_text(_l("Summary in English"), 5000, _l("Enter a summary of 5,000 characters or fewer"), area=True)
    link = StringField(_l("Link to the consultation"), filters=[strip], validators=[
        DataRequired(_l("Enter the link to the consultation")),
        Length(max=500, message=_l("Enter a link of 500 characters or fewer"))])
    closes_on = StringField(_l("Date the consultation closes"), filters=[strip],
                            validators=[DataRequired(_l("Enter the date the consultation closes"))])
    deadline_on = StringField(_l("Last day for members' comments"), filters=[strip],
                              validators=[DataRequired(_l("Enter the last day for members' comments"))])
    deadline_time = StringField(_l("Time comments close on that day"), filters=[strip], default="17:00",
                                validators=[DataRequired(_l("Enter the time comments close"))])
    draft_resource_id = SelectField(_l("The Network's draft response (from the library)"), coerce=int,
                                    invalid_choice_message=_l("Select a draft response from the library"))

    def __init__(self, *args, consultation=None, resources=(), lang="en", **kwargs):
        super().__init__(*args, obj=consultation, **kwargs)
        self.draft_resource_id.choices = _resource_choices(resources, lang, _l("None yet"))
        if consultation is not None and not self.is_submitted():
            deadline = clock.as_utc(consultation.comments_close_at).astimezone(clock.LONDON)
            self.closes_on.data = f"{consultation.closes_on:%d/%m/%Y}"
            self.deadline_on.data = f"{deadline:%d/%m/%Y}"
            self.deadline_time.data = f"{deadline:%H:%M}"
            self.draft_resource_id.data = consultation.draft_resource_id or 0

    def validate_link(self, field):
        parts = urlsplit(field.data or "")
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in field.data):
            raise ValidationError(_l("Enter a full web address starting with https:// or http://"))

    def validate_closes_on(self, field):
        if parse_date(field.data) is None:
            raise ValidationError(_l("Enter a real date, for example 27/11/2026"))

    def validate_deadline_on(self, field):
        day, closes = parse_date(field.data), parse_date(self.closes_on.data)
        if day is None:
            raise ValidationError(_l("Enter a real date, for example 27/11/2026"))
        if closes is not None and day >= closes:
            raise ValidationError(_l("Members' comments must close before the consultation itself closes"))

    def validate_deadline_time(self, field):
        if parse_time(field.data) is None:
            raise ValidationError(_l("Enter a time on the 24-hour clock, for example 17:00"))

    def values(self):
        """What the operations take (operations.FIELDS)."""
        return {name: self[name].data for name in ("title_cy", "title_en", "summary_cy", "summary_en", "link")} | {
            "closes_on": parse_date(self.closes_on.data),
            "comments_close_at": clock.london_moment(parse_date(self.deadline_on.data), parse_time(self.deadline_time.data)),
            "draft_resource_id": self.draft_resource_id.data or None,
        }


class CommentForm(SiteForm):
    body = required_text(_l("Your comment"), _l("Enter your comment"), MAX_COMMENT,
                         _l("Enter a comment of 4,000 characters or fewer"), area=True)
    show_organisation = BooleanField(_l("Show my organisation's name to other members with my comment"))


class HideForm(SiteForm):
    reason = required_text(_l("Why it is hidden (its author sees this)"), _l("Enter the reason for hiding the comment"),
                           MAX_REASON, _l("Enter a reason of 1,000 characters or fewer"), area=True)


class ResponseForm(SiteForm):
    response_resource_id = SelectField(_l("The Network's final response (from the library)"), coerce=int,
                                       invalid_choice_message=_l("Select the final response from the library"))

    def __init__(self, *args, resources=(), lang="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.response_resource_id.choices = _resource_choices(resources, lang, _l("Select the final response"))

    def validate_response_resource_id(self, field):
        if not field.data:
            raise ValidationError(_l("Select the final response from the library"))
