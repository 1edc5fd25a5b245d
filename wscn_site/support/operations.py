"""Every change to a support request: opening one (with its files), replies from either side,
assigning, changing the status and declining. Each writes its AuditEntry in the same transaction,
and the emails it causes go through the outbox in it too. Usable from views, the CLI and tests.

Who may do what is decided here; an operation that may not be done raises ``Refused(reason)``:

- "not-entitled": the actor may not open or act on the organisation's requests (a lapsed
  organisation's people, visitors, deactivated users: ``access.may_see_owned``);
- "staff-only": only the Network's staff assign, reply as the Network, change the status or decline;
- "not-staff": a request is assigned only to an active member of staff;
- "closed": the request was declined (or, for staff replies, is no longer open) — the status is
  changed by an ``UPDATE ... WHERE status IN (...)``, so of two changes at once the second is refused;
- "capacity-peer-review": "no capacity" is a reason only for declining a peer review;
- "too-long", "empty", "kind", "language", "status": bad input (the forms say so first).

The emails after a reply or a decline go to the people of the organisation who asked (who opened
the request or wrote in its conversation) while they may still see it, each in their own language,
with a link to the request: never the text of the reply. A new request goes to every active member
of staff, and a member's reply to the one it is assigned to (every active member of staff while it is
assigned to nobody, or to someone no longer active), each in their own language, with a link to the
request in the staff tools: never what the member wrote.
"""

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from .. import clock
from ..access import active_staff, is_entitled, may_see_owned
from ..audit import Refused, audit
from ..extensions import db
from ..mail import queue_email, site_urls
from ..models import SupportFile, SupportMessage, SupportRequest, User
from ..models.support import OPEN_STATUSES, SUPPORT_KINDS
from .forms import MAX_DESCRIPTION, MAX_REASON, MAX_REPLY
from .labels import KINDS

SUBJECTS = {
    "reply": _l("The Network has replied to your request for support"),
    "declined": _l("An update on your request for support"),
}
STAFF_SUBJECTS = {
    "new": _l("New request for support"),
    "member-reply": _l("A member has replied about a request for support"),
}


def _text(value, limit):
    value = (value or "").strip()
    if not value:
        raise Refused("empty")
    if len(value) > limit:
        raise Refused("too-long")
    return value


def _check_member(actor, organisation_id):
    if not may_see_owned(actor, organisation_id):
        raise Refused("not-entitled")


def _check_staff(actor):
    if not (is_entitled(actor) and actor.is_staff):
        raise Refused("staff-only")


