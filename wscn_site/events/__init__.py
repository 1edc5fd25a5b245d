"""Events and bookings: staff run the Network's events; the public reads them in both languages;
members book places with their organisation's free allowances and discounts."""
from flask import Blueprint

bp = Blueprint("events", __name__)


from . import booking_staff_views, booking_swap_views, booking_views  # noqa: E402,F401  (register the routes)
