"""Whether a file download includes the file's first byte, decided from the request alone.

A download is recorded when the app authorises an answer that starts the file, and never for one it
refuses (416) or that sends nothing (304, HEAD). The decision reads the request's headers with
Werkzeug's own parsers against the file's size, as ``send_file`` answers them, not the response built:
it stays right when a proxy sends the bytes instead (X-Accel-Redirect). So ``bytes=00-`` and ``bytes=-5``
of a 5-byte file count, ``bytes=1-`` and ``bytes=999999-`` do not.
"""
from werkzeug.http import is_resource_modified, parse_range_header


def sends_first_byte(environ, size, etag, last_modified):
    """True when the answer to this request for a file of ``size`` bytes includes its first byte."""
    if environ.get("REQUEST_METHOD") != "GET":
        return False
    if not is_resource_modified(environ, etag, last_modified=last_modified):
        return False  # 304 Not Modified
    if "HTTP_RANGE" not in environ or size == 0:
        return True
    if "HTTP_IF_RANGE" in environ and is_resource_modified(
            environ, etag, last_modified=last_modified, ignore_if_range=False):
        return True  # the range was for another version: the whole file is sent
    requested = parse_range_header(environ["HTTP_RANGE"])
    span = requested.range_for_length(size) if requested else None  # None: 416 Range Not Satisfiable
    return span is not None and span[0] == 0
