"""The Briff: the weekly update, written once in both languages, published to the web, Atom and email."""
from flask import Blueprint

bp = Blueprint("briff", __name__)

from . import editor_views, reading_views  # noqa: E402,F401  (register the routes)
from . import subscription_views  # noqa: E402,F401  (subscriptions)

#: The public sitemap lists the published issues (the Briff's one entry point for other features).
sitemap_pages = reading_views.briff_sitemap_pages
