"""Every page a quality check visits, discovered from the site itself (never listed by hand).

``site_pages(fetch)`` takes the bilingual language choice at ``/`` (for a visitor whose browser
asks for neither language), every page of the sitemap (both languages), a 404 in each language
and the bilingual 404 outside both, every kind of page linked from those (the members' log-in
page, the Briff archive filtered by topic...),
and submits each GET form found on those pages twice: filled in, and left empty
(for the fee calculator: an answer and an error). ``fetch(path)`` returns ``(status, html)``
from the Flask test client (``client_fetch``) or a live server (``http_fetch``), so the fast
checks and the browser checks visit the same list.

Logged-in pages: ``portal_pages(fetch)`` logs in as each of ``fetch.users`` (a member, an
organisation's lead and Network staff, from ``demo_logins``: the demo data of ``flask demo load``) and follows the links of the
members' portal and the staff tools from their front pages in both languages. Links to files
(downloads) and to the page's own POST forms' actions are not followed, and nothing but the log-in
form is ever posted: logging out and every change (delete, unpublish, deactivate...) are POST
forms, and their URLs answer a GET with a redirect or a confirmation page, never a change.
A page is kept when its kind is new: its address with the ids taken out, and the set of HTML
elements it uses (so one resource page of each sort: with a video, with documents...), at most
``MAX_PORTAL_PAGES`` in all. ``fetch(path, user)`` fetches as that login; ``SitePage.user`` says
which login sees a page (None: an anonymous visitor).
"""
import http.cookiejar
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from forms import forms_on
from helpers import find_all, parse

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MISSING = ["/en/no-such-page", "/cy/dim-tudalen-o-gwbl", "/no-such-page"]
TYPED = "250"  # what a visitor might type into a text field
MAX_PAGES = 500  # public pages (every event now has its booking forms for non-members)
PORTAL_ROOTS = ["/en/members/", "/cy/aelodau/", "/en/staff/", "/cy/staff/"]
LOGIN_PATH = "/en/account/login"
MAX_PORTAL_PAGES = 240  # pages kept, all logins together (the portal and staff tools of every feature)
MAX_PORTAL_FETCHES = 500  # links followed per login (the staff tools of every feature)
#: Text-level elements that say nothing about a page's kind (a summary with bold words is still a summary).
INLINE = {"strong", "em", "b", "i", "code", "br", "span", "abbr", "small", "sub", "sup", "time"}
FILE_LINK = re.compile(r"\.[A-Za-z0-9]{2,5}$")  # a link to a file (download, captions), not a page


@dataclass(frozen=True)
class SitePage:
    path: str
    status: int = 200
    user: str = None  # the login that sees the page ("member", "staff"); None: an anonymous visitor

    @property
    def lang(self):
        """"cy" or "en"; "cy+en" for the bilingual pages outside both."""
        first = self.path.lstrip("/").split("/", 1)[0]
        return first if first in ("cy", "en") else "cy+en"

    @property
    def name(self):
        """A file name for the page's screenshot or saved HTML."""
        name = re.sub(r"[^A-Za-z0-9]+", "-", self.path).strip("-") or "root"
        return f"{self.user}--{name}" if self.user else name


