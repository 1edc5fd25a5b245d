"""The membership fee bands (Annex 1 of the January 2022 report): the one place they live.

A band covers budgets from ``lower`` (inclusive) up to ``upper`` (inclusive);
budgets are in millions of pounds. The report's table reads "<£200m",
"£200m to £400m" and "£400m>", so exactly £200m and exactly £400m both fall
in the middle band.
"""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class FeeBand:
    code: str
    lower: Decimal | None  # the previous band's upper limit
    upper: Decimal | None  # None for the top band
    fee: int


def _bands(limits, top_fee):
    """Build contiguous bands from (code, upper limit, fee) and the top band's fee."""
    bands, lower = [], None
    for code, upper, fee in limits:
        bands.append(FeeBand(code, lower, Decimal(upper), fee))
        lower = Decimal(upper)
    bands.append(FeeBand("large", lower, None, top_fee))
    return tuple(bands)


FEE_BANDS = _bands([("small", 200, 7_500), ("medium", 400, 10_000)], top_fee=12_500)

#: Above this (in £ millions) the figure was almost certainly typed in pounds.
MAX_BUDGET = Decimal(50_000)
MAX_INPUT_LENGTH = 40
ORGANISATION_KINDS = ("public", "third-sector")

MESSAGES = {
    "kind": _l("Select the kind of organisation"),
    "empty": _l("Enter your organisation's budget in millions of pounds, for example 250"),
    "not_number": _l("Enter the budget as a number of millions of pounds, for example 250 or 87.5"),
    "not_positive": _l("The budget must be more than £0 million"),
    "too_large": _l(
        "Enter a budget of £50,000 million or less. Check that you entered millions of pounds, not pounds"
    ),
}

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_DECORATION = re.compile(r"(?i)[£,\s]|(m|million|miliwn)$")


def band_for(budget):
    """The fee band for a budget in £ millions (a positive Decimal).

    The lowest band excludes its upper limit ("<£200m"); the middle bands
    include both limits ("£200m to £400m"); the top band starts above its lower one.
    """
    for band in FEE_BANDS:
        if band.upper is None or budget < band.upper or (band.lower is not None and budget == band.upper):
            return band
    raise AssertionError("the top band has no upper limit")


def parse_budget(text):
    """Return (Decimal, None) or (None, message key) for what a visitor typed."""
    text = (text or "").strip()
    if not text:
        return None, "empty"
    if len(text) > MAX_INPUT_LENGTH:
        return None, "not_number"
    cleaned = _DECORATION.sub("", text.replace("\u00a0", " "))
    negative = cleaned.startswith(("-", "\u2212"))
    cleaned = cleaned.lstrip("-\u2212")
    if not _NUMBER.fullmatch(cleaned):
        return None, "not_number"
    try:
        budget = Decimal(cleaned)
    except InvalidOperation:
        return None, "not_number"
    if negative or budget <= 0:
        return None, "not_positive"
    if budget > MAX_BUDGET:
        return None, "too_large"
    return budget, None


@dataclass(frozen=True)
class FeeAnswer:
    kind: str | None = None
    budget_text: str = ""
    budget: Decimal | None = None
    band: FeeBand | None = None
    errors: dict | None = None

    @property
    def third_sector(self):
        return self.kind == "third-sector" and not self.errors


def answer(args):
    """Work out the calculator's answer from the query string of a GET form."""
    kind = args.get("kind") or "public"
    budget_text = args.get("budget", "")[:200]
    if kind not in ORGANISATION_KINDS:
        return FeeAnswer(kind=None, budget_text=budget_text, errors={"kind": MESSAGES["kind"]})
    if kind == "third-sector":
        return FeeAnswer(kind=kind, budget_text=budget_text)
    budget, error = parse_budget(budget_text)
    if error:
        return FeeAnswer(kind=kind, budget_text=budget_text, errors={"budget": MESSAGES[error]})
    return FeeAnswer(kind=kind, budget_text=budget_text, budget=budget, band=band_for(budget))
