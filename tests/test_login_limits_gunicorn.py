"""Over real sockets: the production server (serve.py) with two workers sharing Redis counts failed log-ins exactly, per
source address; and in production it refuses to start with per-process counters."""
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from factories import PASSWORD
from helpers import REDIS_URL, free_port, redis_or_skip

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from serve import command  # noqa: E402  (the production server, started as `make serve` starts it)
pytestmark = pytest.mark.db


def post_login(port, source, email, password):
    """A fresh connection from ``source`` (so either worker may answer): the form, then the POST."""
    def request(method, path, body=None, cookie=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response, response.read().decode()

    page, html = request("GET", "/en/account/login")
    cookie = "; ".join(h.split(";", 1)[0] for h in page.msg.get_all("Set-Cookie") if h.startswith("wscn_session="))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    from urllib.parse import urlencode
    response, _ = request("POST", "/en/account/login", urlencode(
        {"email": email, "password": password, "csrf_token": token}), cookie)
    return response.status


def server_process(env, port):
    return subprocess.Popen(
        command(), cwd=ROOT,
        env={**os.environ, **env, "WSCN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_server_workers_sharing_redis_count_exactly(make_app, request, tmp_path):
    connection = redis_or_skip()
    from factories import build_portal

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    request.addfinalizer(lambda: [connection.delete(key) for key in connection.scan_iter(f"*{prefix}*")])
    app = make_app()
    with app.app_context():
        email = build_portal().users["member"].email
    port = free_port()
    server = server_process({"WSCN_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "WSCN_WORKERS": "2",
                       "WSCN_RATELIMIT_STORAGE_URI": REDIS_URL, "WSCN_RATELIMIT_KEY_PREFIX": prefix,
                       "WSCN_PRODUCTION": "1", "WSCN_LOGIN_LIMIT_PER_IP": "1000 per minute",
                       }, port)
    request.addfinalizer(lambda: (server.terminate(), server.wait(10)))
    deadline = time.monotonic() + 60  # a loaded CI machine starts two workers slowly
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    codes = [post_login(port, "127.0.0.2", email, "wrong password") for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3
    assert post_login(port, "127.0.0.3", email, PASSWORD) == 302


def test_the_server_refuses_memory_counters_with_two_workers_in_production():
    result = subprocess.run(
        command(), cwd=ROOT, timeout=60,
        env={**os.environ, "WSCN_PRODUCTION": "1", "WSCN_WORKERS": "2", "WSCN_RATELIMIT_STORAGE_URI": "memory://",
             "WSCN_BIND": f"127.0.0.1:{free_port()}"}, capture_output=True, text=True)
    assert result.returncode != 0
    assert "WSCN_RATELIMIT_STORAGE_URI" in result.stdout + result.stderr
