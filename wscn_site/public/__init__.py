"""Public pages: the language chooser, Markdown pages, sitemap and robots.txt."""
from flask import Blueprint

from .components import COMPONENTS

bp = Blueprint("public", __name__)
#: The content check (a core command) learns from here which components pages may place.
bp.record_once(lambda state: state.app.extensions.setdefault("page_components", COMPONENTS))

from . import views  # noqa: E402,F401  (registers the routes)

