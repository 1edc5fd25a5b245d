"""The deployment of docs/deploy.md, run for real: deploy/nginx/wscn.conf in Debian's nginx in front
of `make serve`, over TLS. Static files, private downloads by X-Accel-Redirect, the microcache."""
import re
import time
from datetime import date

import pytest
import sqlalchemy as sa

import factories
from nginx_stack import ACCEL_PREFIX, ROOT, Browser, start_stack, stop_stack
from wscn_site import create_app
from wscn_site.briff import operations as briff
from wscn_site.extensions import db
from wscn_site.models import DownloadRecord, User

pytestmark = pytest.mark.slow  # about 15 s: a production server, nginx and waits for the microcache
CACHE_SECONDS = 2
NAME = "Gwenllian Prosser"
WELSH_FILE_NAME = "Canllaw ŵyn a ŷd.pdf"
CONTENT = factories.PDF + bytes(range(256)) * 40


@pytest.fixture(scope="module")
def stack():
    running = start_stack(shared_cache_seconds=CACHE_SECONDS)
    try:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": running.database_url,
                          "PRIVATE_DIR": running.private_dir, "SITE_URL": running.site_url})
        with app.app_context():
            db.create_all()
            org = factories.organisation()
            factories.user("gwenllian@example.org", org=org, name=NAME)
            factories.user("staff@example.org", role="staff")
            item = factories.resource("Safer streets guide")
            db.session.flush()
            stored = factories.attach(item, CONTENT, WELSH_FILE_NAME)
            db.session.commit()
            running.app, running.file = app, (stored.id, stored.storage_name)
        yield running
    finally:
        stop_stack(running)


@pytest.fixture(scope="module")
def member(stack):
    browser = Browser(stack)
    browser.log_in("gwenllian@example.org", factories.PASSWORD)
    return browser


def download_path(stack):
    return f"/en/members/files/{stack.file[0]}/{WELSH_FILE_NAME}".replace(" ", "%20").replace(
        "ŵ", "%C5%B5").replace("ŷ", "%C5%B7")


def records(stack):
    with stack.app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(DownloadRecord))


def test_plain_http_goes_to_the_site_address(stack):
    answer = stack.get("/en/membership?x=1", via="http")
    assert answer.status == 301 and answer.header("Location") == f"{stack.site_url}/en/membership?x=1"


def test_static_files_come_from_nginx_with_a_long_life_under_versioned_names(stack):
    page = stack.get("/en/").text
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', page).group(1)
    answer = stack.get(css)
    assert answer.status == 200
    assert answer.body == (ROOT / "wscn_site" / "static" / "css" / "site.css").read_bytes()
    assert answer.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("Content-Security-Policy") is None  # nginx's answer, not the app's
    assert stack.get("/static/css/site.css").header("Cache-Control") == "public, max-age=3600"


def test_a_member_downloads_through_nginx_and_each_download_is_recorded_once(stack, member):
    before = records(stack)
    whole = member.get(download_path(stack))
    assert whole.status == 200 and whole.body == CONTENT
    assert whole.header("Content-Type") == "application/pdf"
    assert whole.header("Content-Disposition") == (
        "attachment; filename=\"Canllaw wyn a yd.pdf\"; filename*=UTF-8''Canllaw%20%C5%B5yn%20a%20%C5%B7d.pdf")
    assert whole.header("Cache-Control") == "private, no-store"
    assert whole.header("X-Content-Type-Options") == "nosniff"
    assert records(stack) == before + 1

    later = member.get(download_path(stack), {"Range": "bytes=100-"})
    assert later.status == 206 and later.body == CONTENT[100:]
    assert later.header("Content-Range") == f"bytes 100-{len(CONTENT) - 1}/{len(CONTENT)}"
    assert records(stack) == before + 1  # the rest of a download already counted
    resumed = member.get(download_path(stack), {"Range": "bytes=5-9", "If-Range": whole.header("ETag")})
    assert resumed.status == 206 and resumed.body == CONTENT[5:10]
    assert records(stack) == before + 1  # nginx's own ETag: the app judged If-Range as nginx did
    start = member.get(download_path(stack), {"Range": "bytes=0-9"})
    assert start.status == 206 and start.body == CONTENT[:10]
    assert records(stack) == before + 2


