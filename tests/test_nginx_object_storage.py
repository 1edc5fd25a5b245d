"""The deployment of docs/deploy.md with files in object storage (moto's S3 server over HTTP): nginx
(deploy/nginx/wscn.conf, its /_s3/ location) in front of `make serve` with WSCN_STORAGE_URL=s3://...
and WSCN_ACCEL_REDIRECT=/_s3/. After the app's access check nginx fetches the object with a presigned
link; the reader gets the exact bytes, Range, the app's headers, never the bucket's address, and each
download is recorded once."""
import pytest
import sqlalchemy as sa

import factories
from nginx_stack import S3_ACCEL_PREFIX, Browser, start_stack, stop_stack
from wscn_site import create_app
from wscn_site.extensions import db
from wscn_site.models import DownloadRecord

pytestmark = pytest.mark.slow  # about 10 s: a production server, nginx and an S3 endpoint
FILE_NAME = "Canllaw ŵyn.pdf"
CONTENT = factories.PDF + bytes(range(256)) * 5000  # 1.2 MB: more than one of the store's chunks


@pytest.fixture(scope="module")
def stack(moto_server):
    storage = moto_server.config()
    running = start_stack(storage=storage)
    try:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": running.database_url,
                          "PRIVATE_DIR": running.private_dir, "SITE_URL": running.site_url, **storage})
        with app.app_context():
            db.create_all()
            factories.user("gwenllian@example.org", org=factories.organisation())
            item = factories.resource("Safer streets guide")
            db.session.flush()
            stored = factories.attach(item, CONTENT, FILE_NAME)
            db.session.commit()
            running.app, running.file = app, (stored.id, stored.storage_name)
        running.bucket = storage["STORAGE_URL"][len("s3://"):].split("/")[0]
        running.endpoint = storage["S3_ENDPOINT_URL"]
        running.etag = moto_server.client().head_object(
            Bucket=running.bucket, Key=f"uploads/{stored.storage_name}")["ETag"]
        yield running
    finally:
        stop_stack(running)


@pytest.fixture(scope="module")
def member(stack):
    browser = Browser(stack)
    browser.log_in("gwenllian@example.org", factories.PASSWORD)
    return browser


def download_path(stack):
    return f"/en/members/files/{stack.file[0]}/Canllaw%20%C5%B5yn.pdf"


def records(stack):
    with stack.app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(DownloadRecord))


def assert_nothing_of_the_store(stack, answer):
    """No header or body of the answer names the bucket, the endpoint or S3's own headers."""
    port = stack.endpoint.rsplit(":", 1)[1]
    assert answer.header("X-Accel-Redirect") is None
    for name, value in answer.headers.items():
        assert not name.lower().startswith("x-amz"), name
        assert stack.bucket not in value and port not in value and "amz" not in value.lower(), (name, value)
    assert stack.bucket.encode() not in answer.body and b"X-Amz" not in answer.body


def test_a_member_downloads_an_object_through_nginx_and_each_download_is_recorded_once(stack, member):
    before = records(stack)
    whole = member.get(download_path(stack))
    assert whole.status == 200 and whole.body == CONTENT
    assert whole.header("Content-Type") == "application/pdf"
    assert whole.header("Content-Disposition") == (
        "attachment; filename=\"Canllaw wyn.pdf\"; filename*=UTF-8''Canllaw%20%C5%B5yn.pdf")
    assert whole.header("Cache-Control") == "private, no-store"
    assert whole.header("X-Content-Type-Options") == "nosniff"
    assert whole.header("ETag") == stack.etag  # the store's: what the app judged If-Range with
    assert_nothing_of_the_store(stack, whole)
    assert records(stack) == before + 1

    later = member.get(download_path(stack), {"Range": "bytes=100-"})
    assert later.status == 206 and later.body == CONTENT[100:]
    assert later.header("Content-Range") == f"bytes 100-{len(CONTENT) - 1}/{len(CONTENT)}"
    assert later.header("Content-Disposition") == whole.header("Content-Disposition")
    assert_nothing_of_the_store(stack, later)
    resumed = member.get(download_path(stack), {"Range": "bytes=5-9", "If-Range": stack.etag})
    assert resumed.status == 206 and resumed.body == CONTENT[5:10]
    assert records(stack) == before + 1  # the rest of a download already counted
    stale = member.get(download_path(stack), {"Range": "bytes=5-9", "If-Range": '"another version"'})
    assert stale.status == 200 and stale.body == CONTENT
    assert records(stack) == before + 2  # the whole file again: a download
    start = member.get(download_path(stack), {"Range": "bytes=0-9"})
    assert start.status == 206 and start.body == CONTENT[:10]
    assert records(stack) == before + 3


