"""Only the site's own hosts are answered, proxies are believed only when configured, and the script
root comes from configuration, never from the request."""
import pytest

SITE = "https://safercommunities.example"


@pytest.mark.parametrize("path", ["/en", "/en//membership", "/cy", "/en/", "/", "/en/login"])
def test_a_forged_host_gets_a_bilingual_400_never_a_redirect_to_it(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "evil.example" not in response.text
    text = response.text.replace("&#39;", "'")
    assert '<section lang="en"' in text and '<section lang="cy"' in text
    assert "There is a problem with your request" in text
    assert "wscn_lang" not in response.headers.get("Set-Cookie", "")


def test_a_forged_host_is_refused_before_the_form_is_read(client):
    response = client.post("/en/login", headers={"Host": "evil.example"}, data={"email": "a@b.example"})
    assert response.status_code == 400 and "evil.example" not in response.text


def test_the_sites_own_host_and_its_aliases_are_answered(make_app):
    app = make_app(HOST_ALIASES=["www.safercommunities.example"])
    client = app.test_client()
    assert client.get("/en/", base_url=SITE).status_code == 200
    redirect = client.get("/en", base_url="https://www.safercommunities.example")
    assert redirect.status_code == 308
    assert redirect.headers["Location"] in ("/en/", "https://www.safercommunities.example/en/")
    assert client.get("/en/", base_url="https://other.safercommunities.example").status_code == 400


def test_localhost_is_answered_only_outside_production(make_app):
    assert make_app().test_client().get("/en/").status_code == 200
    production = make_app(PRODUCTION=True, WORKERS=1).test_client()
    assert production.get("/en/").status_code == 400
    assert production.get("/en/", base_url="http://127.0.0.1:8000").status_code == 400
    assert production.get("/en/", base_url=SITE).status_code == 200


def add_echo_route(app):
    from flask import request

    @app.get("/en/_test-client")
    def echo():
        return f"{request.remote_addr} {request.scheme}"


FORWARDED = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https"}


def test_forwarded_headers_are_ignored_by_default(app):
    add_echo_route(app)
    assert app.test_client().get("/en/_test-client", headers=FORWARDED).text == "127.0.0.1 http"


def test_forwarded_headers_are_believed_from_the_configured_number_of_proxies(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    add_echo_route(app)
    client = app.test_client()
    assert client.get("/en/_test-client", headers=FORWARDED).text == "203.0.113.9 https"
    assert client.get("/en/_test-client").text == "127.0.0.1 http"


@pytest.mark.parametrize("script_name", ["//evil.example", "/prefix"])
def test_a_script_name_from_the_request_never_reaches_the_pages(client, script_name):
    """As a server that took SCRIPT_NAME from a request header would call the app (under gunicorn:
    test_production_server.py): the script name stays part of the path, which is no page."""
    poisoned = client.get("/en/about", environ_overrides={"SCRIPT_NAME": script_name})
    assert poisoned.status_code == 404 and script_name not in poisoned.text
    html = client.get("/en/about").text
    assert script_name not in html
    assert 'href="/en/account/login"' in html


def test_hosts_remembered_as_allowed_never_let_another_through(client):
    """The guard remembers allowed Host headers (at most 64); a forged one is refused however many
    allowed ones came first, and an allowed one past the limit is still answered."""
    for port in range(8000, 8080):
        assert client.get("/en/", headers={"Host": f"safercommunities.example:{port}"}).status_code == 200
        assert client.get("/en/", headers={"Host": f"evil.example:{port}"}).status_code == 400
    assert client.get("/en/", headers={"Host": "safercommunities.example"}).status_code == 200
    assert client.get("/en/", headers={"Host": "safercommunities.example.evil.example"}).status_code == 400
