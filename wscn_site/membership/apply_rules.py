"""The rules of an application: which kinds of organisation get a fee band, how a typed budget is
understood, and which financial years a membership that starts on a given day covers.

The budget is asked for in millions of pounds, as on the fee calculator ("250", "£250m", "250
million"); a figure of a million or more with no "m" or "million" is taken to be in pounds
("250,000,000"). Figures between the largest budget in millions and a million pounds could be either,
so they are refused with a message that says so.

Joining mid-year follows one rule, ``MEMBERSHIP_NEXT_YEAR_FROM`` (a day of the year as "MM-DD",
default "01-01"; "off" for none): an organisation that joins on or after that day of the financial
year also has the rest of that year, and its first fee pays for the next financial year. No
pro-rating: the fee is a whole year's fee.
"""
import re
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import clock
from ..fees import MAX_BUDGET, MESSAGES, band_for, parse_budget

#: Kinds whose fee is agreed by staff at approval, with no band (the membership page's note: fees are
#: not expected to cover the third sector; policing may develop a model of its own).
UNBANDED_KINDS = ("police", "third-sector")
ONE_MILLION = Decimal(1_000_000)
_IN_POUNDS = re.compile(r"[0-9]+(\.[0-9]+)?")
_POUND_DECORATION = re.compile(r"[£,\s\u00a0]")
DEFAULT_NEXT_YEAR_FROM = "01-01"
UNCLEAR_BUDGET = _l("Enter the budget in millions of pounds, for example 250, or in pounds in full, for example "
                    "250,000,000")


def understand_budget(text):
    """(budget in £ millions as a Decimal, None) or (None, message key: fees.MESSAGES or "unclear")."""
    budget, error = parse_budget(text)
    if error != "too_large":
        return budget, error
    cleaned = _POUND_DECORATION.sub("", text or "")
    if not _IN_POUNDS.fullmatch(cleaned):  # "60,000m", "£2,000,000 million": millions, and too many
        return None, "too_large"
    try:
        pounds = Decimal(cleaned)
    except InvalidOperation:
        return None, "not_number"
    if pounds < ONE_MILLION:
        return None, "unclear"
    millions = pounds / ONE_MILLION
    return (millions, None) if millions <= MAX_BUDGET else (None, "too_large")


def budget_message(error):
    """What to tell the reader about a budget ``understand_budget`` could not take."""
    return UNCLEAR_BUDGET if error == "unclear" else MESSAGES[error]


def stored_budget(budget):
    """The budget as the database keeps it (two decimal places), rounded down so that it never
    crosses into a higher band than the one computed from what was typed."""
    return budget.quantize(Decimal("0.01"), rounding=ROUND_DOWN) if budget is not None else None


def band_and_fee(kind, budget):
    """(band code, fee in pence) for a kind and budget; (None, None) where staff set the fee."""
    if kind in UNBANDED_KINDS or budget is None:
        return None, None
    band = band_for(budget)
    return band.code, band.fee * 100


def next_year_from():
    """(month, day) from which a joining organisation's membership also covers the next financial
    year, or None when the rule is off."""
    setting = str(current_app.config.get("MEMBERSHIP_NEXT_YEAR_FROM", DEFAULT_NEXT_YEAR_FROM)).strip().lower()
    if setting in ("", "off", "none"):
        return None
    month, day = (int(part) for part in setting.split("-"))
    date(2023, month, day)  # a day every year has (not 29 February), or ValueError
    return month, day


def cutoff_in(year):
    """The day of financial year ``year`` from which a join also covers ``year + 1``, or None."""
    rule = next_year_from()
    if rule is None:
        return None
    month, day = rule
    return date(year if month >= 4 else year + 1, month, day)


def covered_years(day=None):
    """The financial years a membership starting on ``day`` (default: today in London) covers."""
    day = day or clock.today()
    year = clock.financial_year(day)
    cutoff = cutoff_in(year)
    return [year, year + 1] if cutoff is not None and day >= cutoff else [year]


def years_to_record(applied_on, today=None):
    """The years an approval today records for an application made on ``applied_on``: those the rule
    gave on the day of applying that have not ended yet, else the current year. The fee is for the
    last of them (the rest of the joining year comes with it)."""
    current = clock.financial_year(today or clock.today())
    years = [year for year in covered_years(applied_on) if year >= current]
    return years or covered_years(today or clock.today())