def test_what_needs_no_bytes_is_answered_by_the_app_and_not_recorded(stack, member):
    before = records(stack)
    assert member.get(download_path(stack), {"If-None-Match": stack.etag}).status == 304
    beyond = member.get(download_path(stack), {"Range": f"bytes={len(CONTENT)}-"})
    assert beyond.status == 416 and CONTENT[:100] not in beyond.body
    assert_nothing_of_the_store(stack, beyond)
    head = member.request("HEAD", download_path(stack))
    assert head.status == 200 and head.body == b"" and head.header("Content-Length") == str(len(CONTENT))
    assert records(stack) == before
    # nginx's log: "GET <path> <status> <app's status> : <store's status> <app's length> : <store's length>"
    # when the store was asked, "GET <path> <status> <app's status> <app's length>" when it was not.
    logged = [line.split() for line in (stack.tmp / "nginx-access.log").read_text().splitlines()]
    downloads = [fields[3:] for fields in logged if fields[1] == download_path(stack)]
    fetched = [fields for fields in downloads if len(fields) == 6]
    assert len(fetched) >= 5 and all(fields[3] == "0" for fields in fetched)  # the app sent no byte of them
    assert all(int(fields[-1]) < 50_000 for fields in downloads if len(fields) == 2)  # 304, 416, HEAD: no file


def test_the_object_location_answers_only_the_app(stack, member):
    object_path = f"{stack.bucket}/uploads/{stack.file[1]}"
    host = stack.endpoint.split("//", 1)[1]
    for path in (f"{S3_ACCEL_PREFIX}{object_path}", f"{S3_ACCEL_PREFIX}bytes=0-9/{object_path}", S3_ACCEL_PREFIX,
                 f"{S3_ACCEL_PREFIX}{object_path}?X-Amz-Expires=60", f"{S3_ACCEL_PREFIX}{host}/{object_path}"):
        for client in (stack, member):
            answer = client.get(path)
            assert answer.status == 404 and CONTENT[:100] not in answer.body, path
    anonymous = stack.get(download_path(stack))
    assert anonymous.status in (302, 404) and CONTENT[:100] not in anonymous.body


def test_the_app_itself_sends_nginx_a_short_lived_link_to_exactly_the_range_it_decided(stack, member):
    cookie = "; ".join(f"{k}={v}" for k, v in member.cookies.items())
    whole = stack.get(download_path(stack), {"Cookie": cookie}, via="app")
    assert whole.status == 200 and whole.body == b""
    location = whole.header("X-Accel-Redirect")
    assert location.startswith(f"{S3_ACCEL_PREFIX}{stack.bucket}/uploads/{stack.file[1]}?")
    assert "X-Amz-Expires=60&" in location and "X-Amz-Signature=" in location
    assert whole.header("Cache-Control") == "private, no-store"
    part = stack.get(download_path(stack), {"Cookie": cookie, "Range": "bytes=100-199"}, via="app")
    assert part.header("X-Accel-Redirect").startswith(f"{S3_ACCEL_PREFIX}bytes=100-199/{stack.bucket}/uploads/")
