"""Files in an S3-compatible store (moto's server over HTTP on 127.0.0.1): a missing object gets a page
in the reader's language and an ERROR in the log naming the resource and object; an unreachable store
gets the bilingual 503 page while public pages keep serving; readiness, presigned links, ranged reads."""
import logging
import urllib.request

import pytest

from factories import PDF, log_in
from helpers import html_lang, visible_text
from object_store import objects_in
from staff_helpers import create_resource, staff_client, stored_files
from tcp_relay import Relay
from wscn_site import storage

pytestmark = [pytest.mark.db]


@pytest.fixture
def relayed_s3(moto_server):
    """An S3 store reached through a relay that can be switched off, as the endpoint going down."""
    relay = Relay(moto_server.port)
    relay.start()
    config = moto_server.config() | {"S3_ENDPOINT_URL": f"http://127.0.0.1:{relay.port}"}
    yield relay, config
    relay.stop()


def download_path(stored, lang="en"):
    return (f"/en/members/files/{stored.id}/{stored.name}" if lang == "en"
            else f"/cy/aelodau/ffeiliau/{stored.id}/{stored.name}")


@pytest.mark.parametrize("store_kind", ["s3"], indirect=True)
@pytest.mark.parametrize("lang, title", [("cy", "Nid yw'r ffeil ar gael ar hyn o bryd"),
                                         ("en", "The file is not available at the moment")])
def test_a_missing_object_gets_a_page_in_the_readers_language_and_staff_are_alerted(app, portal, lang, title,
                                                                                    caplog):
    stored = portal.files["briefing"]
    [gone] = [item for item in stored_files(app) if item.name == stored.storage_name]
    moto = objects_in(app.config)[0]
    import boto3

    boto3.client("s3", endpoint_url=app.config["S3_ENDPOINT_URL"]).delete_object(Bucket=moto.bucket, Key=gone.key)
    client = app.test_client()
    log_in(client, portal.users["member"].email, lang=lang)
    with caplog.at_level(logging.ERROR):
        response = client.get(download_path(stored, lang))
    assert response.status_code == 503 and html_lang(response.text) == lang
    assert title in visible_text(response.text) and "Traceback" not in response.text
    alerts = [r for r in caplog.records if r.levelno == logging.ERROR and stored.storage_name in r.getMessage()]
    assert alerts and f"resource {portal.resources['briefing'].id}" in alerts[0].getMessage()


def test_when_the_store_is_down_the_portal_answers_503_and_public_pages_still_serve(make_app, relayed_s3):
    from factories import build_portal

    relay, config = relayed_s3
    app = make_app(**config)
    with app.app_context():
        portal = build_portal()
        assert storage.check() is None
    member = app.test_client()
    assert log_in(member, portal.users["member"].email, lang="cy").status_code == 302
    stored = portal.files["briefing"]
    assert member.get(download_path(stored, "cy")).data == PDF

    relay.stop()  # the object store goes away
    try:
        with app.app_context():
            assert "head_bucket" in storage.check()
        for path in ("/cy/", "/en/membership"):
            assert app.test_client().get(path).status_code == 200, path
        page = member.get(download_path(stored, "cy"))
        assert page.status_code == 503 and html_lang(page.text) == "cy"
        assert "Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael" in visible_text(page.text)
        assert "Traceback" not in page.text and "botocore" not in page.text
        staff = staff_client(app, portal)
        refused = create_resource(staff, title_en="Uploaded while the store is down")
        assert refused.status_code == 503
        assert not list((app.config["PRIVATE_DIR"] / "incoming").iterdir())  # the staged file went too
    finally:
        relay.start()  # and comes back
    assert member.get(download_path(stored, "cy")).data == PDF


@pytest.mark.parametrize("store_kind", ["s3"], indirect=True)
def test_a_presigned_link_fetches_the_object_from_the_store_under_its_name(app, portal):
    stored = portal.files["briefing"]
    with app.app_context():
        files = storage.store()
        assert files.local_path(stored.storage_name) is None
        url = files.presigned_url(stored.storage_name, 60, "Papur briffio ŵ.pdf", "application/pdf")
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.read() == PDF
        assert answer.headers["Content-Disposition"] == "attachment; filename*=UTF-8''Papur%20briffio%20%C5%B5.pdf"


def test_the_private_folder_offers_a_local_path_and_no_presigned_link(app, portal):
    stored = portal.files["briefing"]
    with app.app_context():
        files = storage.store()
        assert files.local_path(stored.storage_name).read_bytes() == PDF
        assert files.presigned_url(stored.storage_name, 60, "a.pdf", "application/pdf") is None
        assert storage.check() is None


@pytest.mark.parametrize("store_kind", ["s3"], indirect=True)
def test_a_range_is_fetched_from_the_store_without_reading_the_whole_object(app, portal, monkeypatch):
    """A 6 MB object: a 10-byte range asks the store for those 10 bytes only."""
    from wscn_site.store_s3 import S3Store

    big = PDF + bytes(6 * 1024 * 1024)
    staff = staff_client(app, portal)
    assert create_resource(staff, title_en="Large", files={"document_en": (__import__("io").BytesIO(big),
                                                                            "large.pdf")}).status_code == 302
    asked = []
    original = S3Store._call

    def recording(self, name, operation, **params):
        asked.append((operation, params.get("Range")))
        return original(self, name, operation, **params)

    monkeypatch.setattr(S3Store, "_call", recording)
    from wscn_site.extensions import db
    from wscn_site.models import ResourceFile
    import sqlalchemy as sa

    with app.app_context():
        row = db.session.execute(sa.select(ResourceFile).where(ResourceFile.original_name == "large.pdf")).scalar_one()
        path = f"/en/members/files/{row.id}/large.pdf"
    member = app.test_client()
    log_in(member, portal.users["member"].email)
    response = member.get(path, headers={"Range": "bytes=5000000-5000009"})
    assert response.status_code == 206 and response.data == big[5000000:5000010]
    assert asked == [("head_object", None), ("get_object", "bytes=5000000-5000009")]
    asked.clear()
    assert member.get(path, headers={"Range": "bytes=99999999-"}).status_code == 416
    assert member.head(path).status_code == 200
    assert [operation for operation, _ in asked] == ["head_object", "head_object"]
