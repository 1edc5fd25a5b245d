"""Every page a quality check visits, discovered from the site itself (never listed by hand).

``site_pages(fetch)`` takes the bilingual language choice at ``/`` (for a visitor whose browser
asks for neither language), the sitemap's pages (both languages), a 404 in each language and
the bilingual 404 outside both, every page linked from those (the members' log-in page...),
and submits each GET form found on those pages twice: filled in, and left empty
(for the fee calculator: an answer and an error). ``fetch(path)`` returns ``(status, html)``
from the Flask test client (``client_fetch``) or a live server (``http_fetch``), so the fast
checks and the browser checks visit the same list.

Logged-in pages: write ``portal_pages(fetch)`` (following the members' and staff menus with a
logged-in ``fetch``) and add it to ``SOURCES``; every check then covers those pages too.
"""
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from forms import forms_on
from helpers import find_all

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MISSING = ["/en/no-such-page", "/cy/dim-tudalen-o-gwbl", "/no-such-page"]
TYPED = "250"  # what a visitor might type into a text field
MAX_PAGES = 300


@dataclass(frozen=True)
class SitePage:
    path: str
    status: int = 200

    @property
    def lang(self):
        """"cy" or "en"; "cy+en" for the bilingual pages outside both."""
        first = self.path.lstrip("/").split("/", 1)[0]
        return first if first in ("cy", "en") else "cy+en"

    @property
    def name(self):
        """A file name for the page's screenshot or saved HTML."""
        return re.sub(r"[^A-Za-z0-9]+", "-", self.path).strip("-") or "root"


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
    """Pages linked from the pages found so far (and from those...) that answer 200."""
    known = {page.path for page in pages}
    queue, found = [page.path for page in pages if page.status == 200], []
    while queue and len(known) < MAX_PAGES:
        for link in find_all(fetch(queue.pop(0))[1], "a"):
            url = urlsplit(link.get("href", ""))
            path = url.path + (f"?{url.query}" if url.query else "")
            if url.scheme or url.netloc or not url.path.startswith("/") or url.path.startswith("/static/"):
                continue
            if path not in known:
                known.add(path)
                if fetch(path)[0] == 200:
                    found.append(SitePage(path))
                    queue.append(path)
    return found


def form_pages(fetch, pages):
    """Each GET form, once per action, submitted filled in and left empty."""
    found, seen = [], set()
    for page in pages:
        for form in forms_on(fetch(page.path)[1], page.path):
            if form.method != "get" or form.action in seen:
                continue
            seen.add(form.action)
            for typed in (TYPED, ""):
                data = form.defaults() | {name: typed for name in form.text_fields()}
                separator = "&" if "?" in form.action else "?"
                path = form.action + separator + urlencode(data)
                found.append(SitePage(path))
    return found


SOURCES = [language_choice, sitemap_pages, error_pages]


def site_pages(fetch):
    pages = [page for source in SOURCES for page in source(fetch)]
    pages += linked_pages(fetch, pages)
    return pages + form_pages(fetch, pages)


def client_fetch(client):
    """Each request from a new visitor (no remembered language), through the Flask test client."""

    def fetch(path):
        response = client.application.test_client().get(path)
        return response.status_code, response.get_data(as_text=True)

    return fetch


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the redirect itself, as the test client does


def http_fetch(base_url):
    """Each request from a new visitor, to a live server; redirects are not followed."""
    opener = urllib.request.build_opener(_NoRedirect)

    def fetch(path):
        try:
            with opener.open(base_url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    return fetch
