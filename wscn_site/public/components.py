"""Components a Markdown page may place with ``<!-- component: NAME -->``.

Each name maps to a template under ``templates/components/``; a view may pass
extra context for its components (the fee calculator's answer).
"""
from flask import request

from .. import fees

COMPONENTS = {
    "fee-table": "components/fee_table.html",
    "fee-calculator": "components/fee_calculator.html",
}


def component_context(page):
    """Context the page's components need for this request."""
    context = {"fee_bands": fees.FEE_BANDS} if "fee-table" in page.components else {}
    if "fee-calculator" in page.components:
        asked = "budget" in request.args or "kind" in request.args
        context["fee_answer"] = fees.answer(request.args) if asked else None
    return context
