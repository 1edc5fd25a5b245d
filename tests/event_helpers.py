"""Shared steps for the event tests: an event made directly through the model, and the staff form's data."""
from datetime import datetime, timedelta, timezone

from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models.events import Event

#: A fixed moment the event tests run at (a Tuesday in British Summer Time).
NOW = datetime(2027, 5, 4, 10, 0, tzinfo=timezone.utc)


def make_event(status="published", days=30, **overrides):
    """An event complete in both languages, ``days`` after ``NOW`` (or the frozen clock), from 09:30 to 16:00 London."""
    starts = clock.london_moment((overrides.pop("base", None) or NOW).date() + timedelta(days=days),
                                 datetime(2000, 1, 1, 9, 30).time())
    values = dict(kind="network-meeting", status=status, title_en="Spring network meeting",
                  title_cy="Cyfarfod rhwydwaith y gwanwyn", description_en="Talks on **safer streets**.",
                  description_cy="Sgyrsiau am **strydoedd mwy diogel**.", starts_at=starts,
                  ends_at=starts + timedelta(hours=6, minutes=30), venue_en="Cardiff City Hall",
                  venue_cy="Neuadd y Ddinas Caerdydd", address="Cathays Park\nCardiff CF10 3ND", capacity=40,
                  full_price_pence=6000, member_price_pence=4500, published_at=NOW if status != "draft" else None)
    values.update(overrides)
    event = Event(**values)
    db.session.add(event)
    db.session.commit()
    return event.id


def form_data(**overrides):
    data = {"kind": "annual-conference", "title_cy": "Cynhadledd flynyddol 2027", "title_en": "Annual conference 2027",
            "description_cy": "Diwrnod o sgyrsiau.", "description_en": "A day of talks.", "starts_on": "14/10/2027",
            "starts_time": "09:30", "ends_on": "", "ends_time": "16:30", "where": "venue",
            "venue_cy": "Canolfan y Mileniwm", "venue_en": "Millennium Centre", "address": "Cardiff Bay",
            "joining_link": "", "capacity": "120", "full_price": "80", "member_price": "60", "opens_on": "",
            "closes_on": "", "members_only_until": ""}
    data.update(overrides)
    return data