def _move(support, allowed_from, **values):
    """A guarded UPDATE: the change happens only while the request's status is one of ``allowed_from``."""
    values.setdefault("updated_at", clock.now())
    changed = db.session.execute(
        sa.update(SupportRequest).where(SupportRequest.id == support.id, SupportRequest.status.in_(allowed_from))
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise Refused("closed")


def open_request(actor, kind, description, language, batch=None):
    """Open a request for the actor's organisation, with the files of ``batch`` (attachments.stage),
    stored before the rows that name them commit and removed again if the commit fails."""
    organisation_id = getattr(actor, "organisation_id", None)
    _check_member(actor, organisation_id)
    if kind not in SUPPORT_KINDS:
        raise Refused("kind")
    if language not in ("cy", "en"):
        raise Refused("language")
    support = SupportRequest(organisation_id=organisation_id, opened_by_id=actor.id, kind=kind,
                             description=_text(description, MAX_DESCRIPTION), language=language, status="new")
    db.session.add(support)
    db.session.flush()
    names = _keep_files(support, batch, actor)
    staff = _tell_staff(support, "new")
    audit(actor, "support.open", "support_request", support.id, kind=kind, language=language,
          organisation_id=organisation_id, files=names, staff_told=staff)
    db.session.commit()
    return support


def _keep_files(support, batch, actor, message=None):
    """Store the files of ``batch`` (attachments.stage; None: no files) and add their rows, with the
    request or with ``message``; the batch removes them again if the transaction does not commit.
    Returns their names."""
    if batch is None:
        return []
    batch.keep()
    for item in batch.uploads:
        db.session.add(SupportFile(request_id=support.id, message=message, uploaded_by_id=actor.id,
                                   storage_name=item.staged.storage_name, original_name=item.name,
                                   content_type=item.content_type, size=item.staged.size, sha256=item.staged.sha256))
    return [item.name for item in batch.uploads]


def _add_message(support, actor, text, batch, from_staff):
    message = SupportMessage(request_id=support.id, author_id=actor.id, from_staff=from_staff, body=text)
    db.session.add(message)
    return _keep_files(support, batch, actor, message)


def member_reply(support, body, actor, batch=None):
    """A reply from the organisation's side, with the files of ``batch``: a request waiting or done goes
    back to "in progress" (a new one stays new, for staff to pick up); a declined one takes no more replies."""
    _check_member(actor, support.organisation_id)
    text = _text(body, MAX_REPLY)
    _move(support, (*OPEN_STATUSES, "done"),
          status=sa.case((SupportRequest.status == "new", "new"), else_="in-progress"))
    names = _add_message(support, actor, text, batch, from_staff=False)
    staff = _tell_staff(support, "member-reply")
    audit(actor, "support.member-reply", "support_request", support.id, organisation_id=support.organisation_id,
          files=names, staff_told=staff)
    db.session.commit()
    db.session.refresh(support)


def staff_reply(support, body, actor, then="waiting", batch=None):
    """The Network's reply, with the files of ``batch``, shown in the portal; the people who asked get
    an email with a link."""
    _check_staff(actor)
    if then not in ("waiting", "in-progress", "done"):
        raise Refused("status")
    text = _text(body, MAX_REPLY)
    before = support.status
    _move(support, OPEN_STATUSES, status=then)
    names = _add_message(support, actor, text, batch, from_staff=True)
    recipients = _notify(support, "reply")
    audit(actor, "support.reply", "support_request", support.id, status=[before, then], files=names,
          recipients=recipients)
    db.session.commit()
    db.session.refresh(support)


def assign(support, assignee, actor):
    """Give the request to a member of staff; a new request is then in progress."""
    _check_staff(actor)
    if assignee is None or not assignee.active or not assignee.is_staff:
        raise Refused("not-staff")
    before = support.status
    _move(support, (*OPEN_STATUSES, "done"), assigned_to_id=assignee.id,
          status=sa.case((SupportRequest.status == "new", "in-progress"), else_=SupportRequest.status))
    audit(actor, "support.assign", "support_request", support.id, assigned_to=assignee.email,
          status=[before, "in-progress" if before == "new" else before])
    db.session.commit()
    db.session.refresh(support)


def set_status(support, status, actor):
    """Staff move a request between in progress, waiting for the member and done (a done request
    can be reopened); a declined request stays declined."""
    _check_staff(actor)
    if status not in ("in-progress", "waiting", "done"):
        raise Refused("status")
    before = support.status
    _move(support, (*OPEN_STATUSES, "done"), status=status)
    audit(actor, "support.status", "support_request", support.id, status=[before, status])
    db.session.commit()
    db.session.refresh(support)


def decline(support, ground, reason, actor):
    """Decline an open request with a reason the member reads in the portal; "capacity" only for a
    peer review. The people who asked get an email with a link, never the reason's text."""
    _check_staff(actor)
    if ground not in ("capacity", "other"):
        raise Refused("status")
    if ground == "capacity" and support.kind != "peer-review":
        raise Refused("capacity-peer-review")
    text = _text(reason, MAX_REASON)
    before = support.status
    _move(support, OPEN_STATUSES, status="declined", declined_reason=text)
    recipients = _notify(support, "declined")
    audit(actor, "support.decline", "support_request", support.id, status=[before, "declined"], reason=ground,
          recipients=recipients)
    db.session.commit()
    db.session.refresh(support)


def people_who_asked(support):
    """Who opened the request or wrote in it from the organisation's side, while they may still see it."""
    writers = sa.select(SupportMessage.author_id).where(SupportMessage.request_id == support.id,
                                                        SupportMessage.from_staff.is_(False))
    people = db.session.execute(
        sa.select(User).where(sa.or_(User.id == support.opened_by_id, User.id.in_(writers)))
        .order_by(User.id)).scalars().all()
    return [person for person in people if not person.is_staff and may_see_owned(person, support.organisation_id)]


def link(support, lang):
    return current_app.config["SITE_URL"] + url_for("support.request_page", request_id=support.id, lang_code=lang)


def staff_to_tell(support):
    """Who on the staff hears of the request: the one it is assigned to while they are active staff,
    otherwise every active member of staff."""
    assignee = support.assigned_to
    if assignee is not None and assignee.active and assignee.is_staff:
        return [assignee]
    return active_staff()


def _tell_staff(support, what):
    """Queue the email about a new request (``what`` "new") or a member's reply ("member-reply") to the
    staff who should see it, each in their own language; returns their addresses."""
    sent = []
    with site_urls():
        for person in staff_to_tell(support):
            lang = person.language if person.language in ("cy", "en") else "cy"
            link = current_app.config["SITE_URL"] + url_for("support.staff_request", request_id=support.id,
                                                            lang_code=lang)
            queue_email(person.email, STAFF_SUBJECTS[what], "support_staff", lang, user=person, what=what,
                        support=support, kind=KINDS[support.kind], link=link)
            sent.append(person.email)
    return sent


def _notify(support, what):
    """Queue the email about a reply or a decline to each person who asked, in their language."""
    sent = []
    with site_urls():
        for person in people_who_asked(support):
            lang = person.language if person.language in ("cy", "en") else "cy"
            queue_email(person.email, SUBJECTS[what], "support_update", lang, user=person, what=what,
                        support=support, link=link(support, lang))
            sent.append(person.email)
    return sent
