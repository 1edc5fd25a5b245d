from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for

from ..briff import sitemap_pages as briff_sitemap_pages
from ..content import get_store
from ..events import sitemap_pages as events_sitemap_pages
from ..i18n import LANGUAGES, preferred_language
from ..page_cache import mark_cacheable
from ..shared_cache import allow as allow_shared_caches
from . import bp
from .components import COMPONENTS, component_context


@bp.app_context_processor
def menus():
    """Main and footer menus, from the pages' front matter, in the current language."""
    lang = g.get("lang")
    if not lang:
        return {}
    store = get_store()
    def content_path(key):
        page = store.by_key(lang, key)
        return page.path if page else f"/{lang}/"

    return {"main_menu": store.menu(lang, "nav"), "footer_menu": store.menu(lang, "footer"),
            "home_page": store.get(lang, ""), "content_path": content_path}


@bp.get("/")
def choose_language():
    """Send visitors to their language; ask, bilingually, when nothing says which."""
    lang = preferred_language()
    if lang:
        response = redirect(url_for("public.page", lang_code=lang, slug=""))
    else:
        response = make_response(render_template("public/choose_language.html"))
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.get("/<lang:lang_code>/", defaults={"slug": ""})
@bp.get("/<lang:lang_code>/<path:slug>")
def page(slug):
    content = get_store().get(g.lang, slug)
    if content is None:
        abort(404)
    g.alternates = get_store().alternates(content)
    context = component_context(content)
    html = render_template("public/page.html", page=content, components=COMPONENTS, **context)
    response = make_response(html)
    response.headers["Cache-Control"] = "no-cache"  # shared caches: see shared_cache.py
    if not request.args:
        response.add_etag()
        mark_cacheable()
    return response.make_conditional(request)


@bp.get("/sitemap.xml")
def sitemap():
    store = get_store()
    pages = [p for p in store.pages if p.lang in LANGUAGES]
    xml = render_template("public/sitemap.xml", pages=pages, store=store, briff_pages=briff_sitemap_pages() + events_sitemap_pages(),
                          site=current_app.config["SITE_URL"])
    response = make_response(xml)
    response.mimetype = "application/xml"
    allow_shared_caches()
    return response


@bp.get("/robots.txt")
def robots():
    text = render_template("public/robots.txt", site=current_app.config["SITE_URL"])
    response = make_response(text)
    response.mimetype = "text/plain"
    allow_shared_caches()
    return response
