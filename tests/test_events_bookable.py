"""``pages_queries.bookable``: the one answer to "can this event be booked now?" that the public pages
show and the booking slice checks (open, or the reason it is not)."""
from datetime import datetime, timedelta, timezone

import pytest

from wscn_site.events.pages_queries import bookable
from wscn_site.models.events import Event

NOW = datetime(2027, 5, 4, 10, 0, tzinfo=timezone.utc)


def _event(**values):
    base = dict(id=1, kind="workshop", status="published", starts_at=NOW + timedelta(days=10),
                ends_at=NOW + timedelta(days=10, hours=3), capacity=10, booking_opens_at=None,
                booking_closes_at=None, members_only_until=None)
    return Event(**(base | values))


@pytest.mark.parametrize("values, taken, reason", [
    ({}, {}, None),
    ({"status": "draft"}, {}, "draft"),
    ({"status": "cancelled"}, {}, "cancelled"),
    ({"starts_at": NOW - timedelta(minutes=1)}, {}, "past"),
    ({"booking_opens_at": NOW + timedelta(days=1)}, {}, "not-open"),
    ({"booking_closes_at": NOW}, {}, "closed"),  # closes at that moment
    ({"booking_closes_at": NOW + timedelta(seconds=1)}, {}, None),
    ({}, {1: 10}, "full"),
    ({}, {1: 9}, None),
])
def test_bookable_gives_the_reason_an_event_cannot_be_booked(values, taken, reason):
    answer = bookable(_event(**values), NOW, taken)
    assert answer.reason == reason and answer.open is (reason is None)


def test_places_left_never_go_below_zero_and_the_early_invitation_is_for_members():
    assert bookable(_event(), NOW, {1: 12}).places_left == 0
    early = bookable(_event(members_only_until=NOW + timedelta(days=2)), NOW, {})
    assert early.open and early.members_only and early.places_left == 10
    assert not bookable(_event(members_only_until=NOW), NOW, {}).members_only
    naive = _event(starts_at=(NOW + timedelta(days=1)).replace(tzinfo=None))  # as SQLite hands it back
    assert bookable(naive, NOW, {}).open
