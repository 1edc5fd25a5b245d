"""The cost of the request log per request: a page-cache hit through the whole WSGI stack (host guard,
page cache, and the request log around them), timed with and without the log. Writes go to stderr,
so run it as ``python bench/log_cost.py 2>/dev/null`` (a real write per line, as in production)."""
import logging
import os
import sys
import tempfile
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's wscn_site
os.environ.setdefault("WSCN_SECRET_KEY", "bench")

from wscn_site import create_app  # noqa: E402

N = 20000


def environ():
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/en/membership", "SCRIPT_NAME": "", "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
            "wsgi.url_scheme": "http", "HTTP_ACCEPT": "text/html", "HTTP_USER_AGENT": "bench"}


def request(wsgi):
    def start_response(status, headers, exc_info=None):
        pass
    result = wsgi(environ(), start_response)
    for _ in result:
        pass
    if hasattr(result, "close"):
        result.close()


def per_request_us(wsgi):
    """The best of seven runs, in CPU time of this process (other processes on a shared machine then
    count for less than in wall-clock time)."""
    runs = timeit.repeat(lambda: request(wsgi), number=N, repeat=7, timer=time.process_time)
    return min(runs) / N * 1e6


def main():
    with tempfile.TemporaryDirectory() as folder:
        for log_format in ("json", "text"):
            app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.sqlite3", "PRIVATE_DIR": folder,
                              "LOG_FORMAT": log_format})
            logged = app.wsgi_app
            unlogged = logged.wsgi_app  # the host guard and page cache, without the request log
            request(logged)  # fills the page cache
            hits = app.extensions["page_cache"].hits
            without = per_request_us(unlogged)
            with_log = per_request_us(logged)
            logging.getLogger("wscn_site.requests").setLevel(logging.WARNING)
            id_only = per_request_us(logged)
            logging.getLogger("wscn_site.requests").setLevel(logging.NOTSET)
            assert app.extensions["page_cache"].hits > hits
            print(f"{log_format}: page-cache hit without the request log {without:.1f} us, with it "
                  f"{with_log:.1f} us (+{with_log - without:.1f} us); request id only {id_only:.1f} us",
                  file=sys.__stdout__)


if __name__ == "__main__":
    main()
