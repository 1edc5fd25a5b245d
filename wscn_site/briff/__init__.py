"""The Briff: the weekly update, written once in both languages, published to the web, Atom and email."""
from flask import Blueprint

bp = Blueprint("briff", __name__)

from . import editor_views, reading_views  # noqa: E402,F401  (register the routes)
from . import send_command, subscription_views  # noqa: E402,F401  (subscriptions, and `flask briff send`)
