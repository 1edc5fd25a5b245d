"""One JSON line per request on stderr, page-cache hits included, carrying the request id that the
response sends as X-Request-ID, and none of a password, token, cookie value or email address."""
import json
import re

import pytest
from flask.testing import FlaskClient

from factories import PASSWORD, csrf_token, log_in
from test_briff_subscriptions import _confirmed, post_button
from test_password_reset import NEW_PASSWORD, ask_for_reset, link_in, set_password

pytestmark = pytest.mark.db
HOST = {"Host": "safercommunities.example"}


class BufferedClient(FlaskClient):
    """Reads and closes each response as a server does (the line is written when the body is sent)."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def lines(capsys):
    """The JSON lines written to stderr since the last call."""
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]


def requests_in(records):
    return [r for r in records if r["logger"] == "wscn_site.requests"]


@pytest.fixture
def json_app(make_app):
    def build(**overrides):
        application = make_app(LOG_FORMAT="json", **overrides)
        application.test_client_class = BufferedClient
        return application
    return build


def test_each_request_is_one_line_with_its_id_sent_back(json_app, capsys):
    app = json_app()
    client = app.test_client()
    capsys.readouterr()
    response = client.get("/en/membership?budget=250&email=someone@example.org")
    [line] = requests_in(lines(capsys))
    assert set(line) == {"time", "level", "logger", "request_id", "method", "path", "status", "duration_ms",
                         "user_id"}
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", line["request_id"])
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/en/membership", 200, None)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert 0 < line["duration_ms"] < 10_000


def test_a_safe_incoming_request_id_is_kept_and_any_other_replaced(json_app, capsys):
    client = json_app().test_client()
    assert client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a.b_9"}).headers["X-Request-ID"] == "nginx-4f2a.b_9"
    for unsafe in ("a b", "x" * 65, "<script>", "id;rm", "é"):
        sent_back = client.get("/healthz", headers={"X-Request-ID": unsafe}).headers["X-Request-ID"]
        assert sent_back != unsafe and re.fullmatch(r"[0-9a-f]{16}", sent_back)
    ids = [line["request_id"] for line in requests_in(lines(capsys))]
    assert ids[0] == "nginx-4f2a.b_9" and len(set(ids)) == 6


def test_page_cache_hits_are_logged_one_line_each(json_app, capsys):
    app = json_app()
    client = app.test_client()
    client.get("/cy/aelodaeth")
    capsys.readouterr()
    hits_before = app.extensions["page_cache"].hits
    responses = [client.get("/cy/aelodaeth") for _ in range(3)]
    assert app.extensions["page_cache"].hits == hits_before + 3
    logged = requests_in(lines(capsys))
    assert [(r["path"], r["status"]) for r in logged] == [("/cy/aelodaeth", 200)] * 3
    assert [r["request_id"] for r in logged] == [r.headers["X-Request-ID"] for r in responses]
    cached = app.extensions["page_cache"].entries[("", "/cy/aelodaeth")]
    assert not any(name == "X-Request-ID" for name, _ in cached.headers)  # not kept in the cached page


def test_the_logged_in_users_id_is_logged_and_no_secret_is(json_app, capsys, portal):
    app = json_app()
    client = app.test_client()
    member = portal.users["member"]
    assert log_in(client, member.email).status_code == 302
    client.get("/en/members/")
    output = capsys.readouterr().err
    logged = requests_in([json.loads(line) for line in output.splitlines() if line.startswith("{")])
    assert [(r["method"], r["path"], r["user_id"]) for r in logged] == [
        ("GET", "/en/account/login", None), ("POST", "/en/account/login", member.id),
        ("GET", "/en/members/", member.id)]
    cookie = client.get_cookie("wscn_session").value
    for secret in (PASSWORD, member.email, cookie, "wscn_session"):
        assert secret not in output


def test_reset_and_unsubscribe_tokens_never_reach_the_log(json_app, capsys, portal, smtp_server):
    host, port, mailbox = smtp_server
    app = json_app(MAIL_SERVER=host, MAIL_PORT=port)
    client = app.test_client()
    email = portal.users["member"].email
    ask_for_reset(client, email)
    app.test_cli_runner().invoke(args=["mail", "send"])
    link = link_in(mailbox.messages[0])
    token = link.rsplit("/", 1)[1]
    assert set_password(client, link).status_code == 302
    unsubscribe_token = _confirmed(app, "leaving@example.org")
    post_button(client, f"/en/briff/unsubscribe/{unsubscribe_token}")
    client.post(f"/cy/briff/dad-danysgrifio/{unsubscribe_token}/un-clic")
    client.get(f"/en/briff/unsubscribe/{unsubscribe_token}/nothing-here")  # no route: still redacted
    output = capsys.readouterr().err
    paths = [r["path"] for r in requests_in([json.loads(x) for x in output.splitlines() if x.startswith("{")])]
    assert "/en/account/reset/<token>" in paths and "/cy/briff/dad-danysgrifio/<token>/un-clic" in paths
    assert "/en/briff/unsubscribe/<redacted>/nothing-here" in paths
    for secret in (token, unsubscribe_token, email, "leaving@example.org", PASSWORD, NEW_PASSWORD,
                   csrf_token(client.get("/en/account/login").text)):
        assert secret not in output, secret


def test_an_unhandled_error_is_logged_with_the_request_id(json_app, capsys):
    app = json_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/en/account/reset/<token>/boom")
    def boom(token):
        raise RuntimeError("something broke")

    token = "ImFiYyI.secret-token-value-0123456789"
    response = app.test_client().get(f"/en/account/reset/{token}/boom")
    assert response.status_code == 500
    output = capsys.readouterr().err
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    [error] = [r for r in records if r["level"] == "error"]
    [line] = requests_in(records)
    assert error["request_id"] == line["request_id"] == response.headers["X-Request-ID"]
    assert "RuntimeError: something broke" in error["exception"]
    assert error["message"] == "Exception on /en/account/reset/<token>/boom [GET]"
    assert line["status"] == 500 and token not in output


def test_the_text_format_is_one_readable_line(make_app, capsys):
    app = make_app(LOG_FORMAT="text")
    app.test_client_class = BufferedClient
    response = app.test_client().get("/healthz")
    [line] = [x for x in capsys.readouterr().err.splitlines() if "/healthz" in x]
    assert re.fullmatch(rf"\d\d:\d\d:\d\d INFO GET /healthz 200 [\d.]+ ms user=- "
                        rf"id={response.headers['X-Request-ID']}", line)


def test_request_ids_differ_across_requests_and_forked_workers():
    """Ids are made without the random source per request: a random part per process, made afresh in
    each forked worker (as granian's are), then a counter."""
    import os

    from wscn_site.request_log import SAFE_REQUEST_ID, new_request_id

    ids = {new_request_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(SAFE_REQUEST_ID.fullmatch(i) and len(i) == 16 for i in ids)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker
        os.write(write, new_request_id().encode())
        os._exit(0)
    os.waitpid(child, 0)
    from_worker = os.read(read, 64).decode()
    os.close(read)
    os.close(write)
    assert from_worker[:8] != new_request_id()[:8] and from_worker not in ids
