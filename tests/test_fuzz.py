"""Bad input on every form, every URL parameter and every token or id in an address: never a server
error, never reflected unescaped, and no control character (C0, DEL, C1; tabs and line breaks aside)
ever stored.

The forms and parameters are discovered from the pages, public and logged in, on the demo data
(every <form> with its fields, every query string in a link) and the pages reached only by an
emailed link (setting a password from a reset or invitation, confirming and ending a Briff
subscription), then each gets each payload, one field at a time, as the login that sees the page. Each POST form of the portal and the staff
tools gets a copy of the demo database of its own, so that deleting a resource, deactivating a
user or logging out changes nothing for the other forms; after the bad values, it is submitted
once untouched (the click a visitor makes).

With ``WSCN_TEST_DATABASE_URL`` (``make test-postgres``) it all runs on PostgreSQL, which refuses
what SQLite lets by (NUL bytes, numbers too big for a column): the demo data goes into a database
of its own, and each POST form gets a database copied from it (CREATE DATABASE ... TEMPLATE).
"""
import io
import multiprocessing
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask, render_template_string, request
from markupsafe import Markup

from factories import csrf_token
from forms import forms_on
from helpers import find_all
from quality_report import record
from site_pages import SitePage, client_fetch, demo_logins, site_pages
from wscn_site import create_app
from wscn_site.extensions import db
from wscn_site.models import Subscriber, User

pytestmark = pytest.mark.db

MARKUP = '"><script>alert("wscn")</script><img src=x onerror=alert(1)>'
PAYLOADS = [
    "x" * 20_000, "ŵŷ Ŵŷ âêîôûŵŷ " * 50, "\u202e\U0001F600\u00a0\ufeff", "\x00", "a\x00b", "\r\nSet-Cookie: x=1",
    "' OR '1'='1' --", "1; DROP TABLE users", MARKUP, "{{7*7}}{% raw %}", "%s%n%x", "../../etc/passwd",
    "-1", "0", "1e309", "NaN", "-Infinity", "9" * 400, "[]", "{}", "true", "null",
    "\x1b[31m\x07\x7f\x85\x9f", "tab\tand\x01", "fuzz\x01@example.org",  # control characters: C0, DEL, C1
]
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
STORED_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tabs and line breaks may be stored
# Undecodable bytes and wrong shapes; "²" is a digit to str.isdigit() that int() refuses.
RAW_QUERIES = ["%ff%fe", "budget=%ff", "kind=%00", "budget=1&budget=2&kind=a&kind=b", "budget[]=1",
               "kind[$ne]=x", "=&&=", "budget", "page=%C2%B2&organisation=%C2%B2&budget=%C2%B2"]
UNESCAPED = ['<script>alert("wscn")', "<img src=x onerror"]
SHORT = [MARKUP, "x" * 20_000, "\x00", "9" * 400]  # for parameters a logged-in page does not use itself
BAD_IDS = ["0", "9" * 30, str(2**31), str(2**63), "1%00", "%011", "1%7F", "1%C2%85"]
#: Pages reached only by an emailed link, and which token each carries (see ``token_pages``).
TOKEN_PAGES = {"/en/account/reset/{}": "reset", "/cy/cyfrif/croeso/{}": "invite",
               "/cy/briff/tanysgrifio/cadarnhau/{}": "confirm", "/en/briff/unsubscribe/{}": "unsubscribe",
               "/cy/briff/dad-danysgrifio/{}/un-clic": "unsubscribe"}
#: Every anonymous POST form, by its address (either language).
ANONYMOUS_FORMS = ["account/login|cyfrif/mewngofnodi", "account/reset$|cyfrif/ailosod$", "account/reset/|cyfrif/ailosod/",
                   "account/welcome/|cyfrif/croeso/", "briff/subscribe$|briff/tanysgrifio$", "confirm/|cadarnhau/",
                   "briff/unsubscribe/|dad-danysgrifio/"]
COOKIE = "wscn_session"
# Without the rate limits: after 20 tries the log-in and subscription forms would answer 429 and
# the rest of their fields would never reach the form (tests/test_rate_limits.py covers the limits).
CONFIG = {"TESTING": True, "SITE_URL": "https://safercommunities.example", "RATELIMIT_ENABLED": False}
POSTGRES_URL = os.environ.get("WSCN_TEST_DATABASE_URL", "")
ON = "PostgreSQL" if POSTGRES_URL else "SQLite"


