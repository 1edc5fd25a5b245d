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
proxies it (so the bucket's address never reaches the reader). ``local_path(name)`` replaces
``storage.path_for`` here for files on disk.
"""
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app, send_file
from werkzeug.http import dump_options_header

CACHE_CONTROL = "private, no-store"


def validators(stored, stat):
    """(ETag, Last-Modified) that the answer will carry: the file's SHA-256 when the app sends it,
    nginx's own ETag when nginx does (so If-Range and If-None-Match are judged as nginx will)."""
    modified = datetime.fromtimestamp(stat.st_mtime, timezone.utc)
    if current_app.config["ACCEL_REDIRECT"]:
        return f"{int(stat.st_mtime):x}-{stat.st_size:x}", modified
    return stored.sha256, modified


def deliver(stored, path, stat):
    """The response that sends ``path`` (the file of ``stored``) to a reader allowed to have it."""
    prefix = current_app.config["ACCEL_REDIRECT"]
    if prefix:
        inside = path.relative_to(Path(current_app.config["PRIVATE_DIR"])).as_posix()  # "ab/ab12..."
        response = _accel_redirect(stored, prefix + inside)
    else:
        etag, modified = validators(stored, stat)
        response = send_file(path, mimetype=stored.content_type, as_attachment=stored.purpose == "document",
                             download_name=stored.original_name, conditional=True, etag=etag, max_age=0,
                             last_modified=modified)
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
