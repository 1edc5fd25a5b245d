"""Forms for writing the Briff. Every message is the site's own, in both languages."""
import re
from datetime import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import g
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..extensions import db
from ..models import BriffIssue, Topic
from .. import clock
from ..forms import MultiCheckboxField, SiteForm, options, parse_date, strip

MAX_NUMBER = 99_999
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def _text(label, max_length, too_long, area=False):
    field = TextAreaField if area else StringField
    return field(label, filters=[strip], validators=[Length(max=max_length, message=too_long)])


class IssueForm(SiteForm):
    number = StringField(_l("Issue number"), filters=[strip],
                         validators=[DataRequired(_l("Enter the issue number"))])
    issue_date = StringField(_l("Date of the issue"), filters=[strip],
                             validators=[DataRequired(_l("Enter the date of the issue"))])

    def __init__(self, *args, issue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue = issue
        if issue is not None and not self.is_submitted():
            day = issue.issue_date
            self.number.data = str(issue.number)
            self.issue_date.data = f"{day.day}/{day.month}/{day.year}"

    @property
    def number_value(self):
        return int(self.number.data)

    @property
    def date_value(self):
        return parse_date(self.issue_date.data)

    def validate_number(self, field):
        if not field.data.isdigit() or not 0 < int(field.data) <= MAX_NUMBER:
            raise ValidationError(_l("Enter the issue number as a whole number, for example 12"))
        taken = sa.select(BriffIssue.id).where(BriffIssue.number == int(field.data))
        if self.issue is not None:
            taken = taken.where(BriffIssue.id != self.issue.id)
        if db.session.execute(taken).first():
            raise ValidationError(_l("There is already an issue with this number"))

    def validate_issue_date(self, field):
        if parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))


class ItemForm(SiteForm):
    title_cy = _text(_l("Title in Welsh"), 250, _l("Enter a title of 250 characters or fewer"))
    title_en = _text(_l("Title in English"), 250, _l("Enter a title of 250 characters or fewer"))
    body_cy = _text(_l("Text in Welsh"), 20000, _l("Enter a text of 20,000 characters or fewer"), area=True)
    body_en = _text(_l("Text in English"), 20000, _l("Enter a text of 20,000 characters or fewer"), area=True)
    link = StringField(_l("Link (optional)"), filters=[strip],
                       validators=[Length(max=500, message=_l("Enter a link of 500 characters or fewer"))])
    topic = SelectField(_l("Topic (optional)"), coerce=int, validate_choice=False,
                        invalid_value_message=_l("Select a topic from the list"))
    visibility = RadioField(_l("Who can read it"), default="public",
                            choices=options([("public", _l("Everyone")), ("members", _l("Members only"))]),
                            invalid_choice_message=_l("Select who can read the item"))
    confidential = MultiCheckboxField(
        _l("Confidential"), validate_choice=False,
        choices=options([("yes", _l("Hide the title too from readers who may not read the item"))]))
    welsh_checked = MultiCheckboxField(
        _l("Welsh checked"), validate_choice=False,
        choices=options([("yes", _l("The Welsh still matches the English: mark it as up to date"))]))
    english_checked = MultiCheckboxField(
        _l("English checked"), validate_choice=False,
        choices=options([("yes", _l("The English still matches the Welsh: mark it as up to date"))]))

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, obj=item, **kwargs)
        topics = db.session.execute(sa.select(Topic).order_by(Topic.slug)).scalars().all()
        self.topic_ids = {t.id for t in topics}
        self.topic.choices = options([(0, _l("No topic"))] + [(t.id, t.name(g.lang)) for t in topics])
        if not self.is_submitted():
            self.topic.data = (item.topic_id if item else None) or 0
            self.confidential.data = ["yes"] if item is not None and item.confidential else []
            self.link.data = (item.link if item else "") or ""

    @property
    def is_confidential(self):
        return "yes" in (self.confidential.data or [])

    @property
    def checked(self):
        """The language the editor says still matches the other ("cy", "en"), or None."""
        for lang, field in (("cy", self.welsh_checked), ("en", self.english_checked)):
            if "yes" in (field.data or []):
                return lang
        return None

    def validate_title_cy(self, field):
        if not field.data and not self.title_en.data:
            raise ValidationError(_l("Enter a title in Welsh, in English or both"))

    def validate_link(self, field):
        if not field.data:
            return
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in field.data):
            raise ValidationError(_l("Enter a web address starting with https:// or http://"))

    def validate_topic(self, field):
        if field.data and field.data not in self.topic_ids:
            raise ValidationError(_l("Select a topic from the list"))

    def validate_confidential(self, field):
        if self.is_confidential and self.visibility.data != "members":
            raise ValidationError(_l("Only a members-only item can be confidential"))


class ScheduleForm(SiteForm):
    publish_on = StringField(_l("Date"), filters=[strip], validators=[DataRequired(_l("Enter the date to publish on"))])
    publish_time = StringField(_l("Time"), filters=[strip], default="09:00",
                               validators=[DataRequired(_l("Enter the time to publish at"))])

    @property
    def when(self):
        """The chosen moment in UTC (the date and time are read in the site's time zone), or None."""
        day, match = parse_date(self.publish_on.data), _TIME.fullmatch(self.publish_time.data or "")
        if day is None or match is None or int(match[1]) > 23 or int(match[2]) > 59:
            return None
        return clock.london_moment(day, time(int(match[1]), int(match[2])))

    def validate_publish_on(self, field):
        if parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))

    def validate_publish_time(self, field):
        if self.publish_on.errors or not self.publish_on.data:
            return
        if self.when is None:
            raise ValidationError(_l("Enter the time on the 24-hour clock, for example 09:00 or 14:30"))
        if self.when <= clock.now():
            raise ValidationError(_l("Choose a time in the future, or publish now"))
