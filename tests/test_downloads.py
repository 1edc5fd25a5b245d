"""Downloads: streamed from the private folder with the right headers, audited, Range-capable."""
import pytest
import sqlalchemy as sa
from factories import PDF, VTT, log_in

from wscn_site.extensions import db
from wscn_site.models import DownloadRecord

pytestmark = [pytest.mark.db, pytest.mark.both_stores]


def member_client(app, portal):
    client = app.test_client()
    log_in(client, portal.users["member"].email)
    return client


def test_download_headers(app, portal):
    stored = portal.files["briefing"]
    response = member_client(app, portal).get(f"/en/members/files/{stored.id}/{stored.name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={stored.name}"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == PDF


def test_each_download_is_recorded(app, portal):
    stored = portal.files["briefing"]
    client = member_client(app, portal)
    client.get(f"/en/members/files/{stored.id}/{stored.name}")
    client.get(f"/cy/aelodau/ffeiliau/{stored.id}/{stored.name}")
    with app.app_context():
        rows = db.session.execute(sa.select(DownloadRecord)).scalars().all()
        assert [(r.user_id, r.resource_id, r.file_name) for r in rows] == [
            (portal.users["member"].id, portal.resources["briefing"].id, stored.name)] * 2


def test_range_requests_work(app, portal):
    stored = portal.files["seminar"]
    client = member_client(app, portal)
    response = client.get(f"/en/members/files/{stored.id}/{stored.name}", headers={"Range": "bytes=5-14"})
    assert response.status_code == 206
    assert response.data == PDF[5:15]
    assert response.headers["Content-Range"] == f"bytes 5-14/{len(PDF)}"
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(DownloadRecord.id))).scalar_one() == 0


def download_records(app):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(DownloadRecord.id))).scalar_one()


@pytest.mark.parametrize("headers, status, part, recorded", [
    ({}, 200, slice(None), 1),
    ({"Range": "bytes=0-"}, 206, slice(None), 1),
    ({"Range": "bytes=00-"}, 206, slice(None), 1),
    ({"Range": "bytes=0-0"}, 206, slice(0, 1), 1),
    ({"Range": "bytes = 0-9"}, 206, slice(0, 10), 1),
    ({"Range": "bytes=1-"}, 206, slice(1, None), 0),
    ({"Range": "bytes=-5"}, 206, slice(-5, None), 0),
    ({"Range": "bytes=999999-"}, 416, slice(0, 0), 0),
    ({"Range": "bytes=0-1,3-4"}, 416, slice(0, 0), 0),
    ({"Range": "pages=0-"}, 416, slice(0, 0), 0),
    ({"Range": "bytes=1-", "If-Range": '"another-version"'}, 200, slice(None), 1),
])
def test_a_download_is_recorded_when_the_answer_includes_the_first_byte(app, portal, headers, status, part,
                                                                         recorded):
    stored = portal.files["briefing"]
    response = member_client(app, portal).get(f"/en/members/files/{stored.id}/{stored.name}", headers=headers)
    assert response.status_code == status
    assert response.data == (PDF[part] if status != 416 else response.data)
    assert download_records(app) == recorded


def test_a_file_is_recorded_once_per_answer_that_starts_it_not_for_a_head_request(app, portal):
    stored = portal.files["briefing"]
    client = member_client(app, portal)
    path = f"/en/members/files/{stored.id}/{stored.name}"
    assert client.head(path).status_code == 200
    assert download_records(app) == 0
    client.get(path, headers={"Range": "bytes=-5"})
    client.get(path, headers={"Range": "bytes=0-"})
    assert download_records(app) == 1


def test_captions_are_served_as_webvtt_inline(app, portal):
    stored = portal.files["seminar_cy_captions"]
    response = member_client(app, portal).get(f"/cy/aelodau/ffeiliau/{stored.id}/{stored.name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/vtt")
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.data == VTT


