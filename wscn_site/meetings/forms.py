"""The annual meeting's forms: staff set up the meeting, members ask, staff moderate and answer.
Dates and times are London wall-clock times, stored in UTC. Every message is the site's own."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

from ..forms import (SiteForm, london_fields, london_moment_of, optional_text, options, parse_date, parse_time,
                     required_text, strip)
from .labels import ADDRESSEE_NAMES, LANGUAGE_NAMES
from .operations import MAX_ANSWER, MAX_QUESTION, MAX_REASON

MAX_AGENDA = 20000
MAX_MINUTES = 50000
DATE_EXAMPLE = _l("Enter the date as a real date, for example 27/11/2026")


class MeetingForm(SiteForm):
    starts_on = StringField(_l("Date of the meeting"), filters=[strip],
                            validators=[DataRequired(_l("Enter the date of the meeting"))])
    starts_time = StringField(_l("Time it starts"), filters=[strip], default="10:00",
                              validators=[DataRequired(_l("Enter the time the meeting starts"))])
    where = RadioField(_l("Where"), default="venue",
                       choices=options([("venue", _l("At a venue")), ("online", _l("Online"))]),
                       invalid_choice_message=_l("Select where the meeting takes place"))
    venue_cy = optional_text(_l("Venue in Welsh"), 200, _l("Enter a venue of 200 characters or fewer"))
    venue_en = optional_text(_l("Venue in English"), 200, _l("Enter a venue of 200 characters or fewer"))
    event_id = SelectField(_l("The event for the meeting (optional)"), default="",
                           invalid_choice_message=_l("Select an event from the list"))
    agenda_cy = optional_text(_l("Agenda in Welsh"), MAX_AGENDA,
                              _l("Enter an agenda of 20,000 characters or fewer"), area=True)
    agenda_en = optional_text(_l("Agenda in English"), MAX_AGENDA,
                              _l("Enter an agenda of 20,000 characters or fewer"), area=True)
    closes_on = StringField(_l("Last day for questions"), filters=[strip],
                            validators=[DataRequired(_l("Enter the last day for questions"))])

    def __init__(self, *args, meeting=None, events=(), lang="en", **kwargs):
        super().__init__(*args, obj=meeting, **kwargs)
        self.event_id.choices = options([("", _l("No event"))] + [(str(e.id), e.title(lang) or e.title_en or e.title_cy)
                                                                 for e in events])
        if meeting is not None and not self.is_submitted():
            self.starts_on.data, self.starts_time.data = london_fields(meeting.starts_at)
            self.closes_on.data = london_fields(meeting.questions_close_at)[0]
            self.where.data = "online" if meeting.online else "venue"
            self.event_id.data = str(meeting.event_id or "")

    @property
    def starts_at(self):
        return london_moment_of(self.starts_on.data, self.starts_time.data)

    @property
    def closes_at(self):
        # Questions may be sent until the end of the day chosen (London time).
        return london_moment_of(self.closes_on.data, "23:59")

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
        if parse_time(field.data) is None or self.starts_at is None and not self.starts_on.errors:
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
    reason_cy = optional_text(_l("Reason in Welsh"), MAX_REASON,
                              _l("Enter a reason of 1,000 characters or fewer"), area=True)
    reason_en = optional_text(_l("Reason in English"), MAX_REASON,
                              _l("Enter a reason of 1,000 characters or fewer"), area=True)


class MergeForm(SiteForm):
    into = SelectField(_l("The question it repeats"), invalid_choice_message=_l("Select a question from the list"))


class AnswerForm(SiteForm):
    answer_cy = optional_text(_l("Answer in Welsh"), MAX_ANSWER,
                              _l("Enter an answer of 10,000 characters or fewer"), area=True)
    answer_en = optional_text(_l("Answer in English"), MAX_ANSWER,
                              _l("Enter an answer of 10,000 characters or fewer"), area=True)


class MinutesForm(SiteForm):
    minutes_cy = required_text(_l("Minutes in Welsh"), _l("Enter the minutes in Welsh"), MAX_MINUTES,
                               _l("Enter minutes of 50,000 characters or fewer"), area=True)
    minutes_en = required_text(_l("Minutes in English"), _l("Enter the minutes in English"), MAX_MINUTES,
                               _l("Enter minutes of 50,000 characters or fewer"), area=True)
