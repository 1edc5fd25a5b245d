"""The emails a member may turn off, on one page shared by every feature that sends them.

A feature that writes to members about something they did not ask for (an invitation to an event,
the annual meeting's notices, a consultation opening) names its ``TOPICS`` key and asks ``wants``
for one person, or filters a query of ``User`` with ``wanting`` for many. Everyone wants every topic
until they say otherwise; emails about what a person did (a booking, a question, a request) are
not topics and always go.
"""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .audit import audit
from .extensions import db
from .models import EmailPreference, User

TOPICS = {
    "events": _l("Invitations to the Network's events, seminars and workshops"),
    "meeting": _l("The annual meeting of members: the agenda, the deadline for questions, the answers and the "
                  "minutes"),
    "consultations": _l("Early invitations to comment on consultations"),
}


def _check(topic):
    if topic not in TOPICS:
        raise ValueError(f"unknown email topic {topic!r}")


def choices(user):
    """{topic: wanted} for every topic, defaults included."""
    stored = dict(db.session.execute(sa.select(EmailPreference.topic, EmailPreference.wanted)
                                     .where(EmailPreference.user_id == user.id)).all())
    return {topic: stored.get(topic, True) for topic in TOPICS}


def wants(user, topic):
    _check(topic)
    return choices(user)[topic]


def wanting(topic):
    """A SQL condition on ``User``: true for the people who have not turned ``topic`` off."""
    _check(topic)
    return ~sa.exists().where(EmailPreference.user_id == User.id, EmailPreference.topic == topic,
                              EmailPreference.wanted.is_(False))


def save(user, wanted):
    """Record ``wanted`` ({topic: bool}) for ``user``; audited when something changed."""
    before = choices(user)
    changed = {topic: bool(value) for topic, value in wanted.items() if topic in TOPICS and before[topic] != bool(value)}
    for topic, value in changed.items():
        row = db.session.get(EmailPreference, (user.id, topic))
        if row is None:
            db.session.add(EmailPreference(user_id=user.id, topic=topic, wanted=value))
        else:
            row.wanted = value
    if changed:
        audit(user, "email-preferences.save", "user", user.id, **{t: ("on" if v else "off") for t, v in changed.items()})
    db.session.commit()
    return changed
