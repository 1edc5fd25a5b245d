"""When staff publish an event, the people of member organisations are invited to it by email, each
in their own language, through the outbox in the publishing transaction; those who turned event
invitations off on the shared email-preferences page (``email_preferences``, topic "events") are
not. Staff accounts, deactivated accounts and people of organisations that are not current members
get nothing."""
import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from .. import clock, email_preferences
from ..extensions import db
from ..mail import queue_email, site_urls
from ..models import Membership, User

TOPIC = "events"


def invitees():
    """Active people of organisations with a membership this financial year who want invitations."""
    return db.session.execute(sa.select(User).join(Membership, Membership.organisation_id == User.organisation_id)
                              .where(User.active.is_(True), User.role != "staff", Membership.status == "member",
                                     Membership.year == clock.financial_year(), email_preferences.wanting(TOPIC))
                              .order_by(User.id)).scalars().all()


def _queue(event, people):
    site = current_app.config["SITE_URL"]
    for person in people:
        lang = person.language if person.language in ("cy", "en") else "cy"
        row = queue_email(person.email, _l("Invitation: %(event)s", event=event.title(lang)), "event_invitation",
                          lang, event=event, name=person.name,
                          link=site + url_for("events.event", event_id=event.id, lang_code=lang),
                          preferences=site + url_for("auth.email_preferences_page", lang_code=lang))
        row.about_id, row.recipient_id = event.id, person.id
    return len(people)


def invite(event):
    """Queue the invitations to ``event`` (in the caller's transaction); returns how many."""
    people = invitees()
    with site_urls():
        return _queue(event, people)
