"""The staff dashboard and the audit log; helpers every staff template uses."""
from flask import render_template

from ..i18n import localized_route
from .. import labels as member_labels
from ..clock import financial_year
from ..membership.invoice_queries import overdue as overdue_invoices
from . import audit_details, bp, labels, queries
from .forms import band_choices
from .operations import resource_status

RECENT = 10


@bp.context_processor
def staff_helpers():
    return {
        "staff_labels": labels,
        "audit_details": audit_details.describe,
        "audit_target": audit_details.target_name,
        "audit_is_briff_issue": audit_details.is_briff_issue,
        "member_labels": member_labels,
        "resource_status": resource_status,
        "user_status": queries.user_status,
        "membership_year": labels.membership_year,
        "bands": dict(band_choices()),
        "this_year": financial_year(),
    }


@localized_route(bp, {"en": "/staff/", "cy": "/staff/"})
def home():
    return render_template("staff/home.html", entries=queries.latest_audit(RECENT), overdue=overdue_invoices())


@localized_route(bp, {"en": "/staff/audit", "cy": "/staff/archwilio"})
def audit():
    return render_template("staff/audit.html", entries=queries.latest_audit())
