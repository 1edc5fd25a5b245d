"""Uploading resource files: only real files of the right kind are kept, and a refusal leaves nothing."""
import io
import zipfile

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from factories import PDF, VTT, csrf_token
from helpers import visible_text
from staff_helpers import (
    NEW_RESOURCE, audit_actions, count, create_resource, member_client, post_form, resource_data,
    staff_client, stored_files, upload,
)
from wscn_site.extensions import db
from wscn_site.models import Resource, ResourceFile

pytestmark = [pytest.mark.db, pytest.mark.both_stores]

HTML = b"<!doctype html><html><body><script>alert('hello')</script></body></html>"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)
DOCUMENT_KINDS = "The selected file must be a PDF, Word, Excel, PowerPoint or OpenDocument text file"


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ZIP = zipped({"notes.txt": "not a document"})


def edit_path(resource_id):
    return f"/en/staff/resources/{resource_id}/edit"


def edit(client, resource_id, files=None, **fields):
    data = resource_data(**fields) | (files or {})
    return post_form(client, edit_path(resource_id), data, content_type="multipart/form-data")


def row_for(app, resource_id, purpose="document"):
    with app.app_context():
        return [(f.original_name, f.storage_name, f.language) for f in db.session.execute(
            sa.select(ResourceFile).where(ResourceFile.resource_id == resource_id, ResourceFile.purpose == purpose)
        ).scalars()]


@pytest.mark.parametrize("slot, name, content, message", [
    ("document_en", "briefing.pdf", HTML, DOCUMENT_KINDS),
    ("document_en", "briefing.pdf", ZIP, DOCUMENT_KINDS),
    ("document_en", "briefing.docx", PDF, "is a PDF file but its name, briefing.docx, says otherwise"),
    ("document_cy", "template.pdf", DOCX, "is a Word file but its name, template.pdf, says otherwise"),
    ("document_en", "captions.vtt", VTT, DOCUMENT_KINDS),
    ("captions_en", "captions.pdf", PDF, "The selected file must be a WebVTT captions file (.vtt)"),
    ("video", "recording.mp4", HTML, "The selected file must be an MP4 or WebM video"),
    ("video", "recording.webm", MP4, "The selected file is a MP4 file but its name, recording.webm, says otherwise"),
    ("document_en", "empty.pdf", b"", "The selected file is empty"),
])
def test_a_disguised_or_wrong_file_is_refused_and_nothing_is_kept(app, portal, slot, name, content, message):
    client = staff_client(app, portal)
    before = stored_files(app)
    files = {slot: upload(content, name), "document_bilingual": upload(PDF, "fine-on-its-own.pdf")}
    if slot.startswith("document"):
        files = {slot: upload(content, name), "video": upload(MP4, "fine.mp4")}
    response = create_resource(client, files=files)
    assert response.status_code == 200
    assert message in response.text and "Error:" in response.text
    assert f'href="#{slot}"' in response.text
    assert stored_files(app) == before  # neither the refused file nor the good one beside it
    assert count(app, Resource) == 5 and count(app, ResourceFile) == 6 and audit_actions(app) == []


def test_the_refusal_is_in_welsh_on_the_welsh_page(app, portal):
    client = staff_client(app, portal, lang="cy")
    before = stored_files(app)
    response = create_resource(client, lang="cy", files={"document_cy": upload(HTML, "adroddiad.pdf")})
    assert response.status_code == 200 and "Gwall:" in response.text
    assert ("Rhaid i'r ffeil a ddewiswyd fod yn ffeil PDF, Word, Excel, PowerPoint neu destun OpenDocument"
            in visible_text(response.text))
    assert stored_files(app) == before and count(app, Resource) == 5


def test_a_disguised_replacement_leaves_the_old_file_in_place(app, portal):
    client = staff_client(app, portal)
    resource_id = portal.resources["briefing"].id
    before, rows = stored_files(app), row_for(app, resource_id)
    response = edit(client, resource_id, files={"document_en": upload(ZIP, "new-version.pdf")})
    assert response.status_code == 200 and DOCUMENT_KINDS in response.text
    assert stored_files(app) == before and row_for(app, resource_id) == rows and audit_actions(app) == []


@pytest.mark.parametrize("lang, title", [("en", "The file is too large"), ("cy", "Mae'r ffeil yn rhy fawr")])
def test_an_upload_over_the_limit_gets_a_413_page_in_the_page_language_and_leaves_nothing(make_app, portal, lang,
                                                                                         title):
    app = make_app(MAX_UPLOAD_BYTES=8 * 1024)
    client = staff_client(app, portal, lang=lang)
    before = stored_files(app)
    big = PDF + b"0" * (20 * 1024)
    response = create_resource(client, lang=lang, files={"document_en": upload(big, "huge.pdf")})
    assert response.status_code == 413
    assert f'<html lang="{lang}">' in response.text and title in visible_text(response.text)
    assert stored_files(app) == before and count(app, Resource) == 5 and audit_actions(app) == []


