"""What members and staff read about consultations, each through the access rules.

- A consultation: staff see every one; a person of an organisation whose membership is current
  (``access.is_entitled``) sees the published ones (open or responded); nobody else sees any (404).
- A comment: staff see every one; a member sees every comment staff have not hidden, and their own
  hidden ones with the reason (``access.may_see_owned`` on the comment's organisation, so a lapsed
  organisation's people see nothing of theirs either).
- Its organisation: staff always; other members only where the author chose to show it.
- The draft and final responses: linked only when the library's rule (``access.visible_resource``)
  lets the reader open them.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from ..access import is_entitled, may_see_owned, visible_resource
from ..extensions import db
from ..models import Consultation, ConsultationComment, Resource
from .operations import RESPONSE_KIND


def _visible(user):
    if not is_entitled(user):
        return sa.false()
    if user.is_staff:
        return sa.true()
    return Consultation.status.in_(("open", "responded"))


def consultations_for(user):
    return db.session.execute(sa.select(Consultation).where(_visible(user)).order_by(
        Consultation.comments_close_at.desc(), Consultation.id.desc())).scalars().all()


def consultation_or_404(user, consultation_id):
    found = db.session.execute(sa.select(Consultation).where(
        Consultation.id == consultation_id, _visible(user))).scalar_one_or_none()
    if found is None:
        abort(404)
    return found


@dataclass(frozen=True)
class ShownComment:
    comment: ConsultationComment
    organisation: str | None  # the organisation's name, when this reader may see it
    own: bool


def comments_for(user, consultation, lang):
    """The comments this reader may see, oldest first, each with what it may show."""
    if not is_entitled(user):
        return []
    query = sa.select(ConsultationComment).where(ConsultationComment.consultation_id == consultation.id)
    if not user.is_staff:  # withdrawn: nobody's; hidden by staff: its author's only
        query = query.where(ConsultationComment.withdrawn_at.is_(None),
                            sa.or_(ConsultationComment.hidden_at.is_(None), ConsultationComment.author_id == user.id))
    rows = db.session.execute(query.options(selectinload(ConsultationComment.organisation),
                                            selectinload(ConsultationComment.author))
                              .order_by(ConsultationComment.created_at, ConsultationComment.id)).scalars()
    shown = []
    for comment in rows:
        if comment.hidden_at is not None and not (user.is_staff or may_see_owned(user, comment.organisation_id)):
            continue
        name = comment.organisation.name(lang) if (user.is_staff or comment.show_organisation) else None
        shown.append(ShownComment(comment, name, comment.author_id == user.id))
    return shown


def own_comment_or_404(user, consultation, comment_id):
    """The reader's own comment on ``consultation``, not withdrawn; else a 404."""
    found = comment_or_404(consultation, comment_id)
    if found.author_id != user.id or found.withdrawn_at is not None:
        abort(404)
    return found


def comment_or_404(consultation, comment_id):
    found = db.session.execute(sa.select(ConsultationComment).where(
        ConsultationComment.id == comment_id, ConsultationComment.consultation_id == consultation.id)
    ).scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def resource_for(user, resource_id):
    """The attached resource, if this reader may open it in the library; else None."""
    if resource_id is None:
        return None
    return visible_resource(user, resource_id, selectinload(Resource.files))


def response_resources():
    """Staff choose the draft and final responses among the library's consultation responses."""
    return db.session.execute(sa.select(Resource).where(Resource.kind == RESPONSE_KIND)
                              .order_by(Resource.created_at.desc(), Resource.id.desc())).scalars().all()


def all_comments(consultation):
    """Staff's export: every comment, hidden ones included, with author and organisation."""
    return db.session.execute(sa.select(ConsultationComment).where(
        ConsultationComment.consultation_id == consultation.id).options(
        selectinload(ConsultationComment.organisation), selectinload(ConsultationComment.author))
        .order_by(ConsultationComment.created_at, ConsultationComment.id)).scalars().all()
