"""Events and bookings: staff run the Network's events; the public reads them in both languages;
members book places with their organisation's free allowances and discounts."""
from flask import Blueprint

bp = Blueprint("events", __name__)

from . import (  # noqa: E402,F401  (register the routes)
    booking_staff_views, booking_swap_views, booking_views, nonmember_views, pages_staff_views, pages_views,
)
from . import waitlist_views  # noqa: E402,F401
from .pages_sitemap import sitemap_pages  # noqa: E402,F401  (the public sitemap's entry point)


@bp.record_once
def _list_component(state):
    """The events Markdown page places the live list with ``<!-- component: events-list -->``; the
    content check (a core command) learns the name here."""
    components = dict(state.app.extensions.get("page_components", {}))
    components[pages_views.LIST_COMPONENT] = "events/page_list_items.html"
    state.app.extensions["page_components"] = components
