"""Under the production server (serve.py: granian), what a request says about itself
cannot change the pages later visitors get, nor make the server read a large body for a form."""
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from serve import command  # noqa: E402  (the production server, started as `make serve` starts it)
from helpers import free_port, stop_server
HOST = "127.0.0.1"


def request(port, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("server") / "server.log"


@pytest.fixture(scope="module")
def server(server_log):
    tmp = server_log.parent
    port = free_port()
    env = dict(os.environ, WSCN_BIND=f"{HOST}:{port}", WSCN_WORKERS="1", WSCN_THREADS="2",
               WSCN_SECRET_KEY=secrets.token_urlsafe(32), WSCN_SITE_URL="https://safercommunities.example",
               WSCN_DATABASE_URL=f"sqlite:///{tmp / 'site.sqlite3'}", WSCN_PRIVATE_DIR=str(tmp / "private"),
               XDG_RUNTIME_DIR=str(tmp), WSCN_LOG_FORMAT="json")
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen(command(), cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request(port, "GET", "/robots.txt")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp / "server.log").read_text())
                time.sleep(0.1)
        yield port
    finally:
        stop_server(proc, grace=10)
        log.close()


def test_each_request_is_one_json_line_in_the_servers_log(server, server_log):
    """The request lines a real server writes (with nothing but the site's own handler attached, they
    take request_log's direct way to stderr, which pytest's own log capture never sees)."""
    sent = []
    for path in ("/en/about", "/en/about", "/cy/", "/en/no-such-page/Secret0Token0123456789"):
        conn = http.client.HTTPConnection(HOST, server, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        sent.append((response.getheader("X-Request-ID"), path, response.status))
        conn.close()
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in server_log.read_text().splitlines() if line.startswith("{")]
        by_id = {}
        for line in lines:
            by_id.setdefault(line.get("request_id"), []).append(line)
        if all(request_id in by_id for request_id, _, _ in sent) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for request_id, path, status in sent:
        (line,) = by_id[request_id]  # one line each, the page-cache hit's too
        assert (line["logger"], line["method"], line["status"]) == ("wscn_site.requests", "GET", status)
        assert line["path"] == (path if status == 200 else "/en/no-such-page/<redacted>")
        assert line["user_id"] is None and line["duration_ms"] >= 0


def test_a_script_name_header_cannot_poison_the_cached_page(server):
    request(server, "GET", "//evil.example/en/about", {"SCRIPT_NAME": "//evil.example"})
    request(server, "GET", "//evil.example/cy/am-y-rhwydwaith", {"SCRIPT_NAME": "//evil.example"})
    for path in ("/en/about", "/cy/am-y-rhwydwaith"):
        status, html = request(server, "GET", path)
        assert status == 200
        assert "evil.example" not in html
        assert 'href="/static/css/site.css' in html


def test_a_forged_host_is_refused_with_no_redirect(server):
    for path in ("/en", "/en//membership"):
        status, html = request(server, "GET", path, {"Host": "evil.example"})
        assert status == 400 and "evil.example" not in html


def test_a_large_log_in_post_is_refused_before_its_body_is_sent(server):
    """Only the headers are sent: the 413 comes back without the server waiting for the megabyte."""
    with socket.create_connection((HOST, server), timeout=10) as sock:
        sock.sendall(b"POST /en/account/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n")
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")


def test_connections_are_kept_alive_between_requests(server):
    """Keep-alive: a second request goes over the same socket (wrk and nginx rely on it)."""
    conn = http.client.HTTPConnection(HOST, server, timeout=10)
    try:
        conn.request("GET", "/en/about")
        first = conn.getresponse()
        first.read()
        sock = conn.sock
        conn.request("GET", "/cy/am-y-rhwydwaith")
        second = conn.getresponse()
        second.read()
        assert (first.status, second.status) == (200, 200)
        assert first.getheader("Connection", "").lower() != "close"
        assert sock is not None and conn.sock is sock
    finally:
        conn.close()
