"""The members' portal: dashboard, resource library, resource pages and downloads."""
from flask import Blueprint, abort, g
from flask_login import current_user, login_required

bp = Blueprint("members", __name__)


@bp.before_request
@login_required
def require_login():
    """Every portal page needs a logged-in, active user; the database must be reachable."""
    if g.get("database_unavailable"):
        abort(503)
    if not current_user.is_active:
        abort(403)


from . import views  # noqa: E402,F401
