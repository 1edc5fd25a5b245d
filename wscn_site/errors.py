"""Error pages in the language of the URL (both languages when the URL names none)."""
import logging

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from .extensions import db

from .i18n import LANGUAGES, in_language, language_from_path, preferred_language
from .request_guard import is_refused_host

MESSAGES = {
    400: (_l("There is a problem with your request"),
          _l("The page could not understand what was sent. Go back, check what you entered and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Your account does not allow you to see this page.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. If you pasted the web address, "
             "check you copied the entire address.")),
    405: (_l("There is a problem with your request"),
          _l("This page cannot be used in that way. Go back and try again.")),
    413: (_l("The file is too large"),
          _l("What you sent is larger than this site accepts. Nothing was saved. "
             "Go back and choose a smaller file.")),
    429: (_l("Too many attempts"),
          _l("You have tried too many times in a short time. Wait a few minutes, then try again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Try again in a few minutes. If the problem continues, email SaferCommunities@wlga.gov.uk.")),
    503: (_l("Sorry, the service is unavailable"),
          _l("Part of the site is unavailable at the moment. Try again later.")),
}


CSRF_MESSAGE = (
    _l("The form has expired"),
    _l("For your security, forms stop working after a while or when sent from another site. "
       "Nothing was saved. Go back, reload the page and try again."),
)
log = logging.getLogger(__name__)


def _code_for(error):
    code = error.code or 500
    if code in MESSAGES:
        return code
    return 500 if code >= 500 else 400


def _texts(code, error=None):
    title, body = CSRF_MESSAGE if isinstance(error, CSRFError) else getattr(error, "messages", MESSAGES[code])
    return {"title": str(title), "body": str(body)}


def render_error(error):
    code = _code_for(error)
    lang = None if is_refused_host() else g.get("lang") or language_from_path(request.path)
    if lang:
        g.lang = lang
        html = render_template("errors/error.html", code=code, **_texts(code, error))
    else:
        first = preferred_language() or "cy"
        order = [first] + [code_ for code_ in LANGUAGES if code_ != first]
        sections = []
        for section_lang in order:
            with in_language(section_lang):
                sections.append({"lang": section_lang, **_texts(code, error)})
        html = render_template("errors/bilingual.html", code=code, sections=sections)
    headers = {"Cache-Control": "no-store"}
    retry_after = getattr(error, "retry_after", None)
    if isinstance(retry_after, int):
        headers["Retry-After"] = str(retry_after)
    valid = getattr(error, "valid_methods", None)
    if error.code == 405 and valid:
        headers["Allow"] = ", ".join(valid)
    return html, error.code or 500, headers


def database_unavailable(error):
    """The database is down or unreachable: a 503 page in the visitor's language, not a stack trace."""
    log.error("database unavailable: %s", error)
    db.session.rollback()
    return render_error(ServiceUnavailable())


def init_app(app):
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(OperationalError, database_unavailable)
