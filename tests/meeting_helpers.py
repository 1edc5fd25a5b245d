"""Test data for the annual meeting: a meeting built through the operations, and asking as a member."""
from datetime import time, timedelta

import sqlalchemy as sa

from factories import csrf_token
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.meetings import operations
from wscn_site.models import User

ASK = {"en": "/en/members/annual-meeting/{id}/questions", "cy": "/cy/aelodau/cyfarfod-blynyddol/{id}/cwestiynau"}
PAGE = {"en": "/en/members/annual-meeting", "cy": "/cy/aelodau/cyfarfod-blynyddol"}


def staff_user():
    return db.session.execute(sa.select(User).where(User.role == "staff")).scalars().first()


def values(days=30, closes_days=20, online=False, agenda=("1. Welcome\n2. **Questions**", "1. Croeso\n2. **Cwestiynau**")):
    starts = clock.london_moment(clock.today() + timedelta(days=days), time(10, 0))
    closes = clock.london_moment(clock.today() + timedelta(days=closes_days), time(23, 59))
    return {"starts_at": starts, "online": online, "venue_en": "" if online else "Cardiff City Hall",
            "venue_cy": "" if online else "Neuadd y Ddinas Caerdydd", "event_id": None,
            "agenda_en": agenda[0], "agenda_cy": agenda[1], "questions_close_at": closes}


def meeting(publish=True, **options):
    """A meeting (published unless ``publish`` is False); returns its id."""
    staff = staff_user()
    made = operations.create_meeting(values(**options), staff)
    if publish:
        operations.publish_agenda(made, staff)
    return made.id


def ask(client, meeting_id, text="What is the plan for next year?", language="en", to="board", lang="en"):
    page = client.get(PAGE[lang])
    return client.post(ASK[lang].format(id=meeting_id), data={
        "csrf_token": csrf_token(page.text), "addressed_to": to, "language": language, "text": text})