def sitemap_pages(fetch):
    status, xml = fetch("/sitemap.xml")
    assert status == 200, "no sitemap"
    root = ET.fromstring(xml.encode("utf-8"))
    paths = [urlsplit(loc.text.strip()).path for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert {p.split("/")[1] for p in paths} == {"cy", "en"}, "the sitemap must list both languages"
    return [SitePage(path) for path in paths]


def language_choice(fetch):
    return [SitePage("/")]


def error_pages(fetch):
    return [SitePage(path, 404) for path in MISSING]


def linked_pages(fetch, pages):
    """Pages linked from the public pages found so far (and from those...) that answer 200 with HTML,
    one of each kind (``_kind``): the log-in page once, not once for every page it would return to."""
    known = {page.path for page in pages}
    queue = [page.path for page in pages if page.status == 200 and page.user is None]
    kinds, found = {_kind(path, fetch(path)[1]) for path in queue}, []
    while queue and len(known) < MAX_PAGES:
        for link in find_all(fetch(queue.pop(0))[1], "a"):
            url = urlsplit(link.get("href", ""))
            path = url.path + (f"?{url.query}" if url.query else "")
            if url.scheme or url.netloc or not url.path.startswith("/") or url.path.startswith("/static/"):
                continue
            if path not in known:
                known.add(path)
                status, html = fetch(path)
                if _is_page(status, html) and _kind(path, html) not in kinds:  # a page, not a feed or a file
                    kinds.add(_kind(path, html))
                    found.append(SitePage(path))
                    queue.append(path)
    return found


def _is_page(status, html):
    return status == 200 and html.lstrip()[:15].lower() == "<!doctype html>"


def _kind(path, html):
    """What makes a page a new kind of page: its address without ids or query values, and its elements."""
    url = urlsplit(path)
    keys = sorted(key for key, _ in parse_qsl(url.query, keep_blank_values=True))
    shape = re.sub(r"/\d+(?=/|$)", "/{id}", url.path) + "?" + ",".join(keys)
    return shape, frozenset(tag for tag, _ in parse(html).tags) - INLINE


def portal_pages(fetch):
    """Each kind of page of the members' portal and the staff tools, as each login sees them."""
    found, kinds = [], set()
    for user in getattr(fetch, "users", ()):
        queue, known, kept, fetched = list(PORTAL_ROOTS), set(PORTAL_ROOTS), 0, 0
        while queue and fetched < MAX_PORTAL_FETCHES and len(found) < MAX_PORTAL_PAGES:
            path, fetched = queue.pop(0), fetched + 1
            status, html = fetch(path, user)
            if not _is_page(status, html):
                continue
            if _kind(path, html) not in kinds:
                kinds.add(_kind(path, html))
                found.append(SitePage(path, user=user))
                kept += 1
            posted = {form.action for form in forms_on(html, path) if form.method == "post"}
            for link in find_all(html, "a"):
                url = urlsplit(link.get("href", ""))
                target = url.path + (f"?{url.query}" if url.query else "")
                if (url.scheme or url.netloc or FILE_LINK.search(url.path) or target in known or target in posted
                        or not url.path.startswith(tuple(PORTAL_ROOTS))):
                    continue
                known.add(target)
                queue.append(target)
        assert kept, f"logged in as {user}, no portal page answered: is the login broken?"
    return found


def form_pages(fetch, pages):
    """Each GET form, once per action, submitted filled in (text typed, a choice made) and left empty."""
    found, seen, known = [], set(), {page.path for page in pages}
    for page in pages:
        for form in forms_on(fetch(page.path, page.user)[1], page.path):
            if form.method != "get" or form.action in seen:
                continue
            seen.add(form.action)
            filled = {f.name: next((o for o in f.options if o), f.value) for f in form.fields if f.kind == "select"}
            for data in (form.defaults() | filled | {name: TYPED for name in form.text_fields()},
                         form.defaults() | {name: "" for name in form.text_fields()}):
                separator = "&" if "?" in form.action else "?"
                path = form.action + separator + urlencode(data)
                if path not in known:
                    known.add(path)
                    found.append(SitePage(path, user=page.user))
    return found


SOURCES = [language_choice, sitemap_pages, error_pages, portal_pages]


def site_pages(fetch):
    pages = [page for source in SOURCES for page in source(fetch)]
    pages += linked_pages(fetch, pages)
    return pages + form_pages(fetch, pages)


def demo_logins(app):
    """Load the demo data (``flask demo load``) into the app's database; the logins portal_pages uses.

    {"member": (email, password), "lead": (...), "staff": (...)}: the first demo account of each role
    (the lead also sees its organisation's people pages).
    """
    from wscn_site.demo.data import load_demo

    with app.app_context():
        accounts = load_demo()
    logins = {}
    for email, password, role in accounts:
        logins.setdefault(role, (email, password))
    return {user: logins[user] for user in ("member", "lead", "staff")}


def log_in(get, post, email, password):
    """Log in through the real form (CSRF token and all); ``get(path)`` -> html, ``post(path, data)`` -> status."""
    form = next(f for f in forms_on(get(LOGIN_PATH), LOGIN_PATH) if f.method == "post")
    email_field = next(f.name for f in form.fields if f.kind == "email")
    password_field = next(f.name for f in form.fields if f.kind == "password")
    status = post(form.action, form.defaults() | {email_field: email, password_field: password})
    assert status == 302, f"logging in as {email} answered {status}"


def client_fetch(client, logins=None):
    """Through the Flask test client: each anonymous request from a new visitor (no remembered
    language); ``fetch(path, user)`` from a client logged in once as ``logins[user]`` (email, password)."""
    app, sessions = client.application, {}

    def session(user):
        if user not in sessions:
            sessions[user] = app.test_client()
            log_in(lambda path: sessions[user].get(path).get_data(as_text=True),
                   lambda path, data: sessions[user].post(path, data=data).status_code, *logins[user])
        return sessions[user]

    def fetch(path, user=None):
        response = (session(user) if user else app.test_client()).get(path)
        return response.status_code, response.get_data(as_text=True)

    fetch.users = tuple(logins or ())
    fetch.client = session
    return fetch


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the redirect itself, as the test client does


def http_fetch(base_url, logins=None):
    """To a live server, redirects not followed: each anonymous request from a new visitor;
    ``fetch(path, user)`` with the cookies of one log-in as ``logins[user]`` (email, password).
    ``fetch.cookies(user)`` gives that session's cookies as {name: value}."""
    anonymous, jars, openers = urllib.request.build_opener(_NoRedirect), {}, {}

    def request(opener, path, data=None):
        body = urlencode(data).encode() if data is not None else None
        try:
            with opener.open(base_url + path, data=body, timeout=10) as response:
                return response.status, response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", errors="replace")

    def opener_for(user):
        if user not in openers:
            jars[user] = http.cookiejar.CookieJar()
            openers[user] = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(jars[user]))
            log_in(lambda path: request(openers[user], path)[1],
                   lambda path, data: request(openers[user], path, data)[0], *logins[user])
        return openers[user]

    def fetch(path, user=None):
        return request(opener_for(user) if user else anonymous, path)

    def cookies(user):
        opener_for(user)
        return {cookie.name: cookie.value for cookie in jars[user]}

    fetch.users = tuple(logins or ())
    fetch.cookies = cookies
    return fetch
