"""Events and members for the booking tests, made through the models (the staff event editor is
another feature), and the booking form as a member's browser sends it."""
from datetime import timedelta
from types import SimpleNamespace

from factories import csrf_token, organisation, user
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import Event

BOOK = "/en/members/events/{}/book"


def event(kind="network-meeting", capacity=50, days=30, full=6000, member=4000, status="published", online=False,
          **values):
    start = clock.now() + timedelta(days=days)
    item = Event(kind=kind, status=status, title_en=f"Test {kind} ŵ", title_cy=f"Prawf {kind} ŷ",
                 description_en="About it.", description_cy="Amdano.", starts_at=start,
                 ends_at=start + timedelta(hours=3), online=online, venue_en="Cardiff Hall",
                 venue_cy="Neuadd Caerdydd", address="1 Street, Cardiff",
                 joining_link="https://meet.example/abc" if online else "", capacity=capacity,
                 full_price_pence=full, member_price_pence=member, published_at=clock.now(), **values)
    db.session.add(item)
    db.session.commit()
    return item.id


def members(count=1, status="member", name="Example County Council", prefix="member"):
    """An organisation and ``count`` people of it (the first is its lead); plain records."""
    org = organisation(name, status=status)
    people = [user(f"{prefix}{n}@{name.split()[0].lower()}.example", role="lead" if n == 0 else "member", org=org)
              for n in range(count)]
    db.session.commit()
    return SimpleNamespace(id=org.id, people=[SimpleNamespace(id=p.id, email=p.email, name=p.name) for p in people])


def attendee_data(people, prefix="attendees"):
    data = {}
    for n, (name, email, *rest) in enumerate(people):
        language = rest[0] if rest else "en"
        data.update({f"{prefix}-{n}-name": name, f"{prefix}-{n}-email": email, f"{prefix}-{n}-language": language})
        if len(rest) > 1 and rest[1]:
            data[f"{prefix}-{n}-speaks_welsh"] = "y"
    return data


def review(client, event_id, people, lang="en"):
    """Fill the form for ``people`` [(name, email[, language, speaks_welsh])] and ask for the price."""
    path = BOOK.format(event_id) if lang == "en" else f"/cy/aelodau/digwyddiadau/{event_id}/archebu"
    page = client.get(f"{path}?places={len(people)}")
    key = page.text.split('name="request_key"', 1)[1].split('value="', 1)[1].split('"', 1)[0] \
        if 'name="request_key"' in page.text else ""
    data = {"csrf_token": csrf_token(page.text), "request_key": key, "step": "review", **attendee_data(people)}
    return client.post(path, data=data), data, path


def fingerprint(html):
    return html.split('name="confirmed" value="', 1)[1].split('"', 1)[0]


def book(client, event_id, people, lang="en"):
    """Review then confirm; returns the confirming response."""
    shown, data, path = review(client, event_id, people, lang)
    assert shown.status_code == 200, shown.text
    return client.post(path, data={**data, "step": "confirm", "confirmed": fingerprint(shown.text)})


def place_at(event_id, org, email, name="Attendee", **values):
    """A booked place written straight to the database (e.g. at an event already past); ``org`` from members()."""
    import secrets

    from wscn_site.models import Booking, Place

    booking = Booking(event_id=event_id, organisation_id=org.id, booked_by_id=org.people[0].id,
                      request_key=secrets.token_urlsafe(16), member_terms=True)
    booking.places.append(Place(event_id=event_id, organisation_id=org.id, name=name, email=email,
                                price_reason="free", price_pence=0, **{"language": "en", **values}))
    db.session.add(booking)
    db.session.commit()
    return booking.places[0].id