class Databases:
    """The demo database and its copies: SQLite files in ``folder``, or PostgreSQL databases made
    from the demo one as a template (which needs nobody connected to it while it is copied)."""

    def __init__(self, folder):
        self.folder, self.made = folder, []
        if POSTGRES_URL:
            self.server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
            self.name = f"wscn_fuzz_{os.getpid()}_{id(self)}"

    def _create(self, name, template=None):
        with self.server.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        self.made.append(name)
        return sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def demo(self):
        if POSTGRES_URL:
            return self._create(self.name)
        return f"sqlite:///{self.folder / 'demo.sqlite3'}"

    def copy(self, number):
        if POSTGRES_URL:
            return self._create(f"{self.name}_{number}", template=self.name)
        target = self.folder / f"copy-{number}.sqlite3"
        shutil.copyfile(self.folder / "demo.sqlite3", target)
        return f"sqlite:///{target}"

    def drop(self):
        if POSTGRES_URL:
            with self.server.connect() as conn:
                for name in reversed(self.made):
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.server.dispose()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo app (``flask demo load``), its anonymous and logged-in ``fetch`` (``fetch.client(user)``
    is a logged-in client) and ``targets``: (page, form or None, parameter names) for every page,
    public and logged in, and its forms and linked queries. Discovered once for the module; the
    tests here only read, or change copies of the database."""
    folder = tmp_path_factory.mktemp("fuzz")
    databases = Databases(folder)
    app = create_app(CONFIG | {"SQLALCHEMY_DATABASE_URI": databases.demo(), "PRIVATE_DIR": folder / "private"})
    with app.app_context():
        db.create_all()
    app.logins = demo_logins(app)
    tokens = token_pages(app)
    fetch = client_fetch(app.test_client(), app.logins)
    targets = []
    for page in site_pages(fetch) + [SitePage(path.format(token)) for path, token in tokens.items()]:
        html = fetch(page.path, page.user)[1]
        for form in forms_on(html, page.path):
            targets.append((page, form, form.names))
        for link in find_all(html, "a"):
            query = urlsplit(link.get("href", "")).query
            if query:
                targets.append((page, None, [k for k, _ in parse_qsl(query, keep_blank_values=True)]))
    yield SimpleNamespace(app=app, fetch=fetch, targets=targets, databases=databases, tokens=tokens)
    with app.app_context():
        db.engine.dispose()
    databases.drop()


def token_pages(app):
    """TOKEN_PAGES with real tokens, for a user and a subscriber of their own (the forms may use them up)."""
    from wscn_site.auth.tokens import make_token
    from wscn_site.briff.subscription_operations import confirm_token

    with app.test_request_context():
        person = User(email="fuzz.tokens@example.org", name="Fuzz", language="en", role="member")
        reader = Subscriber(email="fuzz.reader@example.org", language="cy")
        db.session.add_all([person, reader])
        db.session.commit()
        tokens = {"reset": make_token(person, "reset"), "invite": make_token(person, "invite"),
                  "confirm": confirm_token(reader), "unsubscribe": reader.token}
        db.session.remove()
    return {path: tokens[kind] for path, kind in TOKEN_PAGES.items()}


def stored_control_characters():
    """(table, value) for each text in the database holding a control character other than tabs and line breaks."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, sa.String)]
        for row in db.session.execute(sa.select(*columns)) if columns else ():
            found += [(table.name, value[:80]) for value in row if isinstance(value, str) and STORED_CONTROLS.search(value)]
    return found


def client_for(site, user):
    return site.fetch.client(user) if user else site.app.test_client()


def check(response, sent):
    assert response.status_code < 500, (sent, response.status_code)
    body = response.get_data(as_text=True)
    for marker in UNESCAPED:
        assert marker not in body, f"{sent!r} reflected unescaped"


def submit(client, form, data):
    if form.method == "get":
        return client.get(form.action, query_string=data)
    token = find_all(client.get(form.action).text, "input", name="csrf_token")
    data = data | ({"csrf_token": token[0]["value"]} if token else {})
    return client.post(form.action, data=data)


def post(client, form, data):
    return client.post(form.action, data=data, content_type=form.enctype)


