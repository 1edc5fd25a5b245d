"""Bad input on every form and every URL parameter: never a server error, never reflected unescaped.

The forms and parameters are discovered from the pages (every <form> with its fields, every
query string in a link), then each gets each payload, one field at a time.
"""
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from forms import forms_on
from helpers import find_all
from quality_report import record
from site_pages import client_fetch, site_pages

MARKUP = '"><script>alert("wscn")</script><img src=x onerror=alert(1)>'
PAYLOADS = [
    "x" * 20_000, "ŵŷ Ŵŷ âêîôûŵŷ " * 50, "\u202e\U0001F600\u00a0\ufeff", "\x00", "a\x00b", "\r\nSet-Cookie: x=1",
    "' OR '1'='1' --", "1; DROP TABLE users", MARKUP, "{{7*7}}{% raw %}", "%s%n%x", "../../etc/passwd",
    "-1", "0", "1e309", "NaN", "-Infinity", "9" * 400, "[]", "{}", "true", "null",
]
RAW_QUERIES = ["%ff%fe", "budget=%ff", "kind=%00", "budget=1&budget=2&kind=a&kind=b", "budget[]=1",
               "kind[$ne]=x", "=&&=", "budget"]  # undecodable bytes and wrong shapes
UNESCAPED = ['<script>alert("wscn")', "<img src=x onerror"]


@pytest.fixture
def targets(app):
    """(page path, form or None, parameter names) for every page, form and linked query."""
    fetch = client_fetch(app.test_client())
    found = []
    for page in site_pages(fetch):
        html = fetch(page.path)[1]
        for form in forms_on(html, page.path):
            found.append((page.path, form, form.names))
        for link in find_all(html, "a"):
            query = urlsplit(link.get("href", "")).query
            if query:
                found.append((page.path, None, [k for k, _ in parse_qsl(query, keep_blank_values=True)]))
    return found


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


def test_every_form_field_survives_bad_input(app, targets):
    client, count = app.test_client(), 0
    forms = {(f.method, f.action): f for _, f, _ in targets if f is not None}
    assert forms, "no form found: the discovery is broken"
    for form in forms.values():
        for name in form.names:
            for payload in PAYLOADS:
                check(submit(client, form, form.defaults() | {name: payload}), (form.action, name, payload))
                count += 1
    record("fuzz", f"{len(forms)} forms, {count} submissions, no 500, nothing reflected")


def test_every_parameter_on_every_page_survives_bad_input(app, targets):
    client = app.test_client()
    names = sorted({name for _, _, names in targets for name in names})
    pages = sorted({path for path, _, _ in targets})
    for path in pages:
        for name in names:
            for payload in PAYLOADS:
                check(client.get(path.split("?")[0], query_string={name: payload}), (path, name, payload))
        for raw in RAW_QUERIES:
            check(client.get(f"{path.split('?')[0]}?{raw}"), (path, raw))


@pytest.mark.parametrize("lang", ["en", "cy", "xx"])
def test_bad_addresses_are_a_plain_not_found(client, lang):
    for payload in PAYLOADS[:14]:
        response = client.get(f"/{lang}/" + urlencode({"": payload})[1:])
        check(response, payload)
        assert response.status_code == 404


def test_posting_without_a_csrf_token_is_refused_politely(app, targets):
    client = app.test_client()
    posts = {f.action: f for _, f, _ in targets if f is not None and f.method == "post"}
    if not posts:
        pytest.skip("no POST form among the discovered pages yet")
    for form in posts.values():
        response = client.post(form.action, data=form.defaults())
        check(response, form.action)
        assert response.status_code == 400, form.action


def test_bad_headers_are_ignored(client):
    for headers in ({"Accept-Language": MARKUP}, {"Accept-Language": "cy;q=abc,*;q=x"},
                    {"Cookie": f"wscn_lang={MARKUP}"}, {"If-None-Match": MARKUP}):
        for path in ("/", "/en/", "/cy/aelodaeth", "/no-such-page"):
            check(client.get(path, headers=headers), headers)
