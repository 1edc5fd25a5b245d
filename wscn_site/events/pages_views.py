"""The public event pages: upcoming events (the Markdown page's introduction, then the live list),
past events, an event's page, its ``.ics`` file and a calendar feed per language.

Caching, decided: the list and event pages show places left and whether booking is open, which
change with each booking and with the clock (a booking window closes with no write at all), so
they are never kept: not in the page cache, not by a shared cache (``no-cache``, an ETag for
revalidation, no ``shared_cache.allow``). The ``.ics`` files and the feeds show neither, so they are
kept until the next public change (pages_operations bumps the public version).
"""
from flask import abort, g, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..content import get_store
from ..extensions import db
from ..i18n import localized_route, other_language
from ..models.events import EVENT_KINDS
from ..page_cache import cached_until_public_change
from . import bp, pages_ical, pages_queries
from .pages_labels import KIND_NAMES
from .pages_presenting import (cancelled_in, description, members_only_day, present, present_all, prices,
                               schema)

CONTENT_KEY = "events"
LIST_COMPONENT = "events-list"
LIST = {"en": "/events", "cy": "/digwyddiadau"}
PAST = {"en": "/events/past", "cy": "/digwyddiadau/gorffennol"}
EVENT = {"en": "/events/<int:event_id>", "cy": "/digwyddiadau/<int:event_id>"}
ICS = {"en": "/events/<int:event_id>.ics", "cy": "/digwyddiadau/<int:event_id>.ics"}
FEED = {"en": "/events/calendar.ics", "cy": "/digwyddiadau/calendr.ics"}


def _never_kept(html):
    response = make_response(html)
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)


def _kind():
    kind = request.args.get("kind", "")
    return kind if kind in EVENT_KINDS else ""


def _list_page(template, read, kind):
    """The list, or, while the database is down, the page's introduction and a word that the list
    cannot be shown (the events page is in the main menu: it still serves)."""
    page = get_store().by_key(g.lang, CONTENT_KEY)
    if page is None:
        abort(404)
    try:
        events = present_all(read(kind), g.lang)
    except SQLAlchemyError:
        db.session.rollback()
        events = None
    return _never_kept(render_template(template, page=page, events=events, kind=kind, kinds=KIND_NAMES,
                                       list_component=LIST_COMPONENT))


@localized_route(bp, LIST)
def listing():
    return _list_page("events/page_list.html", pages_queries.upcoming, _kind())


@localized_route(bp, PAST)
def past():
    return _list_page("events/page_past.html", pages_queries.past, _kind())


def _public(event_id):
    event = pages_queries.public_event(event_id)
    if event is None:
        abort(404)
    return event


@localized_route(bp, EVENT)
def event(event_id):
    found = _public(event_id)
    shown = present(found, g.lang, pages_queries.places_taken([found.id]))
    return _never_kept(render_template(
        "events/page_event.html", shown=shown, event=found, description=description(found, g.lang),
        schema=schema(shown, g.lang), prices=prices(found), members_only_day=members_only_day(found),
        cancelled_other=cancelled_in(other_language(g.lang))))


def _calendar_response(body, filename):
    response = make_response(body)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@localized_route(bp, ICS)
@cached_until_public_change
def event_ics(event_id):
    found = _public(event_id)
    return _calendar_response(pages_ical.event_calendar(found, g.lang), f"event-{found.id}-{g.lang}.ics")


@localized_route(bp, FEED)
@cached_until_public_change
def feed():
    name = _("Wales Safer Communities Network events")
    return _calendar_response(pages_ical.feed(pages_queries.calendar_events(), g.lang, name),
                              f"events-{g.lang}.ics")
