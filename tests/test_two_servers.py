"""Two app servers (the production server, `make serve`, two workers each) on two ports, sharing one PostgreSQL database, Redis
for the rate limits and one storage: whichever server a request reaches, it gets the same answer.

A session made on one works on the other, a file uploaded on one downloads from the other, a Briff
issue published on one is read on the other within a second (its archive was in the other's page
cache), and failed log-ins are counted across both. Twice: with one private folder, and with one S3
bucket (moto's server), each server then staging uploads in a folder of its own.
"""
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from factories import PASSWORD, PDF, build_portal, csrf_token
from test_briff_reading import item, make_issue
from helpers import REDIS_URL, redis_or_skip
import serve
from helpers import free_port
from object_store import objects_in
from test_login_limits_gunicorn import post_login
from wscn_site import create_app
from wscn_site.extensions import db

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("WSCN_TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ATTACKER = "127.0.0.9"


@pytest.fixture(scope="module")
def database_url(storage_env):
    """A PostgreSQL database of its own (one for each storage), migrated with ``flask db upgrade``,
    dropped afterwards."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        admin.connect().close()
    except sa.exc.OperationalError:
        admin.dispose()
        if os.environ.get("WSCN_REQUIRE_SERVICES"):
            raise
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    name = f"wscn_two_servers_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                       env={**os.environ, "WSCN_DATABASE_URL": url}, capture_output=True, timeout=120)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["folder", "s3"])
def storage_env(request, tmp_path_factory):
    """The storage both servers share, as environment settings: one local private folder, or one
    bucket of moto's S3 server."""
    if request.param == "folder":
        return {"WSCN_PRIVATE_DIR": str(tmp_path_factory.mktemp("shared-private"))}
    settings = request.getfixturevalue("moto_server").config()
    return {f"WSCN_{name}": value for name, value in settings.items()} | {
        "WSCN_PRIVATE_DIR": str(tmp_path_factory.mktemp("seeder-staging"))}  # each server stages in its own


@pytest.fixture(scope="module")
def site(database_url, storage_env, tmp_path_factory):
    """The seeded data and two servers: ``site.ports`` (a, b), ``site.portal``, ``site.issue_id``."""
    redis = redis_or_skip()
    prefix = f"test-two-servers-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, **storage_env, "WSCN_DATABASE_URL": database_url,
           "WSCN_SECRET_KEY": secrets.token_urlsafe(32), "WSCN_SITE_URL": "http://127.0.0.1",
           "WSCN_RATELIMIT_STORAGE_URI": REDIS_URL, "WSCN_RATELIMIT_KEY_PREFIX": prefix,
           "WSCN_LOGIN_LIMIT_PER_IP": "1000 per minute", "WSCN_WORKERS": "2", "WSCN_THREADS": "2"}
    with pytest.MonkeyPatch.context() as patch:  # the seeding app reads the same settings as the servers
        for name, value in env.items():
            patch.setenv(name, value)
        seeder = create_app({"TESTING": True})
    with seeder.app_context():
        portal = build_portal()
        issue = make_issue(77, [item("Shared across servers")], published=False, day=date(2026, 12, 10))
        db.session.commit()
        issue_id = issue.id
        db.session.remove()
        db.engine.dispose()
    logs = tmp_path_factory.mktemp("server-logs")
    ports, servers = (free_port(), free_port()), []
    try:
        for port in ports:
            log = open(logs / f"{port}.log", "wb")
            own = {"WSCN_PRIVATE_DIR": str(logs / f"staging-{port}")} if "WSCN_STORAGE_URL" in storage_env else {}
            servers.append(subprocess.Popen(
                serve.command(), cwd=ROOT,
                env={**env, "WSCN_BIND": f"127.0.0.1:{port}", "XDG_RUNTIME_DIR": str(logs), **own},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        for port, server in zip(ports, servers):
            wait_for(port, server, logs / f"{port}.log")
        yield type("Site", (), {"ports": ports, "portal": portal, "issue_id": issue_id, "logs": logs,
                                "storage": {name[len("WSCN_"):]: value for name, value in storage_env.items()}})
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        for key in redis.scan_iter(f"*{prefix}*"):
            redis.delete(key)


def wait_for(port, server, log):
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/robots.txt", timeout=5)
            return
        except requests.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(log.read_text())
            time.sleep(0.1)


def url(port, path):
    return f"http://127.0.0.1:{port}{path}"


def logged_in(port, email):
    """A requests session logged in through the form on ``port``."""
    session = requests.Session()
    token = csrf_token(session.get(url(port, "/en/account/login")).text)
    response = session.post(url(port, "/en/account/login"), allow_redirects=False,
                            data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.text
    return session


def same_cookie(session):
    """A new client holding only the session cookie of ``session`` (as a browser would send it to either)."""
    other = requests.Session()
    other.cookies.set("wscn_session", session.cookies["wscn_session"])
    return other


def test_a_session_made_on_one_server_downloads_on_the_other(site):
    a, b = site.ports
    member = logged_in(a, site.portal.users["member"].email)
    elsewhere = same_cookie(member)
    stored = site.portal.files["briefing"]
    response = elsewhere.get(url(b, f"/en/members/files/{stored.id}/{stored.name}"))
    assert response.status_code == 200 and response.content == PDF
    without = requests.get(url(b, f"/en/members/files/{stored.id}/{stored.name}"), allow_redirects=False)
    assert without.status_code == 302 and "/en/account/login" in without.headers["Location"]


def test_a_file_uploaded_on_one_server_is_listed_and_downloaded_on_the_other(site):
    a, b = site.ports
    staff = logged_in(a, site.portal.users["staff"].email)
    token = csrf_token(staff.get(url(a, "/en/staff/resources/new")).text)
    title = f"Uploaded on one server {uuid.uuid4().hex[:6]}"
    response = staff.post(url(a, "/en/staff/resources/new"), allow_redirects=False, data={
        "csrf_token": token, "title_cy": f"{title} (cy)", "title_en": title, "summary_cy": "Crynodeb.",
        "summary_en": "A summary.", "kind": "briefing", "audience": "members", "publish": "yes",
        "video_language": "bilingual"}, files={"document_en": ("shared.pdf", PDF, "application/pdf")})
    assert response.status_code == 302, response.text
    assert title in same_cookie(staff).get(url(b, "/en/staff/resources")).text
    member = logged_in(b, site.portal.users["member"].email)
    library = member.get(url(b, "/en/members/library")).text
    assert title in library
    page = re.search(r'href="(/en/members/resources/\d+)"[^>]*>\s*' + re.escape(title), library).group(1)
    link = re.search(r'href="(/en/members/files/\d+/shared\.pdf)"', member.get(url(b, page)).text).group(1)
    assert same_cookie(member).get(url(a, link)).content == PDF
    if "STORAGE_URL" in site.storage:  # in the bucket, and in neither server's folder
        assert [obj.read_bytes() for obj in objects_in(site.storage)].count(PDF) >= 2  # the seeded one too
        assert not [path for path in site.logs.glob("staging-*/**/*") if path.is_file()]


def test_an_issue_published_on_one_server_is_read_on_the_other_within_a_second(site):
    a, b = site.ports
    for _ in range(8):  # fresh connections: both of b's workers keep the archive in their page cache
        archive = requests.get(url(b, "/en/briff/"))
        assert archive.status_code == 200 and "issue 77" not in archive.text
    staff = logged_in(a, site.portal.users["staff"].email)
    issue_page = url(a, f"/en/staff/briff/{site.issue_id}")
    token = csrf_token(staff.get(issue_page).text)
    published = staff.post(f"{issue_page}/publish", data={"csrf_token": token}, allow_redirects=False)
    assert published.status_code == 302
    start = time.monotonic()
    while "issue 77" not in requests.get(url(b, "/en/briff/")).text:
        assert time.monotonic() - start < 1, "the other server still serves the archive without the new issue"
        time.sleep(0.05)
    for _ in range(4):  # every worker of b, whichever answers
        assert "issue 77" in requests.get(url(b, "/en/briff/")).text
    issue = requests.get(url(b, "/en/briff/77"))
    assert issue.status_code == 200 and "Shared across servers" in issue.text


def test_failed_log_ins_are_counted_across_both_servers(site):
    a, b = site.ports
    email = site.portal.users["lapsed"].email
    codes = [post_login(port, ATTACKER, email, "wrong password") for port in (a, b, a, b, a, b, a)]
    assert codes == [200] * 5 + [429, 429]
    assert post_login(b, "127.0.0.10", email, PASSWORD) == 302  # the owner, elsewhere, still logs in
