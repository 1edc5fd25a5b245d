"""The email sent when a consultation opens: to every active person of an organisation whose
membership is current (``access.is_entitled``) who has not turned off early invitations
(``email_preferences.wanting("consultations")``), each in their own language, through the outbox
in the publishing transaction. It names the consultation and its deadline and links to the
portal page; it never carries members' comments."""
import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ..access import is_entitled
from ..email_preferences import wanting
from ..extensions import db
from ..mail import queue_email
from ..models import Organisation, User

TOPIC = "consultations"


def recipients():
    people = db.session.execute(
        sa.select(User).where(User.active.is_(True), User.organisation_id.is_not(None), User.role.in_(("member", "lead")), wanting(TOPIC))
        .options(selectinload(User.organisation).selectinload(Organisation.memberships)).order_by(User.id)).scalars()
    return [person for person in people if is_entitled(person)]


def _link(endpoint, lang, **values):
    return current_app.config["SITE_URL"] + url_for(endpoint, lang_code=lang, **values)


def queue_opened(consultation):
    """Queue one email per recipient; returns how many."""
    count = 0
    for person in recipients():
        lang = person.language if person.language in ("cy", "en") else "cy"
        queue_email(person.email, _l("Consultation open for comments: %(title)s", title=consultation.title(lang)),
                    "consultation_opened", lang, person=person, consultation=consultation,
                    link=_link("consultations.consultation", lang, consultation_id=consultation.id),
                    preferences=_link("auth.email_preferences_page", lang))
        count += 1
    return count