def test_the_private_location_answers_only_the_app(stack, member):
    storage_name = stack.file[1]
    for path in (f"{ACCEL_PREFIX}{storage_name[:2]}/{storage_name}", ACCEL_PREFIX, f"{ACCEL_PREFIX}{storage_name}"):
        assert stack.get(path).status == 404, path
        assert member.get(path).status == 404, path
    anonymous = stack.get(download_path(stack))
    assert anonymous.status in (302, 404) and CONTENT not in anonymous.body


def test_the_app_itself_answers_with_no_body_but_the_headers(stack, member):
    cookie = "; ".join(f"{k}={v}" for k, v in member.cookies.items())
    answer = stack.get(download_path(stack), {"Cookie": cookie}, via="app")
    assert answer.status == 200 and answer.body == b""
    storage_name = stack.file[1]
    assert answer.header("X-Accel-Redirect") == f"{ACCEL_PREFIX}{storage_name[:2]}/{storage_name}"
    assert answer.header("Content-Disposition").startswith("attachment; ")
    assert answer.header("Cache-Control") == "private, no-store"


def test_anonymous_public_pages_come_from_the_microcache_without_cookies(stack):
    first = stack.get("/cy/aelodaeth")
    again = stack.get("/cy/aelodaeth")
    assert first.status == again.status == 200 and first.body == again.body
    assert again.header("X-Cache") == "HIT"
    assert again.header("Cache-Control") == f"public, max-age=0, s-maxage={CACHE_SECONDS}"
    assert again.header("Set-Cookie") is None and "Cookie" not in (again.header("Vary") or "")
    assert stack.get("/cy/aelodaeth?budget=100").header("X-Cache") == "BYPASS"


def test_what_a_member_sees_never_reaches_anyone_else(stack, member):
    paths = ["/en/members/", "/en/", "/en/membership", "/en/briff/", "/cy/aelodau/"]
    for path in paths:
        seen = member.get(path)
        assert seen.status == 200 and seen.header("X-Cache") == "BYPASS", path
        assert seen.header("Cache-Control") == "private, no-store"
    assert NAME in member.get("/en/members/").text
    for _ in range(2):
        for path in paths:
            answer = stack.get(path)
            assert NAME not in answer.text and "Log out" not in answer.text and "Allgofnodi" not in answer.text
            if path.startswith(("/en/members/", "/cy/aelodau/")):
                assert answer.status == 302 and re.search(r"/(login|mewngofnodi)\?", answer.header("Location"))


def test_an_answer_that_sets_a_cookie_is_never_shared(stack):
    first, second = stack.get("/en/account/login"), stack.get("/en/account/login")
    cookies = [a.header("Set-Cookie") for a in (first, second)]
    assert all(c and c.startswith("wscn_session=") for c in cookies) and cookies[0] != cookies[1]
    assert second.header("X-Cache") != "HIT"


def test_a_published_briff_issue_shows_through_nginx_within_the_cache_lifetime(stack):
    stack.get("/en/briff/")
    assert stack.get("/en/briff/").header("X-Cache") == "HIT"  # so the cache is really in the way
    assert "Issue 77" not in stack.get("/en/briff/").text
    with stack.app.app_context():
        staff = db.session.scalar(sa.select(User).where(User.email == "staff@example.org"))
        issue = briff.create_issue(77, date(2026, 11, 27), staff)
        briff.save_item(issue, {"title_en": "Street lighting pilot", "title_cy": "Cynllun peilot goleuo strydoedd",
                                "body_en": "Results.", "body_cy": "Canlyniadau.", "visibility": "public"}, staff)
        briff.publish_now(issue, staff)
    published = time.monotonic()
    while "Street lighting pilot" not in stack.get("/en/briff/").text:
        assert time.monotonic() - published < CACHE_SECONDS + 1.5, "still the old archive after the lifetime"
        time.sleep(0.1)
    print(f"published issue visible through nginx after {time.monotonic() - published:.2f} s")
