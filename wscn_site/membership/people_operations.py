"""What an organisation's lead may do to its own people: invite colleagues, deactivate and
reactivate them, and hand the lead role to one of them. Each change writes its AuditEntry in the
same transaction; the invitation email goes through the outbox in it too.

Usable from views, the CLI and tests alike. Who may do what to whom is decided here, not in the
views; an operation that may not be done raises ``Refused(reason)``:

- "not-lead": the actor is neither an active lead of the organisation nor active Network staff;
- "other-organisation": the person is not one of the organisation's people (another
  organisation's, or Network staff): views answer 404, so nothing about them is revealed;
- "self": nobody deactivates themselves or hands the lead role to themselves;
- "lead": only Network staff deactivate or reactivate a lead;
- "not-active": the lead role goes only to someone whose account is active and who has set a password.

Network staff keep full control: every operation here accepts them for any organisation (and the
staff tools still change any account).
"""
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..audit import Refused, audit
from ..auth.operations import queue_invitation
from ..extensions import db
from ..models import User


def may_manage(actor, organisation_id):
    """May ``actor`` manage the people of organisation ``organisation_id``?"""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return actor.role == "lead" and organisation_id is not None and actor.organisation_id == organisation_id


def check_may_manage(actor, organisation_id):
    if not may_manage(actor, organisation_id):
        raise Refused("not-lead")


def check_person(person, actor):
    """``person`` is one of the organisation's people, and ``actor`` may manage them."""
    if actor is None or not actor.is_active or not (actor.is_staff or actor.role == "lead"):
        raise Refused("not-lead")
    if person.is_staff or person.organisation_id is None or not may_manage(actor, person.organisation_id):
        raise Refused("other-organisation")


def invite_colleague(organisation_id, name, email, language, actor):
    """Create a member's account (no password yet) in the organisation and queue its invitation,
    in the invitee's language, in one transaction. Returns the user, or None if the address was
    taken meanwhile (nothing is then saved)."""
    check_may_manage(actor, organisation_id)
    user = User(name=name, email=email, role="member", language=language, organisation_id=organisation_id,
                password_hash=None)
    db.session.add(user)
    try:
        db.session.flush()
        audit(actor, "user.invite", "user", user.id, email=user.email, role=user.role,
              organisation_id=organisation_id, language=language)
        queue_invitation(user, invited_by=actor)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return user


def send_invitation_again(person, actor):
    """A fresh invitation link for someone who has not set a password yet (False if they have)."""
    check_person(person, actor)
    if person.password_hash or not person.active:
        return False
    queue_invitation(person, invited_by=actor)
    audit(actor, "user.invite_resent", "user", person.id, email=person.email)
    db.session.commit()
    return True


def set_active(person, active, actor):
    """Deactivate (ending every session and spending every link at once) or reactivate an account."""
    check_person(person, actor)
    if person.id == actor.id:
        raise Refused("self")
    if person.role == "lead" and not actor.is_staff:
        raise Refused("lead")
    if person.active == active:
        return False
    person.active = active
    if not active:
        person.end_sessions()
    audit(actor, "user.reactivate" if active else "user.deactivate", "user", person.id, email=person.email,
          organisation_id=person.organisation_id)
    db.session.commit()
    return True


def hand_over_lead(person, actor):
    """Make ``person`` the organisation's lead; the lead who hands over (or, when staff do it, every
    other lead of the organisation) becomes a member. Guarded updates: of two hand-overs by one lead
    at once, the second finds its actor no longer a lead and is refused, so one lead results."""
    check_person(person, actor)
    if person.id == actor.id:
        raise Refused("self")
    if not person.active or not person.password_hash:
        raise Refused("not-active")
    if person.role == "lead":
        return False
    organisation_id = person.organisation_id
    leads = sa.and_(User.organisation_id == organisation_id, User.role == "lead", User.id != person.id)
    if actor.is_staff:
        former = db.session.execute(sa.select(User.id).where(leads)).scalars().all()
    else:
        former = [actor.id]
        stepped_down = db.session.execute(
            sa.update(User).where(leads, User.id == actor.id, User.active.is_(True)).values(role="member")
            .execution_options(synchronize_session=False)).rowcount
        if stepped_down != 1:
            db.session.rollback()
            raise Refused("not-lead")
    db.session.execute(sa.update(User).where(User.id.in_(former)).values(role="member")
                       .execution_options(synchronize_session=False))
    db.session.execute(sa.update(User).where(User.id == person.id, User.active.is_(True)).values(role="lead")
                       .execution_options(synchronize_session=False))
    for former_id in former:
        audit(actor, "user.role", "user", former_id, role=["lead", "member"], organisation_id=organisation_id)
    audit(actor, "user.role", "user", person.id, role=[person.role, "lead"], organisation_id=organisation_id)
    db.session.commit()
    db.session.expire_all()
    return True
