"""Slow readers of large files hold nginx's connections, not the app's workers nor its memory:
through the deployed stack (deploy/nginx/wscn.conf, `make serve`), 12 members download a 64 MB
file at about 50 KB/s each while the home page and a member's page keep answering; with the file in
the private folder (nginx sends it from disk) and in object storage (nginx fetches it from the store)."""
import io
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import factories
from nginx_stack import Browser, group_rss_kb, start_stack, stop_stack
from object_store import MotoProcess
from wscn_site import create_app
from wscn_site.extensions import db
from wscn_site.storage import StagedFile
from wscn_site.models import ResourceFile

pytestmark = pytest.mark.slow
SIZE = 64 * 1024 * 1024
CLIENTS, RATE, SECONDS = 12, 50 * 1024, 8


@pytest.fixture(scope="module", params=["local", "s3"])
def stack(request):
    store = MotoProcess() if request.param == "s3" else None  # in a process of its own: a copy of the
    storage = store.config() if store else {}  # object per GET, 12 at once, never slows this one's clocks
    try:
        running = start_stack(storage=storage)
    except BaseException:
        if store:
            store.stop()
        raise
    try:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": running.database_url,
                          "PRIVATE_DIR": running.private_dir, "SITE_URL": running.site_url, **storage})
        with app.app_context():
            db.create_all()
            factories.user("member@example.org", org=factories.organisation())
            item = factories.resource("Recorded seminar")
            db.session.flush()
            with StagedFile(io.BytesIO(b"\0" * SIZE)) as staged:
                staged.keep()
                stored = ResourceFile(resource=item, language="en", purpose="document", storage_name=staged.storage_name,
                                      original_name="seminar.mp4", content_type="video/mp4", size=SIZE,
                                      sha256=staged.sha256)
                db.session.add(stored)
                db.session.commit()
            running.download = f"/en/members/files/{stored.id}/seminar.mp4"
        yield running
    finally:
        stop_stack(running)
        if store:
            store.stop()


def slow_reader(stack, cookie, path, stop, received):
    """A client reading about RATE bytes a second until ``stop`` is set."""
    conn = stack.connection(timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        assert response.status == 200
        chunk = RATE // 10
        while not stop.is_set():
            started = time.monotonic()
            received.append(len(response.read(chunk)))
            time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))
    finally:
        conn.close()


def timed_ms(stack, path, headers=None):
    started = time.perf_counter()
    answer = stack.get(path, headers)
    assert answer.status == 200, path
    return (time.perf_counter() - started) * 1000


def warm_every_worker(stack, cookie):
    """Each worker serves the pages and the download once before anything is measured (with S3, its
    first download builds its store client: a once-only cost, not a download's): 16 visits at once,
    each on connections of its own straight to the app, so that every worker takes some."""
    def visit(_):
        for path, headers in (("/en/", {}), ("/en/members/", {"Cookie": cookie}),
                              (stack.download, {"Cookie": cookie, "Range": "bytes=0-1023"})):
            assert stack.get(path, headers, via="app").status in (200, 206), path

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(visit, range(16)))


def test_slow_downloads_hold_neither_the_app_nor_its_memory(stack):
    member = Browser(stack)
    member.log_in("member@example.org", factories.PASSWORD)
    cookie = "; ".join(f"{k}={v}" for k, v in member.cookies.items())
    warm_every_worker(stack, cookie)
    for _ in range(3):  # and through nginx
        timed_ms(stack, "/en/"), timed_ms(stack, "/en/members/", {"Cookie": cookie})
        assert stack.get(stack.download, {"Cookie": cookie, "Range": "bytes=0-1023"}).status == 206
    app_group = stack.procs[0].pid
    rss_before = group_rss_kb(app_group)

    stop, received, threads = threading.Event(), [], []
    for _ in range(CLIENTS):
        threads.append(threading.Thread(target=slow_reader, args=(stack, cookie, stack.download, stop, received)))
        threads[-1].start()
    home, portal, rss_during = [], [], []
    deadline = time.monotonic() + SECONDS
    try:
        time.sleep(1)  # every download under way
        while time.monotonic() < deadline:
            home.append(timed_ms(stack, "/en/"))
            portal.append(timed_ms(stack, "/en/members/", {"Cookie": cookie}))  # reaches the app every time
            rss_during.append(group_rss_kb(app_group))
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    rate = sum(received) / SECONDS / CLIENTS / 1024
    growth_mb = (max(rss_during) - rss_before) / 1024
    upstream = [line.split() for line in (stack.tmp / "nginx-access.log").read_text().splitlines()]
    print(f"\n{CLIENTS} slow downloads at {rate:.0f} KB/s each: home page p50 {statistics.median(home):.1f} ms, "
          f"max {max(home):.1f} ms; member's page p50 {statistics.median(portal):.1f} ms, max {max(portal):.1f} ms; "
          f"app RSS {rss_before / 1024:.1f} MB before, +{growth_mb:.1f} MB during")
    assert rate < 200  # the clients really were slow
    assert statistics.median(home) < 50 and max(home) < 500
    assert statistics.median(portal) < 200 and max(portal) < 500
    assert growth_mb <= 20
    # "<app's status> [: <store's status>] <app's length> [: <store's length>]": the app sent headers only
    downloads = [fields[3:] for fields in upstream if fields[1] == stack.download]
    assert downloads and all(fields[len(fields) // 2] == "0" for fields in downloads)
