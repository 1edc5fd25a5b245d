"""One clock: today is a London day, the financial year turns at London midnight on 1 April."""
from datetime import date, datetime, time, timezone

from wscn_site import clock


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_today_is_the_london_date_not_the_utc_date():
    # 1 April 2027 00:30 BST is still 31 March in UTC
    with clock.frozen_at(utc(2027, 3, 31, 23, 30)):
        assert clock.today() == date(2027, 4, 1)
        assert clock.financial_year() == 2027
    # 31 March 23:30 BST
    with clock.frozen_at(utc(2027, 3, 31, 22, 30)):
        assert clock.today() == date(2027, 3, 31)
        assert clock.financial_year() == 2026


def test_winter_days_are_gmt():
    with clock.frozen_at(utc(2026, 12, 31, 23, 59)):
        assert clock.today() == date(2026, 12, 31)
    with clock.frozen_at(utc(2027, 1, 1, 0, 0)):
        assert clock.today() == date(2027, 1, 1)


def test_financial_year_bounds():
    assert clock.financial_year(date(2026, 4, 1)) == 2026
    assert clock.financial_year(date(2027, 3, 31)) == 2026
    assert clock.financial_year_bounds(2026) == (date(2026, 4, 1), date(2027, 3, 31))


def test_london_wall_clock_times_cross_the_clock_change():
    # 09:00 in London is 09:00 UTC before the clocks go forward (28 March 2027) and 08:00 UTC after
    assert clock.london_moment(date(2027, 3, 27), time(9, 0)) == utc(2027, 3, 27, 9, 0)
    assert clock.london_moment(date(2027, 3, 28), time(9, 0)) == utc(2027, 3, 28, 8, 0)
    # and back again on 31 October 2027
    assert clock.london_moment(date(2027, 10, 30), time(9, 0)) == utc(2027, 10, 30, 8, 0)
    assert clock.london_moment(date(2027, 10, 31), time(9, 0)) == utc(2027, 10, 31, 9, 0)


def test_frozen_clock_ends_with_its_block():
    with clock.frozen_at(utc(2030, 1, 1)):
        assert clock.now() == utc(2030, 1, 1)
    assert clock.now().year < 2030
