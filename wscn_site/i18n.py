"""Language from the URL: ``/cy/...`` and ``/en/...``.

The first path segment names the language. A URL value preprocessor moves it
into ``g.lang``; URL defaults put it back when building URLs; the Babel locale
selector reads it. Counterpart URLs (the same page in the other language) come
from the view when slugs differ (content pages set ``g.alternates``), otherwise
from the endpoint with the language swapped.

The language is remembered (``wscn_lang``) only when the visitor chooses it: on the choice page
at ``/`` or with the language link, both of which go through ``switch_language`` (which sets the
cookie and redirects to the counterpart page). Ordinary pages set no cookie, so a shared cache may
keep them (shared_cache.py). The hreflang alternates in each page's head stay direct links.
"""
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, url_for
from flask_babel import force_locale, get_translations
from jinja2.ext import _make_new_gettext, _make_new_ngettext
from werkzeug.routing import BaseConverter

from .extensions import babel
from .security import is_safe_redirect

LANGUAGES = ("cy", "en")
LANG_COOKIE = "wscn_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}
#: The address that remembers a choice and goes on to ``?to=`` (a page in that language).
SWITCH_PATHS = {"cy": "/cy/dewis-iaith", "en": "/en/choose-language"}


class LangConverter(BaseConverter):
    """Matches only the language codes the site publishes."""

    regex = "cy|en"


def other_language(lang):
    return "en" if lang == "cy" else "cy"


def current_language():
    return g.get("lang") or "en"


#: The Babel locale of each site language: British English, so dates read "26 November 2026".
BABEL_LOCALES = {"cy": "cy", "en": "en_GB"}


def select_locale():
    return BABEL_LOCALES[current_language()]


def in_language(lang):
    """Render in a site language (a reader's or an email recipient's), whatever the request's language."""
    return force_locale(BABEL_LOCALES.get(lang, lang))


def _pull_lang(endpoint, values):
    if values and "lang_code" in values:
        g.lang = values.pop("lang_code")


def _push_lang(endpoint, values):
    if "lang_code" in values or not g.get("lang"):
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        values["lang_code"] = g.lang


def remember_language(response, lang):
    """Remember the visitor's chosen language (a strictly necessary cookie)."""
    response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE, samesite="Lax", httponly=True,
                        secure=current_app.config["PRODUCTION"])
    return response


def switch_language():
    """Remember the language of this address and go on to ``to``, a page of the site in it (the
    language's home page when ``to`` is missing, another site's, or in the other language)."""
    target = request.args.get("to", "")
    if not (is_safe_redirect(target) and language_from_path(urlsplit(target).path) == g.lang):
        target = f"/{g.lang}/"
    response = redirect(target, 303)
    response.headers["Cache-Control"] = "no-store"
    return remember_language(response, g.lang)


def switch_url(lang, target):
    """The link that chooses ``lang`` and then shows ``target`` (a path, with its query string)."""
    return url_for("switch_language", lang_code=lang, to=target)


def preferred_language():
    """The remembered choice, then Accept-Language; None when neither says cy or en."""
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES)


def language_from_path(path):
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def alternate_paths():
    """Path of the current page in each language (without query string)."""
    if "alternates" in g:
        return g.alternates
    lang = g.get("lang") or language_from_path(request.path)
    if not lang:
        return {}
    if request.url_rule is not None and request.endpoint:
        args = dict(request.view_args or {})
        return {code: url_for(request.endpoint, **args, lang_code=code) for code in LANGUAGES}
    rest = request.path.lstrip("/").split("/", 1)
    tail = rest[1] if len(rest) > 1 else ""
    return {code: f"/{code}/{tail}" for code in LANGUAGES}


def _bound_gettext():
    """``_``, ``gettext`` and ``ngettext`` for this render, bound to the request's catalogue once: the
    ones Flask-Babel installs look up the request, locale and catalogue again on each of a page's
    hundred strings (a fifth of a portal page's time). Same behaviour: Jinja's newstyle wrappers
    (autoescaping, ``%(name)s`` variables). Imported macros keep using the installed ones."""
    translations = get_translations()
    gettext = _make_new_gettext(translations.ugettext)
    return {"_": gettext, "gettext": gettext, "ngettext": _make_new_ngettext(translations.ungettext)}


def _template_context():
    lang = g.get("lang")
    paths = alternate_paths() if lang else {}
    site = current_app.config["SITE_URL"]
    other = other_language(lang) if lang else None
    toggle = paths.get(other) if other else None
    if toggle and request.query_string:
        toggle = f"{toggle}?{request.query_string.decode('latin-1')}"
    if toggle:
        toggle = switch_url(other, toggle)
    return {
        **_bound_gettext(),
        "lang": lang,
        "other_lang": other,
        "language_names": LANGUAGE_NAMES,
        "alternate_urls": {code: site + path for code, path in paths.items()},
        "toggle_url": toggle,
        "site_url": site,
    }


def init_app(app):
    app.url_map.converters["lang"] = LangConverter
    babel.init_app(app, locale_selector=select_locale)
    app.url_value_preprocessor(_pull_lang)
    app.url_defaults(_push_lang)
    app.context_processor(_template_context)
    app.jinja_env.globals["switch_language_url"] = switch_url
    for lang, path in SWITCH_PATHS.items():
        app.add_url_rule(path, "switch_language", switch_language, defaults={"lang_code": lang})


def localized_route(blueprint, paths, **options):
    """Register a view under a path per language: ``{"en": "/members/", "cy": "/aelodau/"}``.

    Each language gets its own rule (``/en/members/``, ``/cy/aelodau/``) carrying its
    ``lang_code`` as a default, so ``url_for`` picks the rule of the current language.
    """
    missing = set(LANGUAGES) - set(paths)
    if missing:
        raise ValueError(f"no path for {', '.join(sorted(missing))}")

    def register(view):
        endpoint = options.pop("endpoint", view.__name__)
        for lang in LANGUAGES:
            blueprint.add_url_rule(
                f"/{lang}{paths[lang]}", endpoint, view, defaults={"lang_code": lang}, **options
            )
        return view

    return register
