"""When staff publish an event, the people of member organisations are invited by email through
the outbox, each in their own language, except those who turned event invitations off on the shared
email-preferences page; nobody is invited twice, and nothing goes to staff, deactivated accounts or
people of organisations that are not current members."""
import pytest
import sqlalchemy as sa

from booking_helpers import event
from factories import organisation, user
from wscn_site import email_preferences
from wscn_site.events import pages_operations
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Event, OutboxMessage, User

pytestmark = pytest.mark.db


def _invitations():
    return db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.language, OutboxMessage.subject,
                                        OutboxMessage.text_body)
                              .where(OutboxMessage.kind == "event_invitation").order_by(OutboxMessage.recipient)).all()


def test_publishing_invites_members_people_in_their_language_as_they_chose(app):
    with app.app_context():
        member, lapsed = organisation("Example County Council"), organisation("Lapsed Council", status="lapsed")
        user("ann@example.org", org=member, language="cy", name="Ann")
        user("bob@example.org", org=member, name="Bob")
        user("off@example.org", org=member, name="Off")
        user("gone@example.org", org=member, active=False)
        user("lee@example.org", org=lapsed)
        staff = user("staff@wlga.example", role="staff")
        db.session.commit()
        email_preferences.save(db.session.execute(sa.select(User).where(User.email == "off@example.org")).scalar_one(),
                               {"events": False})
        event_id = event(status="draft")
        item = db.session.get(Event, event_id)
        assert pages_operations.publish(item, staff)
        sent = _invitations()
        assert [(to, lang) for to, lang, _, _ in sent] == [("ann@example.org", "cy"), ("bob@example.org", "en")]
        ann, bob = sent
        assert ann.subject == "Gwahoddiad: Prawf network-meeting ŷ" and f"/cy/digwyddiadau/{event_id}" in ann.text_body
        assert "/cy/cyfrif/negeseuon-ebost" in ann.text_body
        assert bob.subject == "Invitation: Test network-meeting ŵ" and "/en/account/emails" in bob.text_body
        assert '"invited": 2' in db.session.execute(sa.select(AuditEntry.details).where(
            AuditEntry.action == "event.publish")).scalar_one()
        assert not pages_operations.publish(item, staff)  # published already: nobody is invited again
        assert len(_invitations()) == 2
