"""Settings, read from the environment, with safe defaults for ``make run``.

Every setting can be given as an environment variable of the same name with
the ``WSCN_`` prefix (``WSCN_SECRET_KEY``, ``WSCN_DATABASE_URL`` ...).
"""
import os
import secrets
from datetime import date
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def _env(name, default=None):
    return os.environ.get(f"WSCN_{name}", default)


def _flag(name, default=False):
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path):
    """Return the development secret key kept in ``instance/``, creating it once."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def load_config(app):
    """Fill ``app.config`` from the environment."""
    production = _flag("PRODUCTION")
    instance = Path(app.instance_path)
    secret = _env("SECRET_KEY")
    if not secret:
        if production:
            raise RuntimeError("WSCN_SECRET_KEY must be set when WSCN_PRODUCTION is on")
        secret = instance_secret_key(instance)
    app.config.update(
        PRODUCTION=production,
        SECRET_KEY=secret,
        SITE_URL=_env("SITE_URL", "http://127.0.0.1:5000").rstrip("/"),
        CONTENT_DIR=Path(_env("CONTENT_DIR", PROJECT_ROOT / "content")),
        MIGRATIONS_DIR=PROJECT_ROOT / "migrations",
        SQLALCHEMY_DATABASE_URI=_env("DATABASE_URL", f"sqlite:///{instance / 'wscn.sqlite3'}"),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE="Europe/London",
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "translations"),
        SESSION_COOKIE_NAME="wscn_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        WTF_CSRF_TIME_LIMIT=None,
        # Explicit, so that each app sets the shared limiter object afresh (Flask-Limiter keeps the last).
        RATELIMIT_ENABLED=_flag("RATELIMIT_ENABLED", True),
        RATELIMIT_STORAGE_URI=_env("RATELIMIT_STORAGE_URI", "memory://"),
        RATELIMIT_KEY_PREFIX=_env("RATELIMIT_KEY_PREFIX", ""),
        RATELIMIT_HEADERS_ENABLED=True,
        MAX_CONTENT_LENGTH=int(_env("MAX_FORM_BYTES", str(64 * 1024))),  # any body; uploads: body_limits.py
        MAX_UPLOAD_BYTES=int(_env("MAX_UPLOAD_BYTES", str(300 * 1024 * 1024))),
        MAX_MEMBER_UPLOAD_BYTES=int(_env("MAX_MEMBER_UPLOAD_BYTES", str(20 * 1024 * 1024))),
        # Support requests and replies one person may send (support/views.py).
        SUPPORT_LIMIT=_env("SUPPORT_LIMIT", "10 per hour"),
        TRUSTED_PROXIES=int(_env("TRUSTED_PROXIES", "0")),
        HOST_ALIASES=[h.strip() for h in _env("HOST_ALIASES", "").split(",") if h.strip()],
        PAGE_CACHE=_flag("PAGE_CACHE", True),
        # How stale a cached page built from the database may be: each process reads the public version
        # at most this often (page_cache.py, public_version.py).
        PAGE_CACHE_RECHECK_SECONDS=float(_env("PAGE_CACHE_RECHECK_SECONDS", "0.5")),
        # Portal pages kept per login session while the database and the day stay the same (portal_cache.py).
        PORTAL_CACHE=_flag("PORTAL_CACHE", True),
        PORTAL_CACHE_ENTRIES=int(_env("PORTAL_CACHE_ENTRIES", "1000")),
        PORTAL_CACHE_SECONDS=float(_env("PORTAL_CACHE_SECONDS", "60")),
        PRIVATE_DIR=Path(_env("PRIVATE_DIR", instance / "private")),
        # Compiled templates kept between starts (template_cache.py); empty: compile at every start.
        TEMPLATE_CACHE_DIR=_env("TEMPLATE_CACHE_DIR", str(instance / "template-cache")),
        STORAGE_URL=_env("STORAGE_URL", ""),
        S3_ENDPOINT_URL=_env("S3_ENDPOINT_URL", ""),
        # Behind nginx: downloads leave the app as X-Accel-Redirect to this internal location
        # (e.g. "/_private/"); empty, the app streams the file itself (make run, make serve alone).
        ACCEL_REDIRECT=_env("ACCEL_REDIRECT", ""),
        # With object storage behind nginx (ACCEL_REDIRECT=/_s3/): how long nginx may use the presigned
        # link the app gives it (it uses it at once: a short life is plenty).
        S3_PRESIGNED_SECONDS=int(_env("S3_PRESIGNED_SECONDS", "60")),
        # Seconds a shared cache (nginx's microcache) may keep a page that is the same for every
        # anonymous visitor (Cache-Control s-maxage); 0 leaves such pages "no-cache" for every cache.
        SHARED_CACHE_SECONDS=int(_env("SHARED_CACHE_SECONDS", "5")),
        MAIL_SERVER=_env("MAIL_SERVER", ""),
        MAIL_PORT=int(_env("MAIL_PORT", "25")),
        MAIL_STARTTLS=_flag("MAIL_STARTTLS"),
        MAIL_USERNAME=_env("MAIL_USERNAME", ""),
        MAIL_PASSWORD=_env("MAIL_PASSWORD", ""),
        MAIL_FROM=_env("MAIL_FROM", "SaferCommunities@wlga.gov.uk"),
        MAIL_SENDER_NAME=_env(
            "MAIL_SENDER_NAME", "Rhwydwaith Cymunedau Mwy Diogel Cymru / Wales Safer Communities Network"
        ),
        RESET_TOKEN_MAX_AGE=int(_env("RESET_TOKEN_MAX_AGE", str(60 * 60))),
        INVITE_TOKEN_MAX_AGE=int(_env("INVITE_TOKEN_MAX_AGE", str(7 * 24 * 60 * 60))),
        # Joining on or after this day ("MM-DD") of a financial year also covers the next one; "off": never.
        MEMBERSHIP_NEXT_YEAR_FROM=_env("MEMBERSHIP_NEXT_YEAR_FROM", "01-01"),
        SESSION_IDLE_MINUTES=int(_env("SESSION_IDLE_MINUTES", "120")),
        SESSION_LIFETIME_HOURS=int(_env("SESSION_LIFETIME_HOURS", "12")),
        LOGIN_LIMIT_PER_IP=_env("LOGIN_LIMIT_PER_IP", "20 per 10 minutes"),
        LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS=_env("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "5 per 15 minutes"),
        LOGIN_LIMIT_PER_ACCOUNT=_env("LOGIN_LIMIT_PER_ACCOUNT", "50 per hour"),
        # Questions one person may send to the annual meeting (meetings/views.py).
        MEETING_QUESTION_LIMIT=_env("MEETING_QUESTION_LIMIT", "10 per hour"),
        LOGIN_ALERT_AFTER=int(_env("LOGIN_ALERT_AFTER", "10")),
        WORKERS=int(_env("WORKERS", "2")),
        # Renewals (membership/reminders.py): the invitation to renew for the next financial year goes
        # from this day (month-day, before 1 April), the reminder from the second; after 31 March an
        # organisation that has not renewed keeps access for the grace period (days; access.py).
        RENEWAL_INVITATIONS_FROM=_env("RENEWAL_INVITATIONS_FROM", "01-01"),
        RENEWAL_REMINDERS_FROM=_env("RENEWAL_REMINDERS_FROM", "03-01"),
        MEMBERSHIP_GRACE_DAYS=int(_env("MEMBERSHIP_GRACE_DAYS", "30")),
        # Attendees' access and dietary needs are deleted this many days after the event ends
        # (flask events forget-needs; the privacy notice says so).
        EVENT_NEEDS_RETENTION_DAYS=int(_env("EVENT_NEEDS_RETENTION_DAYS", "30")),
        # A place freed at a full event is held this many hours for the first waiting-list entry it
        # fits; then `flask events release-offers` (from cron) offers it to the next.
        WAITLIST_OFFER_HOURS=int(_env("WAITLIST_OFFER_HOURS", "48")),
        # A non-member's places are held this long for them to confirm by the emailed link
        # (flask events release-holds releases them after), and their form's limit per address.
        BOOKING_HOLD_HOURS=int(_env("BOOKING_HOLD_HOURS", "24")),
        EVENT_NONMEMBER_LIMIT_PER_IP=_env("EVENT_NONMEMBER_LIMIT_PER_IP", "20 per hour"),
        # Comments one person may post on consultations (consultations/views.py).
        CONSULTATION_COMMENT_LIMIT=_env("CONSULTATION_COMMENT_LIMIT", "20 per hour"),
        LOG_FORMAT=_env("LOG_FORMAT", "json" if production else "text").strip().lower(),
        LOG_LEVEL=_env("LOG_LEVEL", "INFO").strip().upper(),
        # Request lines are written in batches at most this many seconds apart (log_buffer.py); 0: each at once.
        LOG_FLUSH_SECONDS=float(_env("LOG_FLUSH_SECONDS", "1" if production else "0")),
        SEND_FILE_MAX_AGE_DEFAULT=365 * 24 * 3600,
    )


def check_rate_limit_storage(production, storage_uri, workers):
    """In production, refuse counters kept in each process's memory when several processes serve:
    each would count on its own, and every limit would be multiplied by the number of workers."""
    if production and storage_uri.startswith("memory://") and workers > 1:
        raise RuntimeError(
            f"WSCN_RATELIMIT_STORAGE_URI is memory:// but {workers} workers may run: each would keep its "
            "own count of log-in attempts, multiplying every limit. Set WSCN_RATELIMIT_STORAGE_URI to a "
            "shared store such as redis://127.0.0.1:6379/0, or run one worker (WSCN_WORKERS=1)."
        )


def month_day(text):
    """(month, day) of "01-15"; a ValueError unless it is a day of the year (29 February is not:
    the day must come every year)."""
    month, _, day = str(text).strip().partition("-")
    month, day = int(month), int(day)
    date(2027, month, day)
    return month, day


def check_renewal_schedule(config):
    """The renewal days are month-days in January to March (so the renewal opens before the year
    ends), the reminder's not before the invitation's; the grace period is 0 to 365 days."""
    try:
        invite, remind = month_day(config["RENEWAL_INVITATIONS_FROM"]), month_day(config["RENEWAL_REMINDERS_FROM"])
    except ValueError:
        raise RuntimeError("WSCN_RENEWAL_INVITATIONS_FROM and WSCN_RENEWAL_REMINDERS_FROM must be month-days "
                           "such as 01-01 and 03-01") from None
    if not (invite[0] <= 3 and remind[0] <= 3 and invite <= remind):
        raise RuntimeError("The renewal invitation and reminder days must fall in January to March, "
                           "the reminder not before the invitation")
    if not 0 <= int(config["MEMBERSHIP_GRACE_DAYS"]) <= 365:
        raise RuntimeError("WSCN_MEMBERSHIP_GRACE_DAYS must be between 0 and 365")


def check(app):
    """Settings that must not reach production, after the test or instance overrides."""
    config = app.config
    check_renewal_schedule(config)
    check_rate_limit_storage(config["PRODUCTION"], config["RATELIMIT_STORAGE_URI"], config["WORKERS"])
    accel = config["ACCEL_REDIRECT"]
    if accel and not (accel.startswith("/") and accel.endswith("/") and "//" not in accel):
        raise RuntimeError(f"WSCN_ACCEL_REDIRECT must be a location path such as /_private/, not {accel!r}")
    if accel and config["STORAGE_URL"].startswith("s3://") and not config["S3_ENDPOINT_URL"]:
        raise RuntimeError("WSCN_ACCEL_REDIRECT with object storage needs WSCN_S3_ENDPOINT_URL: nginx fetches "
                           "the files from that endpoint, written in its configuration (docs/deploy.md)")
