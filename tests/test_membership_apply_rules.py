"""The rules behind the application form: how a typed budget is understood, and which financial
years a membership that starts on a given day covers (the mid-year joining rule, at its boundary)."""
from datetime import date
from decimal import Decimal

import pytest

from wscn_site.membership.apply_rules import band_and_fee, covered_years, understand_budget, years_to_record


@pytest.mark.parametrize("typed, millions", [
    ("250", "250"), ("£250m", "250"), ("250 million", "250"), ("250,000,000", "250"), ("£250,000,000", "250"),
    ("87.5", "87.5"), ("1,200", "1200"), ("199,999,999", "199.999999"), ("£1,000,000", "1"),
])
def test_a_budget_is_understood_in_millions_or_in_pounds_in_full(typed, millions):
    assert understand_budget(typed) == (Decimal(millions), None)


@pytest.mark.parametrize("typed, problem", [
    ("", "empty"), ("lots", "not_number"), ("-5", "not_positive"), ("0", "not_positive"),
    ("60,000", "unclear"), ("999,999", "unclear"), ("60,000m", "too_large"), ("90,000,000,000,000", "too_large"),
])
def test_a_budget_that_cannot_be_understood_is_refused_with_its_reason(typed, problem):
    assert understand_budget(typed) == (None, problem)


def test_the_band_is_computed_and_policing_and_the_third_sector_get_none():
    assert band_and_fee("local-authority", Decimal("199.999999")) == ("small", 750_000)
    assert band_and_fee("health", Decimal("200")) == ("medium", 1_000_000)
    assert band_and_fee("fire-rescue", Decimal("400.01")) == ("large", 1_250_000)
    assert band_and_fee("police", Decimal("300")) == (None, None)
    assert band_and_fee("third-sector", None) == (None, None)


def test_joining_from_1_january_also_covers_the_next_financial_year(app):
    with app.app_context():
        assert covered_years(date(2026, 4, 1)) == [2026]
        assert covered_years(date(2026, 12, 31)) == [2026]
        assert covered_years(date(2027, 1, 1)) == [2026, 2027]
        assert covered_years(date(2027, 3, 31)) == [2026, 2027]
        assert covered_years(date(2027, 4, 1)) == [2027]


def test_the_joining_rule_is_configurable_and_can_be_turned_off(make_app):
    with make_app(create_tables=False, MEMBERSHIP_NEXT_YEAR_FROM="02-15").app_context():
        assert covered_years(date(2027, 2, 14)) == [2026]
        assert covered_years(date(2027, 2, 15)) == [2026, 2027]
    with make_app(create_tables=False, MEMBERSHIP_NEXT_YEAR_FROM="off").app_context():
        assert covered_years(date(2027, 3, 31)) == [2026]


def test_an_approval_records_the_years_the_rule_gave_that_have_not_ended(app):
    with app.app_context():
        assert years_to_record(date(2027, 1, 5), today=date(2027, 1, 20)) == [2026, 2027]
        assert years_to_record(date(2027, 3, 20), today=date(2027, 4, 2)) == [2027]
        assert years_to_record(date(2026, 11, 1), today=date(2027, 4, 2)) == [2027]  # applied long ago
        assert years_to_record(date(2026, 12, 31), today=date(2027, 1, 2)) == [2026]
