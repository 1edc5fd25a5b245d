"""Staff tools: resources and their files, organisations, users and the audit log.

Only Network staff may use them. Anonymous visitors are sent to the login page;
anyone else logged in gets a 404, so the area's existence is not revealed.
"""
from flask import Blueprint, abort, g
from flask_login import current_user, login_required

bp = Blueprint("staff", __name__)


@bp.before_request
@login_required
def require_staff():
    if g.get("database_unavailable"):
        abort(503)
    if not current_user.is_active or not current_user.is_staff:
        abort(404)


from . import views, resource_views, people_views  # noqa: E402,F401
