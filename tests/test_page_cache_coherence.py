"""Briff pages come from the page cache for anonymous readers, and a public change made in any process
(publishing, publish-due from cron, a correction, unpublishing) reaches every process's cache within
PAGE_CACHE_RECHECK_SECONDS. "Another process" here is a second app on the same database: its own
page cache, as in another server worker or server (test_two_servers.py runs real ones).

Each test counts the page cache's hits, so it fails with the cache off (WSCN_PAGE_CACHE=0).
"""
import time
from datetime import date, timedelta

import pytest

from staff_helpers import member_client
from test_briff_reading import SECRET_WORD, briff, item, make_issue  # noqa: F401  (briff is a fixture)
from wscn_site import clock, public_version
from wscn_site.briff import operations
from wscn_site.extensions import db
from wscn_site.models import BriffIssue

pytestmark = pytest.mark.db
RECHECK = 0.3


def hits(app):
    return app.extensions["page_cache"].hits


@pytest.fixture
def other(make_app, app):
    """A second process on the same database, re-reading the public version every 0.3 s."""
    return make_app(create_tables=False, PAGE_CACHE_RECHECK_SECONDS=RECHECK)


def within(seconds, check):
    """Poll ``check`` until it holds, for at most ``seconds``; the time it took."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, "still stale"
        time.sleep(0.02)
    return time.monotonic() - start


def in_app(app, change):
    with app.app_context():
        return change()


PAGES = ["/en/briff/", "/cy/briff/", "/en/briff/41", "/cy/briff/41", "/en/briff/feed.atom", "/cy/briff/feed.atom"]


def test_anonymous_readers_get_briff_pages_from_the_cache(app, briff):
    client = app.test_client()
    first = [client.get(path) for path in PAGES]
    again = [client.get(path) for path in PAGES]
    assert hits(app) == len(PAGES)
    assert [r.data for r in again] == [r.data for r in first]
    assert all(r.status_code == 200 and r.headers["ETag"] for r in again)
    assert client.get("/en/briff/41", headers={"If-None-Match": first[2].headers["ETag"]}).status_code == 304
    for path in ("/en/briff/?q=funding", "/en/briff/?page=1", "/en/briff/99"):
        client.get(path)
        client.get(path)
    assert hits(app) == len(PAGES) + 1  # the 304 only: searches, pages of results and 404s are built each time


def test_logged_in_readers_neither_get_nor_leave_cached_pages(app, portal, briff):
    member = member_client(app, portal)
    assert SECRET_WORD in member.get("/en/briff/41").text  # first visit: a member's page is not kept
    anonymous = app.test_client()
    assert SECRET_WORD not in anonymous.get("/en/briff/41").text
    assert SECRET_WORD in member.get("/en/briff/41").text  # and a member is not given the kept one
    assert SECRET_WORD not in anonymous.get("/en/briff/41").text
    assert hits(app) == 1


def test_publishing_in_one_process_shows_in_another_within_the_recheck_time(app, other, briff):
    reader = other.test_client()
    for _ in range(2):
        assert "issue 43" not in reader.get("/en/briff/").text
        assert "issue 43" not in reader.get("/en/briff/feed.atom").text
    assert hits(other) == 2

    def publish():
        issue = make_issue(43, [item("Brand new")], published=False, day=date(2026, 12, 10))
        db.session.commit()
        assert operations.publish_now(issue, None)

    in_app(app, publish)
    took = within(1, lambda: "issue 43" in reader.get("/en/briff/").text)
    assert took <= RECHECK + 0.2
    assert "issue 43" in reader.get("/en/briff/feed.atom").text
    assert reader.get("/en/briff/43").status_code == 200
    assert "issue 43" in reader.get("/en/briff/").text
    assert hits(other) >= 3  # the new archive is kept again


def test_corrections_and_unpublishing_reach_other_processes(app, other, portal, briff):
    reader = other.test_client()
    reader.get("/en/briff/40")
    assert "Older news" in reader.get("/en/briff/40").text and hits(other) == 1

    def correct():
        issue = db.session.query(BriffIssue).filter_by(number=40).one()
        values = {"title_en": "Older news, corrected", "title_cy": "Hen newyddion, wedi'u cywiro"}
        operations.save_item(issue, values, None, issue.items[0])

    in_app(app, correct)
    within(1, lambda: "Older news, corrected" in reader.get("/en/briff/40").text)
    assert "Older news, corrected" in reader.get("/en/briff/40").text
    hits_before = hits(other)
    assert hits_before >= 2

    in_app(app, lambda: operations.unpublish(db.session.query(BriffIssue).filter_by(number=40).one(), None))
    within(1, lambda: reader.get("/en/briff/40").status_code == 404)
    assert "Older news" not in reader.get("/en/briff/").text


def test_publish_due_from_cron_reaches_the_servers(app, other, briff):
    reader = other.test_client()
    reader.get("/en/briff/")
    reader.get("/en/briff/")
    assert hits(other) == 1

    def scheduled():
        issue = make_issue(43, [item("Scheduled story")], published=False, day=date(2026, 12, 10))
        db.session.commit()
        operations.schedule(issue, clock.now() + timedelta(hours=1), None)

    in_app(app, scheduled)
    assert "issue 43" not in reader.get("/en/briff/").text  # scheduling changes nothing public
    with clock.frozen_at(clock.now() + timedelta(hours=2)):
        result = app.test_cli_runner().invoke(args=["briff", "publish-due"])
        assert "Issue 43 published." in result.output
        within(1, lambda: "issue 43" in reader.get("/en/briff/").text)


def test_a_page_built_before_a_change_is_not_kept_after_it(app, make_app):
    """A page rendered while another process publishes may hold the old text: it must not outlive the change."""
    from wscn_site.page_cache import cached_until_public_change

    worker = make_app(create_tables=False, PAGE_CACHE_RECHECK_SECONDS=0)
    renders = []

    def view():
        renders.append(1)
        if len(renders) == 1:  # another process publishes (and commits) while this page is being built
            in_app(app, lambda: (public_version.bump(), db.session.commit()))
        return f"render {len(renders)}"

    worker.add_url_rule("/en/_test-race", "race", cached_until_public_change(view))
    client = worker.test_client()
    assert client.get("/en/_test-race").text == "render 1"
    assert client.get("/en/_test-race").text == "render 2"  # the first, older than the change, was not kept
    assert client.get("/en/_test-race").text == "render 2"
    assert hits(worker) == 1
