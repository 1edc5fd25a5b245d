"""The events' addresses for the public sitemap: the lists and each public event, in both languages."""
from flask import url_for
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..i18n import LANGUAGES
from . import pages_queries


def sitemap_pages():
    """[{lang: path}]. While the database is down only the past-events list is listed (the upcoming
    list is the events Markdown page, listed with the content pages)."""
    pages = [{code: url_for("events.past", lang_code=code) for code in LANGUAGES}]
    try:
        ids = pages_queries.sitemap_ids()
    except SQLAlchemyError:
        db.session.rollback()
        return pages
    return pages + [{code: url_for("events.event", event_id=event_id, lang_code=code) for code in LANGUAGES}
                    for event_id in ids]
