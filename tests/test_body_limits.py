"""Only upload forms take large bodies; every other form refuses a large one before reading it."""
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from factories import PDF
from helpers import visible_text
from staff_helpers import count, create_resource, staff_client, stored_files, upload
from wscn_site.body_limits import MEMBER_UPLOADS, accepts_uploads
from wscn_site.models import ResourceFile

MEGABYTE = 1024 * 1024


class CountingStream:
    """A request body of ``size`` bytes that counts what the app reads of it."""

    def __init__(self, size):
        self.size, self.read_bytes = size, 0

    def read(self, n=-1):
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b"a" * n

    def readline(self, n=-1):
        return self.read(n)


def post_unread(app, path, size, content_length=True):
    stream = CountingStream(size)
    environ = EnvironBuilder(path=path, method="POST", content_type="application/x-www-form-urlencoded").get_environ()
    environ["wsgi.input"] = stream
    if content_length:
        environ["CONTENT_LENGTH"] = str(size)
    else:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True  # as a server passing on a chunked body
    return Response.from_app(app, environ, buffered=True), stream


@pytest.mark.parametrize("path, lang, title", [
    ("/en/account/login", "en", "The file is too large"),
    ("/cy/cyfrif/mewngofnodi", "cy", "Mae'r ffeil yn rhy fawr"),
    ("/en/account/reset", "en", "The file is too large"),
])
def test_a_megabyte_posted_to_a_form_is_refused_with_413_without_being_read(app, path, lang, title):
    response, stream = post_unread(app, path, MEGABYTE)
    assert response.status_code == 413
    assert stream.read_bytes == 0
    assert f'<html lang="{lang}">' in response.get_data(as_text=True) and title in visible_text(response.get_data(as_text=True))


def test_a_body_without_a_length_is_read_only_up_to_the_limit(app):
    """A chunked body: Werkzeug stops reading at the limit (and judges the form on what it read)."""
    response, stream = post_unread(app, "/en/account/login", MEGABYTE, content_length=False)
    assert response.status_code in (400, 413)
    assert stream.read_bytes <= app.config["MAX_CONTENT_LENGTH"] == 64 * 1024


def test_a_form_under_the_limit_is_read(app):
    response, stream = post_unread(app, "/en/account/login", 10 * 1024)
    assert response.status_code == 400  # no CSRF token: the form was read and judged
    assert stream.read_bytes == 10 * 1024


@pytest.mark.db
def test_staff_uploads_still_take_large_files(make_app, portal):
    app = make_app(MAX_UPLOAD_BYTES=4 * MEGABYTE)
    client = staff_client(app, portal)
    before = stored_files(app)
    big = PDF + b"0" * (3 * MEGABYTE)
    response = create_resource(client, files={"document_en": upload(big, "large-briefing.pdf")})
    assert response.status_code == 302
    assert len(set(stored_files(app)) - set(before)) == 1 and count(app, ResourceFile) == 7


def test_member_upload_views_get_their_own_smaller_limit(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, MAX_MEMBER_UPLOAD_BYTES=200 * 1024)

    @app.post("/en/_test-member-upload")
    @accepts_uploads(MEMBER_UPLOADS)
    def member_upload():
        from flask import request

        return str(len(request.form["text"]))

    client = app.test_client()
    assert client.post("/en/_test-member-upload", data={"text": "a" * 150 * 1024}).text == str(150 * 1024)
    assert client.post("/en/_test-member-upload", data={"text": "a" * 300 * 1024}).status_code == 413
    assert client.post("/en/account/login", data={"text": "a" * 150 * 1024}).status_code == 413
