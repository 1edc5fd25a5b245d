"""Staff tools: resources and their files, organisations, users, failed emails and the audit log.

Only Network staff may use them. Anonymous visitors are sent to the login page;
anyone else logged in gets a 404, so the area's existence is not revealed.
"""
from flask import Blueprint

from ..access import require_staff

bp = Blueprint("staff", __name__)
bp.before_request(require_staff)


from . import views, resource_views, people_views, email_views  # noqa: E402,F401
