"""A stored file as an HTTP response: Range, If-Range, ETag and Last-Modified alike from either store.

From the private folder, Werkzeug's ``send_file`` streams the file on disk. From an object store,
``send_file`` is given an ``ObjectReader`` instead: Werkzeug answers the conditional and Range headers
exactly as it does for a file, and the reader fetches only the bytes the answer sends, with one ranged
GET read a chunk at a time (constant memory, whatever the object's size). A 304, a 416 or a HEAD fetch
nothing.
"""
from flask import request, send_file

from .store_local import LocalStore


class ObjectReader:
    """A read-only, seekable file over a stored object, opened lazily on the first read."""

    def __init__(self, store, name, size):
        self.store, self.name, self.size = store, name, size
        self.position, self.end, self._chunks, self._buffer = 0, size, None, b""

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        if self._chunks is not None:
            raise OSError("cannot seek once reading has started")
        self.position = offset if whence == 0 else self.size + offset if whence == 2 else self.position + offset
        return self.position

    def tell(self):
        return self.position

    def limit(self, end):
        """Fetch nothing past ``end`` (exclusive): the end of the range being answered."""
        self.end = min(end, self.size)

    def read(self, size=-1):
        if self._chunks is None:
            self._chunks = self.store.chunks(self.name, self.position, self.end)
        while (size < 0 or len(self._buffer) < size) and (chunk := next(self._chunks, None)) is not None:
            self._buffer += chunk
        cut = len(self._buffer) if size < 0 else size
        data, self._buffer = self._buffer[:cut], self._buffer[cut:]
        self.position += len(data)
        return data

    def close(self):
        if self._chunks is not None:
            self._chunks.close()


def send_stored(store, stored, stat, etag=None):
    """The response for ResourceFile ``stored`` whose object has Stat ``stat`` (its size and age), with
    ``etag`` as its validator (default: the file's SHA-256)."""
    options = dict(mimetype=stored.content_type, as_attachment=stored.purpose == "document",
                   download_name=stored.original_name, etag=etag or stored.sha256, max_age=0,
                   last_modified=stat.modified)
    if isinstance(store, LocalStore):
        response = send_file(store.local_path(stored.storage_name), conditional=True, **options)
    else:
        reader = ObjectReader(store, stored.storage_name, stat.size)
        response = send_file(reader, conditional=False, **options)
        response.content_length = stat.size
        response = response.make_conditional(request.environ, accept_ranges=True, complete_length=stat.size)
        if response.status_code == 206:
            reader.limit(response.content_range.stop)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
