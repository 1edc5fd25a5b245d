"""Every change to a consultation and its comments, from the views, the demo data and tests alike.

Each change writes an AuditEntry in its transaction. Publishing needs the title and summary in both
languages, a link, an internal deadline for comments before the real closing date (and still to
come), and a draft response that members can open in the library; it is an UPDATE guarded by
``status = 'draft'``, so two staff clicking at once publish once, and it queues the "consultation
open" email to every member who wants early invitations, in their language, in the same
transaction. Comments are taken while the consultation is open and before its internal deadline,
checked here (the server's clock), whatever the page showed.
"""
import sqlalchemy as sa

from .. import clock
from ..access import is_entitled, may_see_owned
from ..audit import Refused, audit
from ..extensions import db
from ..mail import site_urls
from ..models import Consultation, ConsultationComment, Resource
from . import notices

TEXT_FIELDS = ("title_cy", "title_en", "summary_cy", "summary_en")
FIELDS = (*TEXT_FIELDS, "link", "closes_on", "comments_close_at", "draft_resource_id")
MAX_COMMENT = 4000
MAX_REASON = 1000
RESPONSE_KIND = "consultation-response"


def members_may_open(resource, now=None):
    """Would a member of a current organisation see this resource in the library? (The member half
    of ``access.visible_to``: for members, published, not expired.) Only such a resource may be a
    consultation's draft or final response, so that no member is linked to something they cannot open."""
    if resource is None:
        return False
    now = now or clock.now()
    published = resource.published_at is not None and clock.as_utc(resource.published_at) <= now
    current = resource.expires_on is None or resource.expires_on >= now.astimezone(clock.LONDON).date()
    return resource.audience == "members" and published and current


def problems(consultation, now=None):
    """What stops the consultation from being published (empty: ready), as codes."""
    now = now or clock.now()
    found = [name for name in TEXT_FIELDS if not (getattr(consultation, name) or "").strip()]
    if not consultation.link:
        found.append("link")
    deadline = clock.as_utc(consultation.comments_close_at)
    if deadline.astimezone(clock.LONDON).date() >= consultation.closes_on:
        found.append("deadline-after-closing")
    if deadline <= now:
        found.append("deadline-past")
    draft = db.session.get(Resource, consultation.draft_resource_id) if consultation.draft_resource_id else None
    if not members_may_open(draft, now):
        found.append("draft")
    return found


def _check(values):
    if values["comments_close_at"].astimezone(clock.LONDON).date() >= values["closes_on"]:
        raise Refused("deadline-after-closing")
    if not values["link"].startswith(("https://", "http://")):
        raise Refused("link")


def create(values, actor):
    _check(values)
    consultation = Consultation(**{name: values[name] for name in FIELDS}, status="draft")
    db.session.add(consultation)
    db.session.flush()
    audit(actor, "consultation.create", "consultation", consultation.id, title=consultation.title_en)
    db.session.commit()
    return consultation


def update(consultation, values, actor):
    """Edit; a published consultation keeps to the publishing rule."""
    _check(values)
    for name in FIELDS:
        setattr(consultation, name, values[name])
    if consultation.status != "draft" and set(problems(consultation)) - {"deadline-past"}:
        db.session.rollback()
        raise Refused("published-incomplete")
    audit(actor, "consultation.update", "consultation", consultation.id, title=consultation.title_en)
    db.session.commit()
    return consultation


def publish(consultation, actor, now=None):
    """Open the consultation for comments and queue the early invitations; False when it was no
    longer a draft (someone else published it)."""
    now = now or clock.now()
    if problems(consultation, now):
        raise Refused("incomplete")
    opened = db.session.execute(sa.update(Consultation).where(
        Consultation.id == consultation.id, Consultation.status == "draft").values(status="open", published_at=now))
    if opened.rowcount != 1:
        db.session.rollback()
        return False
    db.session.refresh(consultation)
    with site_urls():
        sent = notices.queue_opened(consultation)
    audit(actor, "consultation.publish", "consultation", consultation.id, title=consultation.title_en, emails=sent)
    db.session.commit()
    return True


