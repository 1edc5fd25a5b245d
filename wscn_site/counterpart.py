"""The same page in the other language, for an address the site handed out earlier (such as the
page a visitor returns to after logging in, which may have been named in the other language)."""
from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from .content import get_store
from .i18n import language_from_path


def _path(endpoint, args, lang):
    if endpoint == "public.page":
        page = get_store().get(args["lang_code"], args["slug"])
        other = get_store().counterparts(page).get(lang) if page else None
        return other.path if other else None
    return url_for(endpoint, **(args | {"lang_code": lang}))


def same_page_in(path, lang):
    """``path`` (with its query string) as the same page in ``lang``; ``path`` itself when it is in
    ``lang`` already, or names no page of the site."""
    url = urlsplit(path)
    if language_from_path(url.path) in (None, lang):
        return path
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(url.path, method="GET")
    except (HTTPException, RequestRedirect):
        return path
    found = _path(endpoint, args, lang)
    return found + (f"?{url.query}" if url.query else "") if found else path
