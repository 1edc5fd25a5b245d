"""/healthz says the process answers; /readyz says whether the database, Redis (when configured) and
the file storage answer too, naming what failed, in JSON that is never cached or rate-limited."""
import os
import shutil

import pytest
import redis
import sqlalchemy as sa

from helpers import free_port
from tcp_relay import Relay

pytestmark = pytest.mark.db
HOST = {"Host": "safercommunities.example"}
REDIS_URL = "redis://127.0.0.1:6379/0"


def get(app, path, **headers):
    return app.test_client().get(path, headers={**HOST, **headers})


def test_both_answer_json_uncached_with_no_personal_data(app):
    for path, body in (("/healthz", {"status": "ok"}),
                       ("/readyz", {"status": "ok", "checked": ["database", "storage"]})):
        response = get(app, path)
        assert response.status_code == 200 and response.json == body, path
        assert response.mimetype == "application/json"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers


def test_any_allowed_host_is_answered_and_no_other(make_app):
    app = make_app(HOST_ALIASES=["www.safercommunities.example"])
    for host in ("safercommunities.example", "www.safercommunities.example", "localhost"):
        assert get(app, "/readyz", Host=host).status_code == 200, host
    assert get(app, "/healthz", Host="evil.example").status_code == 400


def test_a_missing_database_fails_readiness_but_not_health(make_app, tmp_path):
    app = make_app(create_tables=False,
                   SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test")
    assert get(app, "/healthz").status_code == 200
    response = get(app, "/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "failed": ["database"], "checked": ["database", "storage"]}
    assert "127.0.0.1" not in response.text and "postgres" not in response.text


def test_readiness_follows_a_postgresql_connection_cut_and_restored(make_app):
    url = sa.engine.make_url(os.environ.get("WSCN_TEST_DATABASE_URL")
                             or "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    relay = Relay(url.port or 5432)
    relay.start()
    app = make_app(create_tables=False,
                   SQLALCHEMY_DATABASE_URI=url.set(host="127.0.0.1", port=relay.port).render_as_string(False))
    try:
        if get(app, "/readyz").status_code != 200:
            if os.environ.get("WSCN_REQUIRE_SERVICES"):
                pytest.fail("no PostgreSQL on 127.0.0.1:5432")
            pytest.skip("no PostgreSQL on 127.0.0.1:5432")
        relay.stop()
        assert get(app, "/readyz").json["failed"] == ["database"]
        assert get(app, "/healthz").status_code == 200
        relay.start()
        assert get(app, "/readyz").status_code == 200  # the same app recovers (pool_pre_ping)
    finally:
        relay.stop()
        with app.app_context():
            from wscn_site.extensions import db
            db.engine.dispose()


def test_redis_is_checked_when_configured(make_app):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("WSCN_REQUIRE_SERVICES"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    up = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX="health-test")
    assert get(up, "/readyz").json == {"status": "ok", "checked": ["database", "storage", "redis"]}


def test_redis_down_fails_readiness(make_app):
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    response = get(app, "/readyz")
    assert response.status_code == 503 and response.json["failed"] == ["redis"]
    assert get(app, "/healthz").status_code == 200


def test_missing_storage_fails_readiness_and_is_never_served_from_a_cache(make_app, tmp_path):
    app = make_app(PRIVATE_DIR=tmp_path / "private")
    assert get(app, "/readyz").status_code == 200
    shutil.rmtree(tmp_path / "private")  # an unmounted volume
    response = get(app, "/readyz")
    assert response.status_code == 503 and response.json["failed"] == ["storage"]
    (tmp_path / "private").write_text("a file where the folder should be")
    assert get(app, "/readyz").json["failed"] == ["storage"]
    assert app.extensions["page_cache"].hits == 0 and not app.extensions["page_cache"].entries


def test_neither_is_rate_limited_nor_in_the_sitemap(make_app, request):
    from wscn_site.extensions import limiter

    app = make_app(RATELIMIT_DEFAULT="2 per minute")
    # Flask-Limiter keeps default limits on its one shared object: later apps in this process must not inherit them
    request.addfinalizer(lambda: limiter.limit_manager.set_default_limits([]))
    client = app.test_client()
    limited = [client.get("/robots.txt", headers=HOST).status_code for _ in range(3)]
    assert limited[-1] == 429  # the default limit is really on
    for path in ("/healthz", "/readyz"):
        assert [client.get(path, headers=HOST).status_code for _ in range(5)] == [200] * 5
    sitemap = client.get("/sitemap.xml", headers=HOST).text
    assert "healthz" not in sitemap and "readyz" not in sitemap