def mark_responded(consultation, response_resource_id, actor, now=None):
    """Attach the final response (a library resource members can open) and close the consultation."""
    now = now or clock.now()
    response = db.session.get(Resource, response_resource_id)
    if not members_may_open(response, now):
        raise Refused("response")
    done = db.session.execute(sa.update(Consultation).where(
        Consultation.id == consultation.id, Consultation.status == "open").values(
        status="responded", responded_at=now, response_resource_id=response.id))
    if done.rowcount != 1:
        db.session.rollback()
        raise Refused("not-open")
    audit(actor, "consultation.respond", "consultation", consultation.id, resource=response.id)
    db.session.commit()
    db.session.refresh(consultation)
    return consultation


def accepts_comments(consultation, now=None):
    """"open", or why not: "not-open" (a draft, or responded) or "closed" (the deadline has passed)."""
    now = now or clock.now()
    if consultation.status != "open":
        return "not-open"
    if now >= clock.as_utc(consultation.comments_close_at):
        return "closed"
    return "open"


def add_comment(consultation, author, body, show_organisation, now=None):
    """A member's comment, in the name of their organisation, until the internal deadline."""
    now = now or clock.now()
    if not is_entitled(author) or author.is_staff or author.organisation_id is None:
        raise Refused("not-member")
    state = accepts_comments(consultation, now)
    if state != "open":
        raise Refused(state)
    body = (body or "").strip()
    if not body or len(body) > MAX_COMMENT:
        raise Refused("length")
    comment = ConsultationComment(consultation_id=consultation.id, author_id=author.id,
                                  organisation_id=author.organisation_id, body=body,
                                  show_organisation=bool(show_organisation), created_at=now)
    db.session.add(comment)
    db.session.commit()
    return comment


def _own_open_comment(comment, author, now):
    """Refused unless ``author`` wrote ``comment``, may still take part, and comments are still open."""
    if comment.author_id != author.id or not is_entitled(author) or author.is_staff:
        raise Refused("not-author")
    state = accepts_comments(comment.consultation, now)
    if state != "open":
        raise Refused(state)


def _change_own(comment, **values):
    """A guarded UPDATE: only while the comment is neither withdrawn nor hidden by staff."""
    changed = db.session.execute(sa.update(ConsultationComment).where(
        ConsultationComment.id == comment.id, ConsultationComment.withdrawn_at.is_(None),
        ConsultationComment.hidden_at.is_(None)).values(**values)).rowcount
    if changed != 1:
        db.session.rollback()
        raise Refused("not-editable")


def edit_comment(comment, author, body, show_organisation, now=None):
    """The author changes their comment until the deadline (not once withdrawn, nor once staff hid it);
    audited with what it said before."""
    now = now or clock.now()
    _own_open_comment(comment, author, now)
    body = (body or "").strip()
    if not body or len(body) > MAX_COMMENT:
        raise Refused("length")
    before, shown_before = comment.body, comment.show_organisation
    if body == before and bool(show_organisation) == shown_before:
        return False
    _change_own(comment, body=body, show_organisation=bool(show_organisation), edited_at=now)
    audit(author, "consultation.comment.edit", "consultation_comment", comment.id,
          consultation=comment.consultation_id, before=before, show_organisation=[shown_before, bool(show_organisation)])
    db.session.commit()
    db.session.refresh(comment)
    return True


def withdraw_comment(comment, author, now=None):
    """The author withdraws their comment until the deadline: other members no longer see it; it is
    kept, marked withdrawn, for staff."""
    now = now or clock.now()
    _own_open_comment(comment, author, now)
    _change_own(comment, withdrawn_at=now)
    audit(author, "consultation.comment.withdraw", "consultation_comment", comment.id,
          consultation=comment.consultation_id)
    db.session.commit()
    db.session.refresh(comment)


def hide_comment(comment, reason, actor, now=None):
    """Staff hide a comment from other members, with a reason its author is shown; audited. False
    when it was already hidden."""
    now = now or clock.now()
    if not (actor.is_staff and may_see_owned(actor, comment.organisation_id)):
        raise Refused("staff-only")
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise Refused("reason")
    hidden = db.session.execute(sa.update(ConsultationComment).where(
        ConsultationComment.id == comment.id, ConsultationComment.hidden_at.is_(None)).values(
        hidden_at=now, hidden_by_id=actor.id, hidden_reason=reason))
    if hidden.rowcount != 1:
        db.session.rollback()
        return False
    audit(actor, "consultation.comment.hide", "consultation_comment", comment.id,
          consultation=comment.consultation_id, reason=reason)
    db.session.commit()
    db.session.refresh(comment)
    return True
