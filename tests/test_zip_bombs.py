"""Checking an Office upload reads a bounded amount of the archive, whatever it declares."""
import io
import tracemalloc
import zipfile

import pytest

from helpers import visible_text
from staff_helpers import count, create_resource, staff_client, stored_files, upload
from wscn_site import filetypes
from wscn_site.models import Resource

EXPANDED = 100 * 1024 * 1024  # what the bomb's one entry decompresses to
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def odt_bomb():
    """An .odt of a few hundred KB whose mimetype entry expands to 100 MB (the right type, then spaces)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("mimetype", "w", force_zip64=False) as entry:
            entry.write(ODT_MIMETYPE)
            chunk = b" " * (1024 * 1024)
            for _ in range(EXPANDED // len(chunk)):
                entry.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return odt_bomb()


def test_the_bomb_is_small_and_expands_hugely(bomb):
    assert len(bomb) < 400 * 1024
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("mimetype").file_size > EXPANDED


def test_checking_a_zip_bomb_reads_a_bounded_amount(tmp_path, bomb):
    path = tmp_path / "bomb.odt"
    path.write_bytes(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="not-allowed"):
            filetypes.check(path, "bomb.odt", "document")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, peak


def test_an_archive_whose_declared_sizes_lie_is_refused_cheaply(tmp_path, bomb):
    """The directory says the mimetype entry holds 39 bytes; it holds 100 MB."""
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("mimetype")
    declared = info.file_size.to_bytes(4, "little")
    lying = bomb.replace(declared, len(ODT_MIMETYPE).to_bytes(4, "little"))
    assert lying != bomb
    path = tmp_path / "lying.odt"
    path.write_bytes(lying)
    tracemalloc.start()
    try:
        assert filetypes.sniff(path) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, peak


def test_a_real_odt_is_still_accepted(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    path = tmp_path / "notes.odt"
    path.write_bytes(buffer.getvalue())
    assert filetypes.check(path, "notes.odt", "document")[0] == "odt"


@pytest.mark.db
@pytest.mark.parametrize("lang, message", [
    ("en", "The selected file must be a PDF, Word, Excel, PowerPoint or OpenDocument text file"),
    ("cy", "Rhaid i'r ffeil a ddewiswyd fod yn ffeil PDF, Word, Excel, PowerPoint neu destun OpenDocument"),
])
def test_a_zip_bomb_upload_is_refused_on_the_form_and_nothing_is_kept(app, portal, bomb, lang, message):
    client = staff_client(app, portal, lang=lang)
    before = stored_files(app)
    response = create_resource(client, lang=lang, files={"document_en": upload(bomb, "report.odt")})
    assert response.status_code == 200
    assert message in visible_text(response.text)
    assert stored_files(app) == before and count(app, Resource) == 5