def test_when_the_commit_fails_the_uploaded_file_is_removed(app, portal, monkeypatch):
    client = staff_client(app, portal)
    before = stored_files(app)
    token_page = client.get(NEW_RESOURCE["en"]).text

    def refuse():
        raise IntegrityError("INSERT", {}, Exception("the database refused"))

    monkeypatch.setattr(db.session, "commit", refuse)
    data = resource_data() | {"csrf_token": csrf_token(token_page), "document_en": upload(PDF, "briefing.pdf")}
    with pytest.raises(IntegrityError):
        client.post(NEW_RESOURCE["en"], data=data, content_type="multipart/form-data")
    monkeypatch.undo()
    assert stored_files(app) == before
    assert count(app, Resource) == 5 and audit_actions(app) == []


def test_replacing_a_file_removes_the_old_one_and_names_are_only_labels(app, portal):
    client = staff_client(app, portal)
    resource_id = portal.resources["briefing"].id
    [(old_name, old_storage, _)] = row_for(app, resource_id)
    response = edit(client, resource_id, files={"document_en": upload(DOCX, "/home/me/../Adroddiad ŵ <v2>.docx")})
    assert response.status_code == 302
    [(name, storage_name, language)] = row_for(app, resource_id)
    assert (name, language) == ("Adroddiad ŵ _v2_.docx", "en") and storage_name != old_storage
    on_disk = {p.name: p for p in stored_files(app)}
    assert old_storage not in on_disk and on_disk[storage_name].read_bytes() == DOCX
    assert "Adroddiad" not in str(on_disk[storage_name])
    member = member_client(app, portal)
    with app.app_context():
        file_id = db.session.execute(
            sa.select(ResourceFile.id).where(ResourceFile.storage_name == storage_name)).scalar_one()
    assert member.get(f"/en/members/files/{file_id}/{name}").data == DOCX
    assert audit_actions(app) == ["resource.update"]


def test_a_name_with_nothing_left_after_cleaning_falls_back_to_a_safe_one(app, portal):
    client = staff_client(app, portal)
    response = create_resource(client, files={"document_en": upload(PDF, "../..\u202e.pdf")})
    assert response.status_code == 302
    resource_id = int(response.location.rsplit("/", 1)[1])
    [(name, _, _)] = row_for(app, resource_id)
    assert name == "document.pdf"


def test_a_recorded_seminar_with_video_and_welsh_and_english_captions(app, portal):
    client = staff_client(app, portal)
    response = create_resource(client, kind="recorded-seminar", video_language="en", files={
        "video": upload(MP4, "seminar.mp4"), "captions_cy": upload(VTT, "isdeitlau.vtt"),
        "captions_en": upload(VTT, "captions.vtt"), "document_bilingual": upload(PDF, "slides.pdf"),
    })
    assert response.status_code == 302
    resource_id = int(response.location.rsplit("/", 1)[1])
    assert row_for(app, resource_id, "video")[0][2] == "en"
    assert sorted(r[2] for r in row_for(app, resource_id, "captions")) == ["cy", "en"]
    assert row_for(app, resource_id)[0][2] == "bilingual"
    page = member_client(app, portal).get(f"/en/members/resources/{resource_id}").text
    assert 'type="video/mp4"' in page and page.count('<track kind="captions"') == 2


@pytest.mark.parametrize("files, message", [
    ({"document_bilingual": (PDF, "both.pdf"), "document_cy": (PDF, "cy.pdf")},
     "Upload either one bilingual document or separate Welsh and English documents, not both"),
    ({"captions_cy": (VTT, "isdeitlau.vtt")}, "Captions need a video: upload the video as well"),
])
def test_files_that_do_not_belong_together_are_refused(app, portal, files, message):
    client = staff_client(app, portal)
    before = stored_files(app)
    response = create_resource(client, files={slot: upload(*sent) for slot, sent in files.items()})
    assert response.status_code == 200 and message in response.text
    assert stored_files(app) == before and count(app, Resource) == 5


def test_staff_remove_a_file_without_replacing_it(app, portal):
    client = staff_client(app, portal)
    resource_id = portal.resources["seminar"].id
    with app.app_context():
        files = {f.purpose: (f.id, f.storage_name) for f in db.session.get(Resource, resource_id).files}
    form = client.get(edit_path(resource_id)).text
    assert "Captions in Welsh (WebVTT): remove captions-cy.vtt" in form
    response = edit(client, resource_id, title_en="Recorded seminar on ASB", remove_files=str(files["captions"][0]))
    assert response.status_code == 302
    assert row_for(app, resource_id, "captions") == []
    assert files["captions"][1] not in {p.name for p in stored_files(app)}
    assert files["document"][1] in {p.name for p in stored_files(app)}
