"""Joining and renewing: applications, staff review, invoices and credit notes, renewals, and each
organisation's own people. Public pages (the application form) and portal and staff pages alike;
each view says who may use it (the portal's and the staff area's rules, from access.py)."""
from flask import Blueprint

bp = Blueprint("membership", __name__)


from . import (  # noqa: E402,F401  (register the routes)
    apply_presenting, apply_views, people_views, renew_staff_views, renew_views, review_views,
    invoice_views, invoice_portal_views,
)
