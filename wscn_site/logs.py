"""Where the site's log records go, and how they look: one line each on stderr.

``WSCN_LOG_FORMAT=json`` (the default in production) writes one JSON object per line, for a log
collector; ``text`` (the default otherwise, e.g. ``make run``) writes lines for a person. Every record
written during a request carries its request id (``request_id``), set by ``request_log``.

The handler sits on the ``wscn_site`` logger (the app's logger and every module's), not the root:
gunicorn's, SQLAlchemy's and Alembic's logging stay as they were. Records still propagate, so pytest's
``caplog`` sees them.
"""
import json
import logging
from json.encoder import encode_basestring as json_string
import sys
import time
from contextvars import ContextVar

from flask import has_request_context, request
from flask.logging import default_handler

from .log_buffer import LineBuffer

PACKAGE_LOGGER = "wscn_site"
ACCESS_LOGGER = "wscn_site.requests"
FORMATS = ("json", "text")

#: The id of the request this thread (or task) is answering, or None between requests.
current_request_id = ContextVar("wscn_request_id", default=None)


_second = [None, ""]  # the last second formatted, and its text: one strftime per second, not per line


def utc_time(created):
    seconds = int(created)
    if _second[0] != seconds:
        _second[:] = seconds, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{_second[1]}.{int((created - seconds) * 1000):03d}Z"


class RequestContext(logging.Filter):
    """On the handler: adds ``request_id`` to every record it writes."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class NoRawPathInErrors(logging.Filter):
    """On the app's logger: Flask's "Exception on <path> [GET]" names the raw path, which may hold a
    token; it names the path as the request line logs it instead (``request_log.request_path``)."""

    def filter(self, record):
        if isinstance(record.msg, str) and record.msg.startswith("Exception on ") and has_request_context():
            from .request_log import request_path

            record.msg, record.args = f"Exception on {request_path(request)} [{request.method}]", ()
        return True


class JsonLines(logging.Formatter):
    def format(self, record):
        fields = getattr(record, "request", None)
        if fields is not None and not record.exc_info:
            return request_line(record.created, fields)
        line = {"time": utc_time(record.created), "level": record.levelname.lower(), "logger": record.name}
        if fields is not None:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
            line["request_id"] = getattr(record, "request_id", None)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def request_line(created, fields):
    """The request line, written out by hand: it is on every request's path, and ``json.dumps`` of a
    dict costs several times as much. Strings are encoded by ``json``'s own C string encoder."""
    user_id = fields["user_id"]
    return (f'{{"time": "{utc_time(created)}", "level": "info", "logger": "{ACCESS_LOGGER}", '
            f'"request_id": {json_string(fields["request_id"])}, "method": {json_string(fields["method"])}, '
            f'"path": {json_string(fields["path"])}, "status": {"null" if fields["status"] is None else int(fields["status"])}, '
            f'"duration_ms": {fields["duration_ms"]!r}, "user_id": {"null" if user_id is None else int(user_id)}}}')


class TextLines(logging.Formatter):
    def format(self, record):
        fields = getattr(record, "request", None)
        if fields is not None:
            user = fields["user_id"] if fields["user_id"] is not None else "-"
            message = (f'{fields["method"]} {fields["path"]} {fields["status"]} {fields["duration_ms"]} ms'
                       f' user={user} id={fields["request_id"]}')
        else:
            message = record.getMessage()
            if getattr(record, "request_id", None):
                message += f" [id={record.request_id}]"
        line = f"{time.strftime('%H:%M:%S', time.localtime(record.created))} {record.levelname} {message}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (pytest's capture replaces it), after the
    request lines still waiting in the buffer (log_buffer.py)."""

    def emit(self, record):
        _buffer.flush()
        super().emit(record)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class NotDevServerRequests(logging.Filter):
    """Werkzeug's development server (``make run``) logs each request with its raw path and query string
    (tokens included); our own line replaces it. Its other messages (the address it serves) stay."""

    def filter(self, record):
        return not (isinstance(record.msg, str) and record.msg.rstrip().endswith('"%s" %s %s'))


class RequestRecord(logging.LogRecord):
    """A log record made cheaply: ``LogRecord()`` looks up the thread, process and module names and
    ``log.info`` searches the stack for its caller, a third of the line's cost; these are the same for
    every request line, so they are copied from one dict (formatters read ``record.__dict__``), and
    only the time is taken per line."""

    FIELDS = {
        "name": ACCESS_LOGGER, "msg": "request", "args": None, "levelno": logging.INFO, "levelname": "INFO",
        "pathname": __file__.replace("logs.py", "request_log.py"), "filename": "request_log.py",
        "module": "request_log", "lineno": 0,
        "funcName": "write", "exc_info": None, "exc_text": None, "stack_info": None, "thread": None,
        "threadName": None, "process": None, "processName": None, "taskName": None, "relativeCreated": 0.0,
    }

    def __init__(self):  # noqa: super().__init__ is what this record avoids
        self.__dict__.update(self.FIELDS)
        self.created = created = time.time()
        self.msecs = (created - int(created)) * 1000


_handler = StderrHandler()
_buffer = LineBuffer(_handler.lock)
_handler.addFilter(RequestContext())
_dev_server_filter = NotDevServerRequests()
_error_path_filter = NoRawPathInErrors()
_access = logging.getLogger(ACCESS_LOGGER)
_package = logging.getLogger(PACKAGE_LOGGER)


def write_request_line(fields):
    """The request line of ``fields`` (request_log.py), as ``log.info`` on ``ACCESS_LOGGER`` would write
    it, without its search of the stack for the caller. When the one handler it would reach is ours (a
    server's case: nothing else is attached to these loggers or the root), the line is formatted and
    written here, without the walk through loggers, filters and handlers (half of the line's cost);
    otherwise (pytest's capture, a handler someone added) it goes through ``logging`` as any record."""
    handlers = _package.handlers
    if (_access.handlers or _access.filters or _access.disabled or _package.disabled or not _access.propagate
            or len(handlers) != 1 or handlers[0] is not _handler or logging.root.handlers
            or _handler.filters[1:] or _handler.level > logging.INFO):
        record = RequestRecord()
        record.request = fields
        _access.handle(record)
        return
    if type(_handler.formatter) is JsonLines:  # the production format: the line itself, no record
        line = request_line(time.time(), fields) + "\n"
    else:
        record = RequestRecord()
        record.request = fields
        line = _handler.format(record) + "\n"
    _buffer.add(line)


def configure(app):
    """Install the one stderr handler (once per process) in the app's ``LOG_FORMAT``."""
    log_format = app.config["LOG_FORMAT"]
    if log_format not in FORMATS:
        raise RuntimeError(f"WSCN_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    _handler.setFormatter(JsonLines() if log_format == "json" else TextLines())
    logger = logging.getLogger(PACKAGE_LOGGER)
    logger.removeHandler(default_handler)  # Flask's own, should app.logger have been created first
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    logger.addFilter(_error_path_filter)  # adding the same filter twice keeps one
    logger.setLevel(app.config["LOG_LEVEL"])
    _buffer.flush()
    _buffer.seconds = app.config["LOG_FLUSH_SECONDS"]
    logging.getLogger("werkzeug").addFilter(_dev_server_filter)
