"""What a file really is, judged by its content rather than its name.

Office files are zip archives; judging one reads a bounded amount whatever the archive declares: its
directory only when the end record says it is small, and at most ``MIMETYPE_LIMIT`` decompressed
bytes of one entry (an OpenDocument's ``mimetype``), so a zip bomb costs no more than a normal file.
"""
import struct
import zlib
import zipfile

#: kind -> (extensions, content type)
KINDS = {
    "pdf": ((".pdf",), "application/pdf"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ((".pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": ((".odt",), "application/vnd.oasis.opendocument.text"),
    "mp4": ((".mp4", ".m4v"), "video/mp4"),
    "webm": ((".webm",), "video/webm"),
    "vtt": ((".vtt",), "text/vtt"),
}
ALLOWED = {
    "document": ("pdf", "docx", "xlsx", "pptx", "odt"),
    "video": ("mp4", "webm"),
    "captions": ("vtt",),
}
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MIMETYPE_LIMIT = 256  # decompressed bytes read from the mimetype entry, at most
MAX_ENTRIES = 20_000  # a large presentation has a few thousand parts
MAX_DIRECTORY = 4 * 1024 * 1024  # bytes of central directory
_END_RECORD = b"PK\x05\x06"


def _directory_is_small(handle):
    """The end-of-central-directory record (in the last 64 KB) declares a directory we are willing to
    parse; Zip64 archives (over 65,535 entries or 4 GB), never an Office file we take, are refused."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 65_557))
    tail = handle.read()
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < 22:
        return False
    entries, directory_size = struct.unpack_from("<HI", tail, at + 10)
    return entries <= MAX_ENTRIES and directory_size <= MAX_DIRECTORY


def _entry_start(archive, name, limit):
    """At most ``limit`` + 1 decompressed bytes of an entry, whatever sizes the archive declares."""
    with archive.open(name) as entry:
        return entry.read(limit + 1)


def _zip_kind(path):
    try:
        with open(path, "rb") as handle:
            if not _directory_is_small(handle):
                return None
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names:
                    return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
                if "mimetype" in names:
                    start = _entry_start(archive, "mimetype", MIMETYPE_LIMIT)
                    return "odt" if len(start) <= MIMETYPE_LIMIT and start.strip() == ODT_MIMETYPE else None
    except (zipfile.BadZipFile, zlib.error, OSError, KeyError, EOFError, NotImplementedError, RuntimeError, ValueError):
        return None
    return None


def _is_webvtt(head):
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if not text.startswith(b"WEBVTT") or text[6:7] not in (b"", b" ", b"\t", b"\n", b"\r"):
        return False
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(text) - 4  # a character cut at the end of the sample
    return True


def sniff(path):
    """The kind of the file at ``path`` (a key of KINDS), or None when it is none we accept."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if _is_webvtt(head):
        return "vtt"
    return None


def check(path, filename, purpose):
    """(kind, content type) when the content is an allowed kind that matches the name's extension.

    Raises ValueError with "not-allowed" (content of a kind we do not take here) or
    "mismatch" (content that does not match the name, such as a program renamed .pdf).
    """
    kind = sniff(path)
    if kind is None or kind not in ALLOWED[purpose]:
        raise ValueError("not-allowed")
    extensions, content_type = KINDS[kind]
    if not filename.lower().endswith(extensions):
        raise ValueError("mismatch")
    return kind, content_type