def test_recorded_seminar_page_has_captions_in_both_languages(app, portal):
    from factories import attach

    from wscn_site.models import Resource

    with app.app_context():
        seminar = db.session.get(Resource, portal.resources["seminar"].id)
        attach(seminar, b"\x1a\x45\xdf\xa3" + b"\x00" * 64, "seminar.webm", "bilingual", "video", "video/webm")
        attach(seminar, VTT, "captions-en.vtt", "en", "captions", "text/vtt")
        db.session.commit()
    client = member_client(app, portal)
    html = client.get(f"/cy/aelodau/adnoddau/{portal.resources['seminar'].id}").text
    assert "<video controls" in html
    assert 'kind="captions" srclang="cy" label="Cymraeg"' in html
    assert 'kind="captions" srclang="en" label="English"' in html
    assert 'srclang="cy" label="Cymraeg" src="/cy/aelodau/ffeiliau/' in html and "default" in html


def test_behind_nginx_the_app_answers_with_headers_and_an_internal_redirect(make_app, store_kind):
    """WSCN_ACCEL_REDIRECT: no body; nginx sends the file (tests/test_nginx_deployment.py runs it)."""
    if store_kind == "s3":
        pytest.skip("the private folder's location; object storage: the test below")
    from factories import attach, build_portal, resource

    app = make_app(ACCEL_REDIRECT="/_private/")
    with app.app_context():
        portal = build_portal()
        welsh = attach(resource("Canllaw"), PDF, "Canllaw ŵyn.pdf", language="cy")
        db.session.commit()
        welsh_id, storage_name = welsh.id, welsh.storage_name
    client = member_client(app, portal)
    response = client.get(f"/cy/aelodau/ffeiliau/{welsh_id}/Canllaw ŵyn.pdf")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["X-Accel-Redirect"] == f"/_private/{storage_name[:2]}/{storage_name}"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Canllaw wyn.pdf\"; filename*=UTF-8''Canllaw%20%C5%B5yn.pdf")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    client.get(f"/cy/aelodau/ffeiliau/{welsh_id}/Canllaw ŵyn.pdf", headers={"Range": "bytes=5-"})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DownloadRecord)) == 1


def test_behind_nginx_an_object_is_fetched_by_nginx_with_a_short_lived_link_for_the_range_decided(
        make_app, store_kind):
    """WSCN_ACCEL_REDIRECT=/_s3/ (tests/test_nginx_object_storage.py runs it through nginx): the app
    answers with no body and a presigned path under /_s3/, or itself when no bytes are due."""
    if store_kind == "local":
        pytest.skip("object storage; the private folder: the test above")
    import urllib.request

    from factories import build_portal

    app = make_app(ACCEL_REDIRECT="/_s3/", S3_PRESIGNED_SECONDS=30)
    with app.app_context():
        portal = build_portal()
    stored = portal.files["briefing"]
    path = f"/en/members/files/{stored.id}/{stored.name}"
    bucket = app.config["STORAGE_URL"][len("s3://"):].split("/")[0]
    client = member_client(app, portal)
    whole = client.get(path)
    assert whole.status_code == 200 and whole.data == b""
    location = whole.headers["X-Accel-Redirect"]
    assert location.startswith(f"/_s3/{bucket}/uploads/{stored.storage_name}?") and "X-Amz-Expires=30&" in location
    assert whole.headers["Content-Disposition"] == f"attachment; filename={stored.name}"
    assert whole.headers["Cache-Control"] == "private, no-store"
    with urllib.request.urlopen(app.config["S3_ENDPOINT_URL"] + location[len("/_s3"):], timeout=10) as fetched:
        assert fetched.read() == PDF  # what nginx's location asks the store for
        etag = fetched.headers["ETag"]
    part = client.get(path, headers={"Range": "bytes=5-"})
    assert part.headers["X-Accel-Redirect"].startswith(f"/_s3/bytes=5-{len(PDF) - 1}/{bucket}/uploads/")
    for answer, status in ((client.get(path, headers={"If-None-Match": etag}), 304), (client.head(path), 200),
                           (client.get(path, headers={"Range": f"bytes={len(PDF)}-"}), 416)):
        assert answer.status_code == status and "X-Accel-Redirect" not in answer.headers
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DownloadRecord)) == 1


def test_object_storage_behind_nginx_needs_the_endpoint_nginx_reaches(make_app, store_kind):
    if store_kind == "local":
        pytest.skip("object storage only")
    with pytest.raises(RuntimeError, match="WSCN_S3_ENDPOINT_URL"):
        make_app(create_tables=False, ACCEL_REDIRECT="/_s3/", S3_ENDPOINT_URL="")
