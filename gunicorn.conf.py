"""Gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Threaded workers with keep-alive: a sync worker closes every connection, so each
request pays for a new TCP connection and the worker waits on slow clients;
``make bench`` measures both (see bench/run.py).
"""
import os

bind = os.environ.get("WSCN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WSCN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WSCN_THREADS", "4"))
keepalive = int(os.environ.get("WSCN_KEEPALIVE", "5"))  # seconds an idle connection is kept
accesslog = os.environ.get("WSCN_ACCESS_LOG") or None  # e.g. "-"; off: the site logs each request itself
# What a proxy says about the request is the app's decision alone (WSCN_TRUSTED_PROXIES, ProxyFix in
# wscn_site/request_guard.py): gunicorn takes no scheme from X-Forwarded-Proto and maps no
# SCRIPT_NAME header into the environ, whoever sends them.
secure_scheme_headers = {}
forwarder_headers = ""


def on_starting(server):
    """Refuse, before any worker starts, per-process rate-limit counters with several workers in production."""
    from wscn_site.config import check_rate_limit_storage

    check_rate_limit_storage(os.environ.get("WSCN_PRODUCTION", "").strip().lower() in {"1", "true", "yes", "on"},
                             os.environ.get("WSCN_RATELIMIT_STORAGE_URI", "memory://"), server.cfg.workers)
    os.environ["WSCN_WORKERS"] = str(server.cfg.workers)  # the app checks the same number (``-w`` included)