def fuzz_post_form(client, page_path, form):
    """Each bad value in each field with a valid CSRF token (in the CSRF field: as the token; in a file
    field: as a file's name and content), then the form untouched; returns the number of submissions."""
    page = client.get(page_path)
    assert page.status_code == 200, (page_path, page.status_code)  # logged in, where a login is needed
    token, count = csrf_token(page.text), 0
    files = {f.name for f in form.fields if f.kind == "file"}
    for name in form.names:
        for payload in PAYLOADS:
            value = (io.BytesIO(payload.encode("utf-8")), payload) if name in files else payload
            data = form.defaults() | {"csrf_token": token} | {name: value}
            check(post(client, form, data), (form.action, name, payload))
            count += 1
    untouched = post(client, form, form.defaults() | {"csrf_token": token})
    check(untouched, (form.action, "untouched"))
    assert untouched.status_code != 400, (form.action, "the token was refused: nothing was really tried")
    return count + 1


def fuzz_on_a_copy(database_url, private, folder, cookie, page_path, form):
    """fuzz_post_form, logged in with the session ``cookie``, on an app of its own with a copy of the
    demo database and files (run in a worker process: the forms are fuzzed side by side)."""
    shutil.copytree(private, folder / "private")
    app = create_app(CONFIG | {"SQLALCHEMY_DATABASE_URI": database_url, "PRIVATE_DIR": folder / "private"})
    client = app.test_client()
    client.set_cookie(COOKIE, cookie)
    try:
        count = fuzz_post_form(client, page_path, form)
        with app.app_context():
            assert stored_control_characters() == [], form.action
        return count
    finally:
        with app.app_context():
            db.engine.dispose()


def test_every_form_field_survives_bad_input(site):
    """Public forms as a visitor (those of the pages reached by an emailed link too), and the logged-in
    GET forms (library filters) as their login; nothing with a control character is stored."""
    count = 0
    forms = {(f.method, f.action): (page.user, f) for page, f, _ in site.targets
             if f is not None and (page.user is None or f.method == "get")}
    assert forms, "no form found: the discovery is broken"
    assert any(user for user, _ in forms.values()), "no logged-in GET form found: the discovery is broken"
    anonymous = [f.action.split("?")[0] for user, f in forms.values() if user is None and f.method == "post"]
    assert [shape for shape in ANONYMOUS_FORMS if not any(re.search(shape, a) for a in anonymous)] == [], anonymous
    for user, form in forms.values():
        client = client_for(site, user)
        for name in form.names:
            for payload in PAYLOADS:
                check(submit(client, form, form.defaults() | {name: payload}), (form.action, name, payload))
                count += 1
    with site.app.app_context():
        assert stored_control_characters() == []
    record("fuzz (public, GET)", f"{len(forms)} forms, {count} submissions on {ON}, no 500, nothing reflected")


def test_every_portal_and_staff_form_survives_bad_input(site, tmp_path):
    """Every POST form of the portal and the staff tools, as its login, each on its own copy of the data."""
    forms = {}
    for page, form, _ in site.targets:
        if form is not None and page.user and form.method == "post":
            forms.setdefault(form.action, (page, form))
    assert {page.user for page, _ in forms.values()} == set(site.fetch.users), "POST forms of every login expected"
    cookies = {user: site.fetch.client(user).get_cookie(COOKIE).value for user in site.fetch.users}
    with site.app.app_context():
        db.engine.dispose()  # nobody may be connected to a database while it is copied
    copies = [site.databases.copy(number) for number in range(len(forms))]
    workers = min(len(forms), len(os.sched_getaffinity(0)), 4)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        jobs = [pool.submit(fuzz_on_a_copy, copy, site.app.config["PRIVATE_DIR"], tmp_path / f"form-{number}",
                            cookies[page.user], page.path, form)
                for number, (copy, (page, form)) in enumerate(zip(copies, forms.values()))]
        count = sum(job.result() for job in jobs)
    record("fuzz (logged in, POST)", f"{len(forms)} forms, {count} submissions on {ON}, no 500, nothing reflected")


