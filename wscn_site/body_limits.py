"""How large a request body each endpoint accepts, decided before the body is read.

Every endpoint accepts ``MAX_CONTENT_LENGTH`` (``WSCN_MAX_FORM_BYTES``, 64 KB): plenty for any form.
A view that takes files says which larger limit it allows::

    @localized_route(bp, {...}, methods=["GET", "POST"])
    @accepts_uploads(STAFF_UPLOADS)
    def new_resource(): ...

The limit is put on the request before CSRF protection parses the form, so Werkzeug compares the
Content-Length with it and answers 413 (the error page in the URL's language) without reading a byte;
a body sent without a Content-Length is cut off at the limit.
"""
from flask import current_app, request

STAFF_UPLOADS = "MAX_UPLOAD_BYTES"
MEMBER_UPLOADS = "MAX_MEMBER_UPLOAD_BYTES"
_SETTING = "wscn_body_limit_setting"


def accepts_uploads(setting):
    """Mark a view as taking bodies up to ``app.config[setting]`` (STAFF_UPLOADS or MEMBER_UPLOADS)."""

    def mark(view):
        setattr(view, _SETTING, setting)
        return view

    return mark


def _apply_limit():
    setting = getattr(current_app.view_functions.get(request.endpoint), _SETTING, None)
    if setting:
        request.max_content_length = current_app.config[setting]


def init_app(app):
    app.before_request(_apply_limit)
