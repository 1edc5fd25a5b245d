"""The one clock: "now" in UTC and "today" in Europe/London, for every feature.

Times are stored in UTC and shown with Babel in the reader's language; days (the financial
year, expiry dates, the date an issue carries) are London days. Tests move the clock with
``frozen_at(moment)`` instead of patching ``datetime``.
"""
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_frozen = None


def now():
    """This moment, timezone-aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(timezone.utc)


def london_now():
    return now().astimezone(LONDON)


def today():
    """Today's date in Wales."""
    return london_now().date()


def as_utc(value):
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def london_moment(day, at=time(0, 0)):
    """The UTC moment of a London wall-clock time (BST or GMT as that day has it)."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(timezone.utc)


def financial_year(day=None):
    """The Welsh public-sector financial year (April to March) a day falls in, named by its first year."""
    day = day or today()
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year):
    """The first and last day of financial year ``year`` (1 April ``year`` to 31 March ``year + 1``)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


@contextmanager
def frozen_at(moment):
    """Tests: the clock reads ``moment`` (an aware datetime) until the block ends."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("frozen_at needs a timezone-aware moment")
    before, _frozen = _frozen, moment.astimezone(timezone.utc)
    try:
        yield
    finally:
        _frozen = before
