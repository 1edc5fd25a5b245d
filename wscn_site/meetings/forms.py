"""The annual meeting's forms: staff set up the meeting, members ask, staff moderate and answer.
Dates and times are London wall-clock times, stored in UTC. Every message is the site's own."""
import re
from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from .. import clock
from ..forms import SiteForm, options, parse_date, required_text, strip
from .labels import ADDRESSEE_NAMES, LANGUAGE_NAMES
from .operations import MAX_ANSWER, MAX_QUESTION, MAX_REASON

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
MAX_AGENDA = 20000
MAX_MINUTES = 50000
DATE_EXAMPLE = _l("Enter the date as a real date, for example 27/11/2026")


def _text(label, max_length, too_long, area=True):
    return (TextAreaField if area else StringField)(label, filters=[strip],
                                                    validators=[Length(max=max_length, message=too_long)])


def _moment(day_text, time_text):
    day, match = parse_date(day_text), _TIME.fullmatch(time_text or "")
    if day is None or match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return clock.london_moment(day, time(int(match[1]), int(match[2])))


def _london(value):
    local = clock.as_utc(value).astimezone(clock.LONDON)
    return f"{local.day}/{local.month}/{local.year}", f"{local.hour:02d}:{local.minute:02d}"


class MeetingForm(SiteForm):
    starts_on = StringField(_l("Date of the meeting"), filters=[strip],
                            validators=[DataRequired(_l("Enter the date of the meeting"))])
    starts_time = StringField(_l("Time it starts"), filters=[strip], default="10:00",
                              validators=[DataRequired(_l("Enter the time the meeting starts"))])
    where = RadioField(_l("Where"), default="venue",
                       choices=options([("venue", _l("At a venue")), ("online", _l("Online"))]),
                       invalid_choice_message=_l("Select where the meeting takes place"))
    venue_cy = _text(_l("Venue in Welsh"), 200, _l("Enter a venue of 200 characters or fewer"), area=False)
    venue_en = _text(_l("Venue in English"), 200, _l("Enter a venue of 200 characters or fewer"), area=False)
    event_id = SelectField(_l("The event for the meeting (optional)"), default="",
                           invalid_choice_message=_l("Select an event from the list"))
    agenda_cy = _text(_l("Agenda in Welsh"), MAX_AGENDA, _l("Enter an agenda of 20,000 characters or fewer"))
    agenda_en = _text(_l("Agenda in English"), MAX_AGENDA, _l("Enter an agenda of 20,000 characters or fewer"))
    closes_on = StringField(_l("Last day for questions"), filters=[strip],
                            validators=[DataRequired(_l("Enter the last day for questions"))])

    def __init__(self, *args, meeting=None, events=(), lang="en", **kwargs):
        super().__init__(*args, obj=meeting, **kwargs)
        self.event_id.choices = options([("", _l("No event"))] + [(str(e.id), e.title(lang) or e.title_en or e.title_cy)
                                                                 for e in events])
        if meeting is not None and not self.is_submitted():
            self.starts_on.data, self.starts_time.data = _london(meeting.starts_at)
            self.closes_on.data = _london(meeting.questions_close_at)[0]
            self.where.data = "online" if meeting.online else "venue"
            self.event_id.data = str(meeting.event_id or "")

    @property
    def starts_at(self):
        return _moment(self.starts_on.data, self.starts_time.data)

    @property
    def closes_at(self):
        # Questions may be sent until the end of the day chosen (London time).
        return _moment(self.closes_on.data, "23:59")

    def values(self):
        online = self.where.data == "online"
        return {"starts_at": self.starts_at, "online": online, "venue_cy": "" if online else self.venue_cy.data,
                "venue_en": "" if online else self.venue_en.data,
                "event_id": int(self.event_id.data) if self.event_id.data else None,
                "agenda_cy": self.agenda_cy.data, "agenda_en": self.agenda_en.data,
                "questions_close_at": self.closes_at}

    def validate_starts_on(self, field):
        if parse_date(field.data) is None:
            raise ValidationError(DATE_EXAMPLE)

    def validate_starts_time(self, field):
        if _TIME.fullmatch(field.data) is None or self.starts_at is None and not self.starts_on.errors:
            raise ValidationError(_l("Enter the time on the 24-hour clock, for example 09:00 or 14:30"))

    def validate_closes_on(self, field):
        if parse_date(field.data) is None:
            raise ValidationError(DATE_EXAMPLE)
        if self.starts_at and self.closes_at and self.closes_at > self.starts_at:
            raise ValidationError(_l("The last day for questions must be before the meeting"))

    def validate_venue_cy(self, field):
        if self.where.data == "venue" and not field.data and not self.venue_en.data:
            raise ValidationError(_l("Enter the venue, or choose online"))


class QuestionForm(SiteForm):
    addressed_to = RadioField(_l("Who is your question for?"), choices=options(ADDRESSEE_NAMES.items()),
                              validators=[DataRequired(_l("Select who your question is for"))],
                              invalid_choice_message=_l("Select who your question is for"))
    language = RadioField(_l("The language of your question"), choices=options(LANGUAGE_NAMES.items()),
                          validators=[DataRequired(_l("Select the language of your question"))],
                          invalid_choice_message=_l("Select the language of your question"))
    text = required_text(_l("Your question"), _l("Enter your question"), MAX_QUESTION,
                         _l("Enter a question of 2,000 characters or fewer"), area=True)


class DeclineForm(SiteForm):
    reason_cy = _text(_l("Reason in Welsh"), MAX_REASON, _l("Enter a reason of 1,000 characters or fewer"))
    reason_en = _text(_l("Reason in English"), MAX_REASON, _l("Enter a reason of 1,000 characters or fewer"))


class MergeForm(SiteForm):
    into = SelectField(_l("The question it repeats"), invalid_choice_message=_l("Select a question from the list"))


class AnswerForm(SiteForm):
    answer_cy = _text(_l("Answer in Welsh"), MAX_ANSWER, _l("Enter an answer of 10,000 characters or fewer"))
    answer_en = _text(_l("Answer in English"), MAX_ANSWER, _l("Enter an answer of 10,000 characters or fewer"))


class MinutesForm(SiteForm):
    minutes_cy = required_text(_l("Minutes in Welsh"), _l("Enter the minutes in Welsh"), MAX_MINUTES,
                               _l("Enter minutes of 50,000 characters or fewer"), area=True)
    minutes_en = required_text(_l("Minutes in English"), _l("Enter the minutes in English"), MAX_MINUTES,
                               _l("Enter minutes of 50,000 characters or fewer"), area=True)
