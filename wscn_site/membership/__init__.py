"""Joining and renewing: applications, staff review, invoices and credit notes, renewals, and each
organisation's own people. Public pages (the application form) and portal and staff pages alike;
each view says who may use it (the portal's and the staff area's rules, from access.py)."""
from flask import Blueprint

bp = Blueprint("membership", __name__)


from . import invoice_views, invoice_portal_views  # noqa: E402,F401
