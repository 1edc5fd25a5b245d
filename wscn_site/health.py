"""``/healthz`` and ``/readyz``, for a load balancer, an orchestrator or a monitor.

``/healthz``: the process answers; it touches nothing else, so a database outage never gets a healthy
worker restarted. ``/readyz``: the dependencies a request may need answer too: the database
(``SELECT 1``), Redis when a setting names a ``redis://`` URL (the rate-limit counters), and the
private file storage. Both answer JSON naming only the checks (no addresses, hosts or error texts,
which go to the log), with ``Cache-Control: no-store``. They are exempt from rate limits, never
marked for the page cache, and not in the sitemap (it lists content pages and Briff issues only).
"""
import logging
from pathlib import Path

from flask import Blueprint, current_app, jsonify

from . import storage
from .extensions import db, limiter

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
TIMEOUT_SECONDS = 2


def _answer(body, status=200):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return _answer({"status": "ok"})


@bp.get("/readyz")
@limiter.exempt
def readyz():
    checks = {"database": database_ready, "storage": storage_ready}
    if redis_urls(current_app.config):
        checks["redis"] = redis_ready
    failed = []
    for name, check in checks.items():
        try:
            ready = check()
        except Exception as exc:  # noqa: BLE001  (any failure means "not ready"; the log says which)
            log.error("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
            ready = False
        if not ready:
            failed.append(name)
    if failed:
        return _answer({"status": "unavailable", "failed": failed, "checked": list(checks)}, 503)
    return _answer({"status": "ok", "checked": list(checks)})


def database_ready():
    try:
        return db.session.execute(db.text("SELECT 1")).scalar() == 1
    finally:
        db.session.rollback()


def redis_urls(config):
    """Every setting holding a Redis URL (today the rate-limit storage), each once."""
    return sorted({value for value in config.values()
                   if isinstance(value, str) and value.startswith(REDIS_SCHEMES)})


def redis_ready():
    import redis  # the ``redis`` extra; only needed when a Redis URL is configured

    for url in redis_urls(current_app.config):
        client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS,
                                      socket_connect_timeout=TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    return True


def storage_ready():
    """The file store's own check (``storage.check``: the private folder, or the S3 bucket)."""
    problem = storage.check()
    if problem:
        log.error("readiness: %s", problem)
        return False
    return True


def init_app(app):
    """Register the routes, and make the local private folder (``make run``, a fresh deployment) so that
    a missing folder later means it went away (an unmounted volume), which ``/readyz`` reports."""
    app.register_blueprint(bp)
    try:
        Path(app.config["PRIVATE_DIR"]).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.error("could not create the private folder: %s", exc)
