"""Demo annual meetings for ``make run``: this year's, its agenda published and questions open, with
questions from the demo member organisation in Welsh and English (one accepted and answered, one
submitted, one declined); and last year's, with its questions, answers and minutes published. Made
through the meeting operations (no emails), so the audit log reads as if staff had made them."""
from datetime import time, timedelta

import sqlalchemy as sa

from .. import clock
from ..extensions import db
from ..meetings import operations
from ..models import Meeting, MeetingQuestion, User

AGENDA = (
    "1. Welcome and apologies\n2. The Network's year: report of the Governance Board\n"
    "3. The work plan for next year\n4. **Questions from members** to the Governance Board and the Network team\n"
    "5. Any other business",
    "1. Croeso ac ymddiheuriadau\n2. Blwyddyn y Rhwydwaith: adroddiad y Bwrdd Llywodraethu\n"
    "3. Y cynllun gwaith ar gyfer y flwyddyn nesaf\n4. **Cwestiynau gan aelodau** i'r Bwrdd Llywodraethu "
    "ac i dîm y Rhwydwaith\n5. Unrhyw fater arall",
)
VENUE = ("Cardiff City Hall (demo)", "Neuadd y Ddinas Caerdydd (enghraifft)")


def _values(days, closes_days, online=False):
    starts = clock.london_moment(clock.today() + timedelta(days=days), time(10, 0))
    return {"starts_at": starts, "online": online, "venue_en": "" if online else VENUE[0],
            "venue_cy": "" if online else VENUE[1], "event_id": None, "agenda_en": AGENDA[0], "agenda_cy": AGENDA[1],
            "questions_close_at": clock.london_moment(clock.today() + timedelta(days=closes_days), time(23, 59))}


def _question(meeting, author, addressed_to, language, text):
    question = MeetingQuestion(meeting_id=meeting.id, organisation_id=author.organisation_id, author_id=author.id,
                               addressed_to=addressed_to, language=language, text=text, status="submitted")
    db.session.add(question)
    db.session.commit()
    return question


def _last_year(staff, welsh, english):
    meeting = operations.create_meeting(_values(-330, -345), staff)
    operations.publish_agenda(meeting, staff, notify=False)
    asked = _question(meeting, welsh, "board", "cy", "Sut bydd y Rhwydwaith yn rhannu arfer da am ymddygiad "
                      "gwrthgymdeithasol rhwng ardaloedd? (enghraifft)")
    operations.accept(asked, staff)
    operations.answer(asked, "Drwy seminarau rhithwir bob chwarter a chasgliad o astudiaethau achos yn y "
                      "llyfrgell. (enghraifft)", "Through quarterly virtual seminars and a collection of case studies "
                      "in the library. (demo)", staff)
    operations.publish_questions(meeting, staff)
    operations.publish_answers(meeting, "## Cofnodion (enghraifft)\n\nCroesawodd y Cadeirydd 40 o aelodau.",
                               "## Minutes (demo)\n\nThe Chair welcomed 40 members.", staff, notify=False)


def _this_year(staff, welsh, english):
    meeting = operations.create_meeting(_values(45, 30), staff)
    operations.publish_agenda(meeting, staff, notify=False)
    accepted = operations.ask(meeting, welsh, "board", "cy", "Pa flaenoriaethau fydd gan y Bwrdd Llywodraethu "
                              "ar gyfer y Ddyletswydd Trais Difrifol y flwyddyn nesaf? (enghraifft)")
    operations.accept(accepted, staff)
    operations.ask(meeting, english, "team", "en", "Could the Network publish a template for a community safety "
                   "partnership's terms of reference? (demo)")
    declined = operations.ask(meeting, english, "team", "en", "Can you send us last year's invoice again? (demo)")
    operations.decline(declined, "Mae hwn yn fater i'r tîm cyllid: e-bostiwch SaferCommunities@wlga.gov.uk.",
                       "This is one for the finance team: please email SaferCommunities@wlga.gov.uk.", staff)


def load_meetings(staff):
    """Create the demo meetings once."""
    if db.session.execute(sa.select(Meeting.id).limit(1)).first() is not None:
        return
    welsh = db.session.execute(sa.select(User).where(User.email == "aelod@example.org")).scalar_one()
    english = db.session.execute(sa.select(User).where(User.email == "member@example.org")).scalar_one()
    _last_year(staff, welsh, english)
    _this_year(staff, welsh, english)
