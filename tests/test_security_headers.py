"""Security headers on every kind of response."""
import pytest

from site_pages import client_fetch, site_pages

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def _discovered_paths(content_pages):
    return [p.path for p in content_pages] + [
        "/", "/sitemap.xml", "/robots.txt", "/en/no-such-page", "/nowhere", "/en/membership?budget=x",
    ]


def test_every_response_carries_the_security_headers(app, client, content_pages):
    discovered = [page.path for page in site_pages(client_fetch(client))]  # sitemap, errors, form answers
    for path in _discovered_paths(content_pages) + discovered:
        for attempt in range(2):  # the second answer may come from the page cache
            response = client.get(path)
            for name, value in EXPECTED.items():
                assert response.headers.get(name) == value, (path, name)
            csp = response.headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp
            assert "script-src 'self'" in csp and "style-src 'self'" in csp
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
            assert "Strict-Transport-Security" not in response.headers
    assert app.extensions["page_cache"].hits >= len(content_pages)  # second answers came from the cache


def test_static_files_carry_the_headers(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client, content_pages):
    for page in content_pages:
        html = client.get(page.path).text
        assert "<script" not in html
        assert "<style" not in html and " style=" not in html


def test_production_adds_hsts_and_secure_cookies(make_app):
    app = make_app(PRODUCTION=True, SESSION_COOKIE_SECURE=True, WORKERS=1)
    from wscn_site import security  # noqa: F401
    client = app.test_client()
    response = client.get("/en/", base_url="https://safercommunities.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    for path in ("/en/account/login", "/cy/dewis-iaith?to=/cy/"):  # the session, the language chosen
        cookie = client.get(path, base_url="https://safercommunities.example").headers["Set-Cookie"]
        assert "Secure" in cookie, path


@pytest.mark.parametrize("target,safe", [
    ("/en/members/", True), ("/cy/", True), ("//evil.example/", False), ("https://evil.example/", False),
    ("/\\evil.example", False), ("javascript:alert(1)", False), ("", False), ("/en/\nSet-Cookie:x", False),
    ("/en/\rSet-Cookie:x", False), ("/en/members/\x00", False), ("/en/members/\x85", False),
])
def test_safe_redirect_targets(target, safe):
    from wscn_site.security import is_safe_redirect

    assert is_safe_redirect(target) is safe


@pytest.mark.db
def test_no_cache_keeps_a_page_made_for_a_logged_in_person(demo_app):
    """Every page of the portal and the staff tools, and public pages seen while logged in: nothing a
    member or staff may read stays in a proxy or in the browser's cache after they log out."""
    fetch = client_fetch(demo_app.test_client(), demo_app.logins)
    logged_in = [page for page in site_pages(fetch) if page.user]
    assert {page.user for page in logged_in} == {"member", "lead", "staff"}
    for user in fetch.users:
        for page in [p for p in logged_in if p.user == user]:
            response = fetch.client(user).get(page.path)
            assert response.headers.get("Cache-Control") == "private, no-store", (user, page.path)
        for path in ("/en/", "/cy/aelodaeth", "/en/briff/2", "/cy/briff/"):
            response = fetch.client(user).get(path)
            assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store", path
    anonymous = demo_app.test_client()
    # revalidated by browsers, kept a few seconds by a shared cache (shared_cache.py)
    assert anonymous.get("/en/briff/2").headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert anonymous.get("/static/css/site.css").headers.get("Cache-Control") != "private, no-store"
