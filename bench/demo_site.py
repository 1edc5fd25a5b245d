"""The demo data (``flask demo load``) in a database of the bench's own, and a member's session on it."""
import http.client
import os
import re
import secrets
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's wscn_site, as the server serves it
from site_pages import LOGIN_PATH as LOGIN  # noqa: E402
from site_pages import demo_logins  # noqa: E402

PG_ADMIN_URL = os.environ.get("WSCN_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def load_demo_data(database_url, private_dir):
    """Migrate the database and load the demo data into it; returns the demo logins."""
    from flask_migrate import upgrade

    from wscn_site import create_app

    os.environ.setdefault("WSCN_SECRET_KEY", secrets.token_urlsafe(32))  # never the instance/ key
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PRIVATE_DIR": Path(private_dir),
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
    logins = demo_logins(app)
    with app.app_context():
        from wscn_site.extensions import db

        db.engine.dispose()
    return logins


def member_session(port, logins):
    """(cookie header, portal paths: dashboard, library, a resource page) for the demo member, logged in
    through the form. By hand rather than with a cookie jar: production cookies are Secure, and the
    bench speaks plain HTTP to 127.0.0.1."""
    email, password = logins["member"]
    cookies = {}

    def request(method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                   "Content-Type": "application/x-www-form-urlencoded"}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.msg.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            cookies[name] = value
        html = response.read().decode()
        conn.close()
        return response.status, html

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', request("GET", LOGIN)[1]).group(1)
    status, _ = request("POST", LOGIN, urlencode({"email": email, "password": password, "csrf_token": token}))
    if status != 302:
        sys.exit(f"the demo member could not log in ({status})")
    status, library = request("GET", "/en/members/library")
    resource = re.search(r'href="(/en/members/resources/\d+)"', library).group(1)
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), ["/en/members/", "/en/members/library", resource]


def postgres_database():
    """A new, empty PostgreSQL database (URL, drop function), or (None, None) when none is reachable."""
    try:
        import psycopg

        name = f"wscn_bench_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as problem:  # noqa: BLE001  (no PostgreSQL: the bench reports SQLite only)
        print(f"PostgreSQL not used: {problem}", flush=True)
        return None, None

    def drop():
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name, drop


def redis_settings():
    """Production settings for the rate-limit counters: two workers sharing Redis when it answers,
    otherwise one worker counting in memory (what production accepts)."""
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=2).ping()
        return {"WSCN_WORKERS": "2", "WSCN_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                "WSCN_RATELIMIT_KEY_PREFIX": f"bench-{secrets.token_hex(4)}"}
    except Exception:  # noqa: BLE001
        return {"WSCN_WORKERS": "1", "WSCN_RATELIMIT_STORAGE_URI": "memory://"}
