"""The Briff for readers: the archive (with topic filter and search), issue pages and Atom feeds.

An anonymous visitor's archive (without a query string), issue page and feed are the same for
every such visitor, so they are served from the page cache until the next public change: every
operation that changes what they show (publishing, ``flask briff publish-due`` from cron, a
correction, unpublishing) calls ``public_version.bump()`` in its transaction, and every process
drops them within ``PAGE_CACHE_RECHECK_SECONDS``. They also revalidate (ETag, ``no-cache``) and
vary by the session cookie; a logged-in reader's page is never kept.
"""
from datetime import datetime, timezone

from flask import abort, current_app, g, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..i18n import LANGUAGES, localized_route
from ..listing import page_count
from ..page_cache import cached_until_public_change
from ..shared_cache import allow as allow_shared_caches
from . import bp, queries
from ..clock import as_utc
from .presenting import present_all, public_only


def _page(html):
    allow_shared_caches()  # for SHARED_CACHE_SECONDS (nginx's microcache), to anonymous visitors only
    response = make_response(html)
    response.headers["Cache-Control"] = "no-cache"  # "private, no-store" for logged-in readers (security.py)
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)


def issue_title(issue):
    return _("The Briff, issue %(number)s", number=issue.number)


@bp.app_template_global()
def briff_issue_title(issue):
    return issue_title(issue)


@localized_route(bp, {"en": "/briff/", "cy": "/briff/"})
@cached_until_public_change
def archive():
    filters = queries.Filters.from_args(request.args)
    issues, total, matches = queries.archive(current_user, g.lang, filters)
    listed = {issue.id: present_all([i for i in issue.items if issue.id not in matches or i.id in matches[issue.id]],
                                    current_user, g.lang)
              for issue in issues}
    pages = page_count(total, queries.PAGE_SIZE)
    return _page(render_template(
        "briff/archive.html", filters=filters, issues=issues, listed=listed, total=total, pages=pages,
        topics=queries.used_topics(current_user),
        return_to=url_for("briff.archive", **filters.link_args())))


@localized_route(bp, {"en": "/briff/<int:number>", "cy": "/briff/<int:number>"})
@cached_until_public_change
def issue(number):
    found = queries.published_issue(number)
    if found is None:
        abort(404)
    return _page(render_template("briff/issue.html", issue=found,
                                 items=present_all(found.items, current_user, g.lang), return_to=request.path))


def _atom_time(value):
    return as_utc(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@localized_route(bp, {"en": "/briff/feed.atom", "cy": "/briff/feed.atom"})
@cached_until_public_change
def feed():
    """Atom 1.0, one entry per issue, public items only: the same for everyone, logged in or not."""
    site, entries = current_app.config["SITE_URL"], []
    for found in queries.latest_published():
        path = url_for("briff.issue", number=found.number)
        html = render_template("briff/_issue_body.html", issue=found, items=public_only(found.items, g.lang),
                               lang=g.lang, level=2, return_to=path, base_url=site, viewer=None)
        changed = max(as_utc(found.published_at), as_utc(found.corrected_at or found.published_at))
        entries.append({"path": path, "title": issue_title(found), "html": html,
                        "published": _atom_time(found.published_at), "updated": _atom_time(changed)})
    updated = max((e["updated"] for e in entries), default=_atom_time(datetime(2026, 1, 1)))
    xml = render_template("briff/feed.xml", entries=entries, updated=updated, site=site)
    response = make_response(xml)
    response.mimetype = "application/atom+xml"
    allow_shared_caches()
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


def briff_sitemap_pages():
    """{lang: path} for the archive and each published issue (addresses only, never their text).

    The sitemap must serve while the database is down: then only the archive is listed.
    """
    pages = [{code: url_for("briff.archive", lang_code=code) for code in LANGUAGES}]
    try:
        numbers = queries.sitemap_numbers()
    except SQLAlchemyError:
        db.session.rollback()
        return pages
    return pages + [{code: url_for("briff.issue", number=number, lang_code=code) for code in LANGUAGES}
                    for number, _updated in numbers]
