"""The Wales Safer Communities Network website."""
import hashlib
import os
from pathlib import Path

from flask import Flask

from . import (
    backup, body_limits, content, control_characters, demo, errors, formatting, health, i18n, logs, mail_cli,
    page_cache, portal_cache, request_guard, request_log, routing, security, shared_cache, storage, template_cache, terms,
)
from .config import check as check_config
from .config import load_config
from .extensions import csrf, db, limiter, login_manager


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    routing.init_app(app)
    control_characters.init_app(app)
    load_config(app)
    if test_config:
        app.config.update(test_config)
    check_config(app)
    logs.configure(app)
    app.after_request(request_log.note_route)  # first registered, so it runs last: after the user is loaded
    register_extensions(app)
    register_blueprints(app)
    content.init_app(app)
    formatting.init_app(app)
    template_cache.init_app(app)
    demo.init_app(app)
    storage.init_app(app)
    portal_cache.init_app(app)
    backup.init_app(app)
    mail_cli.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    terms.init_app(app)
    health.init_app(app)
    app.jinja_env.globals["static_version"] = static_version(app)
    cache = page_cache.wrap(app)
    app.wsgi_app = request_log.RequestLog(request_guard.guard(app, cache), cache.entries)
    return app


def static_version(app):
    """A short hash of the static files, so their URLs change when they do."""
    digest = hashlib.sha256()
    for path in sorted(Path(app.static_folder).rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def register_extensions(app):
    request_guard.init_app(app)  # before CSRF and rate limits: a forged host is refused first,
    body_limits.init_app(app)  # and the body limit is set before CSRF reads the form
    i18n.init_app(app)
    shared_cache.init_app(app)
    db.init_app(app)
    register_migrations(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)


def register_migrations(app):
    """``flask db ...`` and ``flask_migrate.upgrade()``, everywhere but in the web server: serve.py sets
    WSCN_SERVING=1, and its processes then never import Flask-Migrate and Alembic (0.25 s of start-up
    and 12 MB per process, for commands a server never runs)."""
    if os.environ.get("WSCN_SERVING") != "1":
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(app.config["MIGRATIONS_DIR"]))


def register_blueprints(app):
    from . import models  # noqa: F401  (registers the tables with SQLAlchemy and Alembic)
    from .auth import bp as auth_bp
    from .briff import bp as briff_bp
    from .briff.cli import init_app as register_briff_commands
    from .events import bp as events_bp
    from .events.booking_cli import init_app as register_event_commands
    from .members import bp as members_bp
    from .membership import bp as membership_bp
    from .membership.cli import init_app as register_membership_commands
    from .public import bp as public_bp
    from .staff import bp as staff_bp
    from .consultations import bp as consultations_bp
    from .meetings import bp as meetings_bp
    from .meetings.cli import init_app as register_meeting_commands
    from .support import bp as support_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(members_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(briff_bp)
    app.register_blueprint(membership_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(support_bp)
    register_briff_commands(app)
    register_membership_commands(app)
    register_event_commands(app)
    register_meeting_commands(app)
