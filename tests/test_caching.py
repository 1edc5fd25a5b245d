"""Public pages are built once and revalidated with ETags; per-visitor requests are never shared.

Each test counts the page cache's hits (``app.extensions["page_cache"].hits``), so with the cache off
(``WSCN_PAGE_CACHE=0``) they fail rather than pass for the wrong reason.
"""
import markdown
import pytest


def hits(app):
    return app.extensions["page_cache"].hits


def test_pages_carry_an_etag_and_answer_304(app, client):
    first = client.get("/en/about")
    etag = first.headers["ETag"]
    # browsers revalidate every time; a shared cache (nginx's microcache) may keep it 5 s
    assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
    again = client.get("/en/about", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert hits(app) == 1


def test_anonymous_visitors_get_the_same_bytes_every_time(app, client):
    first = client.get("/cy/aelodaeth")
    second = client.get("/cy/aelodaeth")
    assert hits(app) == 1
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert second.headers.getlist("Set-Cookie") == first.headers.getlist("Set-Cookie")


def test_head_requests_get_headers_without_body(app, client):
    client.get("/en/")
    head = client.head("/en/")
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) > 1000
    assert hits(app) == 1


def test_a_request_does_no_markdown_work(app, monkeypatch):
    """The Markdown is rendered at start-up: breaking the renderer afterwards changes nothing."""
    client = app.test_client()

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown rendered during a request")

    monkeypatch.setattr(markdown, "markdown", refuse)
    monkeypatch.setattr(markdown.Markdown, "convert", refuse)
    for path in ("/en/", "/cy/aelodaeth", "/en/membership?budget=300"):
        assert client.get(path).status_code == 200


def test_public_pages_need_no_database(make_app):
    """Pointed at a database that does not exist, every public page still serves."""
    app = make_app(create_tables=False, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = app.test_client()
    for path in ("/en/", "/cy/", "/en/membership?budget=10", "/sitemap.xml", "/robots.txt", "/en/", "/cy/"):
        assert client.get(path).status_code == 200, path
    assert hits(app) == 2


@pytest.mark.parametrize("forged", [{"headers": {"Host": "evil.example"}},
                                    {"environ_overrides": {"SCRIPT_NAME": "//evil.example"}},
                                    {"headers": {"X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "//evil.example"}}])
def test_what_a_request_says_about_itself_cannot_poison_cached_pages(app, client, forged):
    client.get("/en/about", **forged)
    html = client.get("/en/about").text
    assert client.get("/en/about").text == html
    assert hits(app) >= 1  # the page was cached, and is what every later visitor gets
    assert "evil.example" not in html
    assert 'href="https://safercommunities.example/en/about"' in html
    assert 'href="/en/account/login"' in html


@pytest.mark.parametrize("path", ["/en/membership?budget=250", "/en/membership?budget=%3Cb%3E"])
def test_answers_to_the_calculator_are_not_cached_as_the_page(app, client, path):
    client.get(path)
    client.get("/en/membership")
    plain = client.get("/en/membership").text
    assert hits(app) == 1
    assert "Your membership fee" not in plain and "There is a problem" not in plain


def test_session_holders_are_not_served_cached_bytes(app):
    """A visitor with a session (say, a pending message) gets a fresh page, never someone else's."""
    from flask import flash, redirect

    @app.get("/en/_test-flash")
    def set_flash():
        flash("A message only for this visitor")
        return redirect("/en/about")

    anonymous = app.test_client()
    anonymous.get("/en/about")  # fills the cache
    assert anonymous.get("/en/about").status_code == 200 and hits(app) == 1
    visitor = app.test_client()
    response = visitor.get("/en/_test-flash")
    assert "wscn_session=" in response.headers.get("Set-Cookie", "")
    assert "A message only for this visitor" in visitor.get("/en/about").text
    assert "A message only for this visitor" not in anonymous.get("/en/about").text
    assert "A message only for this visitor" not in app.test_client().get("/en/about").text
    assert hits(app) == 3  # the anonymous visitors, not the visitor with a session
