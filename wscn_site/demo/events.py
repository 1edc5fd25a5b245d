"""Demo events for ``make run``: upcoming events of several kinds (a network meeting, the annual
conference, the awards, a virtual seminar, training and a workshop with an early invitation for
members), one that has taken place, one cancelled and a draft, made through the staff operations so
the audit log reads as if a member of staff had made them. Titles say "(demo)" / "(enghraifft)"."""
from datetime import time, timedelta

import sqlalchemy as sa

from .. import clock
from ..events import pages_operations as operations
from ..extensions import db
from ..models.events import Event

MARKER = "Spring network meeting (demo)"


def _event(kind, days, title, description, start=time(9, 30), hours=6.5, venue=None, capacity=60, full=0,
           member=0, online=False, closes_days=None, members_only_days=None, link=""):
    """One event's values: ``title``, ``description`` and ``venue`` are (English, Welsh)."""
    day = clock.today() + timedelta(days=days)
    starts = clock.london_moment(day, start)
    venue = venue or ("", "")
    return {"kind": kind, "title_en": title[0], "title_cy": title[1], "description_en": description[0],
            "description_cy": description[1], "starts_at": starts, "ends_at": starts + timedelta(hours=hours),
            "online": online, "venue_en": venue[0], "venue_cy": venue[1],
            "address": "" if online else "Cathays Park\nCardiff CF10 3ND", "joining_link": link,
            "capacity": capacity, "full_price_pence": full, "member_price_pence": member, "booking_opens_at": None,
            "booking_closes_at": clock.london_moment(day - timedelta(days=closes_days)) if closes_days else None,
            "members_only_until": (clock.london_moment(clock.today() + timedelta(days=members_only_days))
                                   if members_only_days else None)}


CITY_HALL = ("Cardiff City Hall", "Neuadd y Ddinas Caerdydd")
EVENTS = [
    ("publish", _event("network-meeting", 21, (MARKER, "Cyfarfod rhwydwaith y gwanwyn (enghraifft)"),
                       ("Updates from members, the **Serious Violence Duty** and the Network's work plan.",
                        "Diweddariadau gan aelodau, y **Ddyletswydd Trais Difrifol** a chynllun gwaith y Rhwydwaith."),
                       venue=CITY_HALL, capacity=80, full=6000, member=4500, closes_days=7)),
    ("publish", _event("annual-conference", 120, ("Annual conference (demo)", "Cynhadledd flynyddol (enghraifft)"),
                       ("A day of talks and workshops on safer communities across Wales.",
                        "Diwrnod o sgyrsiau a gweithdai am gymunedau mwy diogel ledled Cymru."),
                       venue=("Venue Cymru, Llandudno", "Venue Cymru, Llandudno"), capacity=200, full=12000,
                       member=9000, closes_days=14)),
    ("publish", _event("awards", 150, ("Community Safety Awards (demo)", "Gwobrau Diogelwch Cymunedol (enghraifft)"),
                       ("An evening celebrating community safety work in Wales.",
                        "Noson i ddathlu gwaith diogelwch cymunedol yng Nghymru."),
                       start=time(18, 30), hours=4, venue=CITY_HALL, capacity=150, full=5000, member=3500)),
    ("publish", _event("virtual-seminar", 10, ("Seminar: anti-social behaviour powers (demo)",
                                                "Seminar: pwerau ymddygiad gwrthgymdeithasol (enghraifft)"),
                       ("An hour online with practitioners.", "Awr ar-lein gydag ymarferwyr."),
                       start=time(12, 30), hours=1, online=True, capacity=100, full=2000,
                       link="https://meet.example/wscn-demo-seminar")),
    ("publish", _event("training", 45, ("Trauma-informed practice training (demo)",
                                         "Hyfforddiant ymarfer wedi'i lywio gan drawma (enghraifft)"),
                       ("A day's training for community safety teams.",
                        "Diwrnod o hyfforddiant i dimau diogelwch cymunedol."),
                       venue=("Swansea Guildhall", "Neuadd y Ddinas Abertawe"), capacity=25, full=9000, member=6000)),
    ("publish", _event("workshop", 60, ("Workshop: the Home Office consultation (demo)",
                                         "Gweithdy: ymgynghoriad y Swyddfa Gartref (enghraifft)"),
                       ("Shape the Network's response together.", "Lluniwch ymateb y Rhwydwaith gyda'ch gilydd."),
                       start=time(10, 0), hours=3, online=True, capacity=30, members_only_days=14)),
    ("past", _event("network-meeting", -60,
                    ("Winter network meeting (demo)", "Cyfarfod rhwydwaith y gaeaf (enghraifft)"),
                    ("The meeting that agreed the work plan.", "Y cyfarfod a gytunodd ar y cynllun gwaith."),
                    venue=CITY_HALL, full=6000, member=4500)),
    ("cancel", _event("in-person-seminar", 30, ("Seminar in Wrexham (demo)", "Seminar yn Wrecsam (enghraifft)"),
                      ("A seminar on safer night-time economies.", "Seminar am economïau nos mwy diogel."),
                      venue=("Wrexham Guildhall", "Neuadd y Dref Wrecsam"), capacity=40, full=3000, member=1500)),
    ("draft", _event("training", 90, ("Data protection training (demo)", ""),
                     ("Draft: Welsh still to come.", ""), venue=CITY_HALL, capacity=20, full=4000, member=4000)),
]


def load_events(staff):
    """Add the demo events once (the spring meeting's title marks them as loaded)."""
    if db.session.execute(sa.select(Event.id).where(Event.title_en == MARKER)).first():
        return
    for state, values in EVENTS:
        event = operations.create_event(values, staff)
        if state in ("publish", "past", "cancel"):
            operations.publish(event, staff)
        if state == "cancel":
            operations.cancel(event, staff, reason="Demo: the venue is no longer available")
