"""How the bytes of a private file reach a reader, once the download view has checked the rule.

Two ways today, one decision (``ACCEL_REDIRECT``, ``WSCN_ACCEL_REDIRECT``):

- **behind nginx** (e.g. ``/_private/``): the app answers with no body and an ``X-Accel-Redirect``
  to nginx's ``internal`` location for the private folder (deploy/nginx/wscn.conf), keeping the
  headers it decides (Content-Type, Content-Disposition, Cache-Control, nosniff). nginx sends the
  file, answers Range and If-Range, and a slow reader holds no app worker;
- **alone** (``make run``, or ``make serve`` without nginx): ``send_file`` streams it (Range too).

The download record is decided before either, from the request (byte_ranges.py), with the
validator that will answer it: nginx's ETag ("mtime-size" in hex) when nginx sends the file.

Object storage (S3) hook: when storage offers ``presigned_url(...)`` for a file kept there rather
than on local disk, ``deliver`` is where it goes: a 303 to the presigned URL (short-lived, with
``response-content-disposition``), or an X-Accel-Redirect to an internal nginx location that
proxies it (so the bucket's address never reaches the reader). Files on disk come from the
store's ``local_path(name)``.
"""
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app
from werkzeug.http import dump_options_header

from .file_responses import send_stored

CACHE_CONTROL = "private, no-store"


def _accelerated_path(files, stored):
    """The file on local disk that nginx should send, or None when the app sends it (no
    ``ACCEL_REDIRECT``, or an object store: see the S3 hook above)."""
    if not current_app.config["ACCEL_REDIRECT"]:
        return None
    return files.local_path(stored.storage_name)


def etag_for(files, stored, stat):
    """The ETag the answer will carry: the file's SHA-256 when the app sends it, nginx's own
    ("mtime-size" in hex) when nginx does, so If-Range is judged here as nginx will judge it."""
    if _accelerated_path(files, stored) is not None:
        return f"{int(stat.modified.timestamp()):x}-{stat.size:x}"
    return stored.sha256


def deliver(files, stored, stat):
    """The response that sends the file of ``stored`` (in store ``files``, with Stat ``stat``) to a
    reader allowed to have it."""
    path = _accelerated_path(files, stored)
    if path is None:
        return send_stored(files, stored, stat)
    inside = path.relative_to(Path(current_app.config["PRIVATE_DIR"])).as_posix()  # "ab/ab12..."
    response = _accel_redirect(stored, current_app.config["ACCEL_REDIRECT"] + inside)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _accel_redirect(stored, location):
    response = Response(b"", mimetype=stored.content_type)
    response.headers["X-Accel-Redirect"] = quote(location)
    disposition = "attachment" if stored.purpose == "document" else "inline"
    response.headers["Content-Disposition"] = content_disposition(disposition, stored.original_name)
    return response


def content_disposition(kind, name):
    """``attachment; filename="..."`` with an ASCII fallback and, for other names (Welsh ŵ, ŷ),
    ``filename*=UTF-8''...`` (RFC 6266, RFC 5987), exactly as ``send_file`` writes it."""
    try:
        name.encode("ascii")
        names = {"filename": name}
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        names = {"filename": simple, "filename*": "UTF-8''" + quote(name, safe="!#$&+-.^_`|~")}
    return dump_options_header(kind, names)
