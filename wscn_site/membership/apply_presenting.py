"""How an application reads on its pages and in its emails, in the reader's language: template
globals registered with the blueprint (so emails rendered from a command have them too)."""
from .. import clock, labels
from ..fees import FEE_BANDS
from . import bp

BANDS = {band.code: band for band in FEE_BANDS}


@bp.app_template_global()
def fee_band(code):
    """The FeeBand of a stored band code, or None."""
    return BANDS.get(code)


@bp.app_template_global()
def year_span(year):
    """The financial year starting in ``year``, as people write it: 2026 -> '2026–27'."""
    return f"{year}–{(year + 1) % 100:02d}"


@bp.app_template_global()
def organisation_kind(code):
    return labels.ORGANISATION_KINDS.get(code, code)


@bp.app_template_global()
def application_status(code):
    return labels.APPLICATION_STATUSES.get(code, code)


@bp.app_template_global()
def invoice_language(code):
    return labels.INVOICE_LANGUAGES.get(code, code)


@bp.app_template_global()
def pounds(pence):
    """Pence as whole pounds for the money filter (fees are whole pounds)."""
    return None if pence is None else pence / 100


@bp.app_template_global()
def financial_year_end(year):
    """31 March at the end of financial year ``year``."""
    return clock.financial_year_bounds(year)[1]
