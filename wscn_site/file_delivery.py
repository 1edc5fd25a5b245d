"""How the bytes of a private file reach a reader, once the download view has checked the rule.

One decision (``ACCEL_REDIRECT``, ``WSCN_ACCEL_REDIRECT``: nginx's ``internal`` location for the store
in use, deploy/nginx/wscn.conf), three ways:

- **behind nginx, the private folder** (``/_private/``): the app answers with no body and an
  ``X-Accel-Redirect`` to the file under that location, keeping the headers it decides (Content-Type,
  Content-Disposition, Cache-Control, nosniff). nginx sends the file, answers Range and If-Range, and a
  slow reader holds no app worker;
- **behind nginx, object storage** (``/_s3/``): the app answers what needs no bytes itself (HEAD, 304,
  416), judged with the store's own ETag and Last-Modified; for a 200 or 206 it answers with an
  ``X-Accel-Redirect`` to ``/_s3/[bytes=A-B/]<bucket>/<key>?<presigned query>``, a GET presigned for
  ``S3_PRESIGNED_SECONDS`` (60). nginx's internal location sends only that path and query, and the range
  decided here, to the endpoint written in its configuration (``WSCN_S3_ENDPOINT_URL``; never an address
  from a request), and passes the object on with the app's headers and the store's ETag and
  Last-Modified: the bucket's address never reaches the reader, and no app worker waits on the reader.
  The range is decided here rather than by the store, so the bytes sent and the download record agree;
- **alone** (``make run``, or ``make serve`` without nginx): ``send_stored`` streams the file from disk
  or from the store (Range too).

The download record is decided before any of them, from the request (byte_ranges.py), with the validator
that will answer it (``etag_for``): nginx's ETag ("mtime-size" in hex) for a file nginx sends from disk,
the store's ETag for an object nginx fetches, the file's SHA-256 when the app sends the bytes.
"""
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import Response, current_app, request
from werkzeug.http import dump_options_header

from .file_responses import send_stored
from .storage import FileUnavailable, ObjectMissing

CACHE_CONTROL = "private, no-store"
#: What nginx's /_s3/ location accepts as the object's path (deploy/nginx/wscn.conf): passed on unescaped.
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9._~/-]+")


def stat_or_unavailable(files, storage_name, what):
    """The Stat of a file the database names in store ``files``. When the store no longer has it, staff
    are alerted in the log (``what`` says whose file it is) and the reader gets the bilingual 503 page."""
    try:
        return files.stat(storage_name)
    except ObjectMissing:
        current_app.logger.error("stored file %s (%s) is missing from %r", storage_name, what, files)
        raise FileUnavailable() from None


def _way(files):
    """"disk" (nginx sends the file), "proxy" (nginx fetches the object) or None (the app sends it)."""
    if not current_app.config["ACCEL_REDIRECT"]:
        return None
    return "disk" if files.kind == "local" else "proxy"


def etag_for(files, stored, stat):
    """The ETag the answer will carry, so that If-Range and If-None-Match are judged here as the server
    that sends the bytes will judge them."""
    way = _way(files)
    if way == "disk":
        return f"{int(stat.modified.timestamp()):x}-{stat.size:x}"
    if way == "proxy" and stat.etag:
        return stat.etag
    return stored.sha256


def deliver(files, stored, stat):
    """The response that sends the file of ``stored`` (in store ``files``, with Stat ``stat``) to a
    reader allowed to have it."""
    way = _way(files)
    if way is None:
        return send_stored(files, stored, stat)
    if way == "proxy":
        return _from_object_store(files, stored, stat)
    path = files.local_path(stored.storage_name)
    inside = path.relative_to(Path(current_app.config["PRIVATE_DIR"])).as_posix()  # "ab/ab12..."
    return _accel_redirect(stored, quote(current_app.config["ACCEL_REDIRECT"] + inside))


def _from_object_store(files, stored, stat):
    answer = send_stored(files, stored, stat, etag=etag_for(files, stored, stat))
    if request.method != "GET" or answer.status_code not in (200, 206):
        return answer  # HEAD, 304, 416: no bytes to fetch (the store was not asked for any)
    span = answer.content_range if answer.status_code == 206 else None
    answer.close()
    config = current_app.config
    link = urlsplit(files.presigned_url(stored.storage_name, config["S3_PRESIGNED_SECONDS"],
                                        stored.original_name, stored.content_type))
    endpoint = urlsplit(config["S3_ENDPOINT_URL"])
    if (link.scheme, link.netloc) != (endpoint.scheme, endpoint.netloc) or not _PLAIN_PATH.fullmatch(link.path):
        raise RuntimeError(f"a presigned link outside nginx's /_s3/ location ({link.scheme}://{link.netloc}"
                           f"{link.path}): check WSCN_S3_ENDPOINT_URL and WSCN_STORAGE_URL")
    wanted = f"bytes={span.start}-{span.stop - 1}/" if span else ""
    return _accel_redirect(stored, f"{config['ACCEL_REDIRECT']}{wanted}{link.path[1:]}?{link.query}")


def _accel_redirect(stored, location):
    """No body: nginx sends the bytes from ``location`` (already escaped) with these headers."""
    response = Response(b"", mimetype=stored.content_type)
    response.headers["X-Accel-Redirect"] = location
    disposition = "attachment" if stored.purpose == "document" else "inline"
    response.headers["Content-Disposition"] = content_disposition(disposition, stored.original_name)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
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
