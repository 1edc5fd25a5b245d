"""The production server: ``python serve.py`` (``make serve``) serves ``wsgi:app`` with granian.

The one place that chooses and starts the server: ``make serve``, ``make bench``, ``make load`` and
the tests that need real sockets all run this file (``command()`` gives its argv), so a change of
server or setting is made here once. Settings come from the environment:

- ``WSCN_BIND`` (``127.0.0.1:8000``): host:port to listen on;
- ``WSCN_WORKERS`` (2): worker processes; in production more than one needs a shared rate-limit
  store (``WSCN_RATELIMIT_STORAGE_URI``), checked here before any worker starts and again by the app;
- ``WSCN_THREADS`` (1): Python threads per worker running requests (slow clients cost none: granian
  reads requests and writes answers in Rust). One is the fastest on this site's work, which is all
  CPU (``make bench``, 2 workers: cached pages 29,300 req/s with 1 thread against 25,900 with 4, as
  threads of one process take turns with the interpreter lock; portal pages no slower); raise it when
  views wait on something slow (a distant database, or file downloads streamed without nginx);
- ``WSCN_ACCESS_LOG`` (off): any non-empty value logs one line per request to standard output.

Why granian rather than gunicorn: ``make bench`` and the README's architecture notes give the figures.
What gunicorn.conf.py did is kept: keep-alive (granian's default), no header is believed about the
scheme or client (granian reads no X-Forwarded-* header; WSCN_TRUSTED_PROXIES decides in the app), and
SCRIPT_NAME comes only from configuration (granian's url_path_prefix, left unset), never from a header.
"""
import gc
import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def command(target="wsgi:app"):
    """The argv that starts the production server (run from any directory); ``make bench`` also
    serves its bare WSGI app (another ``module:name``) with exactly the same server and settings."""
    return [sys.executable, str(ROOT / "serve.py"), target]


def settings(environ=os.environ):
    host, _, port = environ.get("WSCN_BIND", "127.0.0.1:8000").rpartition(":")
    return {"address": host.strip("[]") or "127.0.0.1", "port": int(port),
            "workers": int(environ.get("WSCN_WORKERS", "2")),
            "threads": int(environ.get("WSCN_THREADS", "1")),
            "access_log": bool(environ.get("WSCN_ACCESS_LOG"))}


def preload(target):
    """Build the app once, here: the workers are forked from this process and share its memory
    (modules, rendered pages) until they write to it, and each starts at once. No database connection
    is open at the fork (each worker opens its own)."""
    module, _, name = target.partition(":")
    app = getattr(importlib.import_module(module), name)
    if "sqlalchemy" in getattr(app, "extensions", {}):
        from sqlalchemy.orm import configure_mappers

        from wscn_site.extensions import db

        for template in app.jinja_env.list_templates():  # compiled once, here, rather than in each worker
            app.jinja_env.get_template(template)
        configure_mappers()
        load_languages(app)
        with app.app_context():
            db.engine.dispose()
    gc.freeze()  # the collector leaves what the workers inherit alone, so those pages stay shared


def load_languages(app):
    """The Welsh catalogue and both languages' locale data (Babel's CLDR tables, read at first use),
    loaded here once and shared, rather than read into each worker by its first page."""
    from datetime import date

    from flask_babel import format_currency, format_date, get_translations

    for lang in ("en", "cy"):
        with app.test_request_context(f"/{lang}/"):
            get_translations()
            format_date(date.today(), "full")
            format_currency(1, "GBP")


def main():
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from granian.constants import Interfaces
    from granian.server import Server

    from wscn_site.config import check_rate_limit_storage

    chosen = settings()
    production = os.environ.get("WSCN_PRODUCTION", "").strip().lower() in {"1", "true", "yes", "on"}
    try:  # before any worker starts: per-process rate-limit counters with several workers
        check_rate_limit_storage(production, os.environ.get("WSCN_RATELIMIT_STORAGE_URI", "memory://"),
                                 chosen["workers"])
    except RuntimeError as problem:
        sys.exit(f"serve.py: {problem}")
    os.environ["WSCN_WORKERS"] = str(chosen["workers"])  # the app checks the same number
    os.environ["WSCN_SERVING"] = "1"  # no migration commands (nor Alembic) in the server's processes
    target = sys.argv[1] if len(sys.argv) > 1 else "wsgi:app"
    preload(target)
    Server(target, interface=Interfaces.WSGI, address=chosen["address"], port=chosen["port"],
           workers=chosen["workers"], blocking_threads=chosen["threads"], log_access=chosen["access_log"],
           url_path_prefix=None).serve()


if __name__ == "__main__":
    main()
