"""The public application form, in both languages (/en/membership/apply, /cy/aelodaeth/ymgeisio).

Bots are kept out by a honeypot field (a filled one gets the same answer as a real application, and
nothing is kept) and by limits per address: on applications received, and on every attempt.
"""
from flask import current_app, g, render_template, request

from .. import clock
from ..extensions import limiter
from ..i18n import localized_route
from . import apply_operations, bp
from .apply_forms import ApplicationForm
from .apply_rules import covered_years, cutoff_in, next_year_from

LIMITS = {"MEMBERSHIP_APPLY_LIMIT_PER_IP": "5 per hour", "MEMBERSHIP_APPLY_ATTEMPTS_PER_IP": "60 per hour"}
#: The content pages the form links to (their addresses are fixed by the content files' slugs).
PRIVACY = {"en": "/en/privacy-and-cookies", "cy": "/cy/preifatrwydd-a-chwcis"}
MEMBERSHIP_PAGE = {"en": "/en/membership", "cy": "/cy/aelodaeth"}


def _limit(name):
    return lambda: current_app.config.get(name, LIMITS[name])


def _received(response):
    return g.get("membership_application_received", False)


def _no_store(html):
    response = current_app.make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


@localized_route(bp, {"en": "/membership/apply", "cy": "/aelodaeth/ymgeisio"}, methods=["GET", "POST"])
@limiter.limit(_limit("MEMBERSHIP_APPLY_ATTEMPTS_PER_IP"), methods=["POST"])
@limiter.limit(_limit("MEMBERSHIP_APPLY_LIMIT_PER_IP"), methods=["POST"], deduct_when=_received)
def apply():
    form = ApplicationForm()
    if request.method == "GET":
        form.lead_language.data = g.lang
        form.invoice_language.data = g.lang
    if form.validate_on_submit():
        g.membership_application_received = True
        if not form.looks_automated:
            apply_operations.submit(form, g.lang)
        return _no_store(render_template("membership/apply_sent.html", email=form.lead_email.data,
                                         unbanded=form.unbanded,
                                         membership_page=MEMBERSHIP_PAGE[g.lang]))
    today = clock.today()
    years = covered_years(today)
    return _no_store(render_template("membership/apply_form.html", form=form, years=years, today=today,
                                     cutoff=cutoff_in(years[0]) if next_year_from() else None,
                                     privacy=PRIVACY[g.lang], membership_page=MEMBERSHIP_PAGE[g.lang]))