def test_the_form_fuzz_catches_a_server_error_or_an_unescaped_echo():
    """The check itself works, on a form that fails on long input and one that echoes its input unescaped."""
    canary = Flask(__name__)

    @canary.route("/<kind>", methods=["GET", "POST"])
    def form(kind):
        name = request.form.get("name", "")
        if kind == "fails" and len(name) > 10_000:
            raise ValueError("too long")
        shown = Markup(name) if kind == "echoes" else name
        return render_template_string('<form method="post" action="/{{ kind }}"><input type="hidden" '
                                      'name="csrf_token" value="t"><input name="name" value="{{ shown }}"></form>',
                                      kind=kind, shown=shown)

    client = canary.test_client()
    for kind, message in (("fails", "500"), ("echoes", "reflected unescaped"), ("escapes", None)):
        [found] = forms_on(client.get(f"/{kind}").text, f"/{kind}")
        if message is None:
            fuzz_post_form(client, f"/{kind}", found)
            continue
        with pytest.raises(AssertionError, match=message):
            fuzz_post_form(client, f"/{kind}", found)


def test_every_parameter_on_every_page_survives_bad_input(site):
    """Every public parameter (and form field) on every public page; on each logged-in page, as its
    login, every URL parameter of the logged-in pages (their links' and GET forms'): all the payloads
    for the page's own, the short list for the others."""
    public = {name for page, _, names in site.targets if page.user is None for name in names}
    portal = {name for page, form, names in site.targets if page.user and (form is None or form.method == "get")
              for name in names}
    own = {}
    for page, form, names in site.targets:
        own.setdefault((page.path.split("?")[0], page.user), set()).update(
            names if page.user is None or form is None or form.method == "get" else ())
    assert any(user for _, user in own), "no logged-in page found: the discovery is broken"
    for (path, user), names in sorted(own.items(), key=str):
        client = client_for(site, user)
        for name in sorted(public if user is None else portal):
            for payload in PAYLOADS if user is None or name in names else SHORT:
                check(client.get(path, query_string={name: payload}), (path, name, payload))
        for raw in RAW_QUERIES:
            check(client.get(f"{path}?{raw}"), (path, raw))


def test_every_id_in_a_logged_in_address_survives_bad_ids(site):
    """Each address with an id linked from a logged-in page (resources, files, users...): an id
    that does not exist, however large, is a plain 404."""
    shapes = {}
    for page, _, _ in site.targets:
        if page.user:
            for link in find_all(site.fetch(page.path, page.user)[1], "a"):
                path = urlsplit(link.get("href", "")).path
                if re.search(r"/\d+(/|$)", path):
                    shapes.setdefault((re.sub(r"/\d+(?=/|$)", "/{id}", path), page.user), path)
    assert shapes, "no address with an id found: the discovery is broken"
    for (_, user), path in shapes.items():
        for bad in BAD_IDS:
            response = client_for(site, user).get(re.sub(r"/\d+(?=/|$)", f"/{bad}", path, count=1))
            check(response, (path, bad))
            assert response.status_code == 404, (path, bad, response.status_code)


def test_every_token_in_an_address_survives_bad_tokens(site):
    """Each page reached by an emailed link, its token replaced by each payload (GET and POST): never a
    500, and a token holding a control character is a 404 in the page's language."""
    client = site.app.test_client()
    for path in site.tokens:
        for payload in PAYLOADS:
            for method in (client.get, client.post):
                response = method(path.format(quote(payload, safe="")))
                check(response, (path, payload))
                if CONTROLS.search(payload):
                    assert response.status_code == 404, (path, payload, response.status_code)
                    assert f'<html lang="{path[1:3]}"' in response.text, (path, payload)


@pytest.mark.parametrize("lang", ["en", "cy", "xx"])
def test_bad_addresses_are_a_plain_not_found(client, lang):
    for payload in PAYLOADS[:14]:
        response = client.get(f"/{lang}/" + urlencode({"": payload})[1:])
        check(response, payload)
        assert response.status_code == 404


def test_posting_without_a_csrf_token_is_refused_politely(site):
    posts = {f.action: (page.user, f) for page, f, _ in site.targets if f is not None and f.method == "post"}
    assert posts, "no POST form found: the discovery is broken"
    for user, form in posts.values():
        data = {k: v for k, v in form.defaults().items() if not k.endswith("csrf_token")}  # prefixed forms too
        response = client_for(site, user).post(form.action, data=data)
        check(response, form.action)
        assert response.status_code == 400, form.action


def test_bad_headers_are_ignored(client):
    for headers in ({"Accept-Language": MARKUP}, {"Accept-Language": "cy;q=abc,*;q=x"},
                    {"Cookie": f"wscn_lang={MARKUP}"}, {"If-None-Match": MARKUP}):
        for path in ("/", "/en/", "/cy/aelodaeth", "/no-such-page"):
            check(client.get(path, headers=headers), headers)
