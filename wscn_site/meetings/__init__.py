"""The annual meeting of members: staff set it up and publish the agenda; members send questions to the
Governance Board or the Network team until the deadline; staff moderate, publish the accepted
questions, and after the meeting the answers and the minutes."""
from flask import Blueprint

bp = Blueprint("meetings", __name__)

from . import staff_views, views  # noqa: E402,F401  (register the routes)
