"""Consultations: staff publish the Network's draft response to an external consultation, members
of current organisations comment on it until an internal deadline, and staff export the comments
and attach the final response, which members download and adapt."""
from flask import Blueprint

bp = Blueprint("consultations", __name__)

from . import staff_views, views  # noqa: E402,F401  (register the routes)
