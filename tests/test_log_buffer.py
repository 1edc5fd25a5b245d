"""Under the production server, request lines are written in batches (log_buffer.py): none is lost,
each comes within WSCN_LOG_FLUSH_SECONDS, and those still waiting when the server stops are written."""
import http.client
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from serve import command  # noqa: E402
from helpers import free_port, stop_server  # noqa: E402

HOST = "127.0.0.1"


def start(tmp, flush_seconds):
    port = free_port()
    env = dict(os.environ, WSCN_BIND=f"{HOST}:{port}", WSCN_WORKERS="1", WSCN_LOG_FORMAT="json",
               WSCN_LOG_FLUSH_SECONDS=str(flush_seconds), WSCN_SECRET_KEY=secrets.token_urlsafe(32),
               WSCN_SITE_URL="https://safercommunities.example", WSCN_PRIVATE_DIR=str(tmp / "private"),
               WSCN_DATABASE_URL=f"sqlite:///{tmp / 'site.sqlite3'}", XDG_RUNTIME_DIR=str(tmp))
    log = tmp / "server.log"
    with open(log, "wb") as handle:
        proc = subprocess.Popen(command(), cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            get(port, "/robots.txt")
            return port, proc, log
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)


def get(port, path):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.getheader("X-Request-ID")
    finally:
        conn.close()


def request_ids(log):
    return [json.loads(line)["request_id"] for line in log.read_text().splitlines()
            if line.startswith("{") and '"wscn_site.requests"' in line]


def test_request_lines_wait_at_most_the_flush_time_and_come_in_order(tmp_path):
    port, proc, log = start(tmp_path, flush_seconds=3)
    try:
        time.sleep(3.5)  # the start-up request's line is written
        before = request_ids(log)
        sent = [get(port, path) for path in ("/en/", "/cy/", "/en/membership", "/en/about")]
        assert request_ids(log) == before  # held: no write per request
        deadline = time.monotonic() + 6
        while request_ids(log) == before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert request_ids(log) == before + sent  # all of them, once each, in the order answered
    finally:
        stop_server(proc)


def test_lines_still_waiting_are_written_when_the_server_stops(tmp_path):
    port, proc, log = start(tmp_path, flush_seconds=60)
    try:
        sent = [get(port, "/en/") for _ in range(3)]
    finally:
        stop_server(proc)
    assert request_ids(log)[-3:] == sent
