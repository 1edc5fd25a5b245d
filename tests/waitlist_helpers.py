"""The waiting list as a member's browser uses it: join the list of a full event, open an offer,
accept or decline it; and the entries and offers as the database holds them."""
import sqlalchemy as sa

from booking_helpers import attendee_data
from factories import csrf_token
from wscn_site.extensions import db
from wscn_site.models import OutboxMessage, WaitlistEntry

JOIN = "/en/members/events/{}/waiting-list"
JOIN_CY = "/cy/aelodau/digwyddiadau/{}/rhestr-aros"
OFFER = "/en/members/waiting-list/{}"


def join(client, event_id, people, lang="en"):
    """Fill the waiting-list form for ``people`` [(name, email[, language, speaks_welsh])] and send it."""
    path = (JOIN if lang == "en" else JOIN_CY).format(event_id)
    page = client.get(f"{path}?places={len(people)}")
    key = page.text.split('name="request_key"', 1)[1].split('value="', 1)[1].split('"', 1)[0] \
        if 'name="request_key"' in page.text else ""
    token = csrf_token(page.text)
    return client.post(path, data={"csrf_token": token, "request_key": key, **attendee_data(people)})


def answer(client, entry_id, action="accept"):
    """Open the offer and accept (at the price shown) or decline it."""
    page = client.get(OFFER.format(entry_id))
    data = {"csrf_token": csrf_token(page.text), "action": action}
    if 'name="confirmed"' in page.text:
        data["confirmed"] = page.text.split('name="confirmed" value="', 1)[1].split('"', 1)[0]
    return client.post(OFFER.format(entry_id), data=data)


def entries(event_id):
    """[(id, status, places, organisation id)] of the event's entries, in the list's order."""
    return db.session.execute(sa.select(WaitlistEntry.id, WaitlistEntry.status, WaitlistEntry.places,
                                        WaitlistEntry.organisation_id)
                              .where(WaitlistEntry.event_id == event_id)
                              .order_by(WaitlistEntry.position, WaitlistEntry.id)).all()


def offers():
    """The offer emails in the outbox: [(recipient, language, subject)]."""
    return db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.language, OutboxMessage.subject)
                              .where(OutboxMessage.kind == "waitlist_offer").order_by(OutboxMessage.id)).all()
