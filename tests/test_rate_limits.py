"""Login attempts are limited per account and per address, in memory or in Redis."""
import uuid

import pytest
from factories import PASSWORD, csrf_token
from helpers import REDIS_URL, html_lang, redis_or_skip, visible_text

pytestmark = pytest.mark.db


def attempt(client, email, password="wrong password", lang="en"):
    path = "/en/account/login" if lang == "en" else "/cy/cyfrif/mewngofnodi"
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"email": email, "password": password, "csrf_token": token})


def check_account_limit(app, portal, email=None):
    client = app.test_client()
    email = email or portal.users["member"].email
    for _ in range(5):
        assert attempt(client, email).status_code == 200
    blocked = attempt(client, email, PASSWORD, lang="cy")
    assert blocked.status_code == 429
    assert html_lang(blocked.text) == "cy" and "Gormod o ymdrechion" in visible_text(blocked.text)
    assert "Retry-After" in blocked.headers
    other = attempt(client, portal.users["welsh_member"].email, PASSWORD)
    assert other.status_code == 302, "another account from the same address is not blocked"


def test_failed_logins_are_limited_per_account(app, portal):
    check_account_limit(app, portal)


def test_successful_logins_do_not_use_up_the_account_limit(app, portal):
    for _ in range(7):
        client = app.test_client()
        assert attempt(client, portal.users["member"].email, PASSWORD).status_code == 302


def test_logins_are_limited_per_address(make_app):
    app = make_app(LOGIN_LIMIT_PER_IP="4 per minute")
    client = app.test_client()
    codes = [attempt(client, f"person{n}@example.org").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def test_limits_are_shared_through_redis(make_app, request):
    connection = redis_or_skip()
    from factories import build_portal, user

    from wscn_site.extensions import db

    app = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, LOGIN_LIMIT_PER_IP="10000 per minute")
    email = f"redis-{uuid.uuid4().hex[:12]}@example.org"
    with app.app_context():
        portal = build_portal()
        user(email, org=None)
        db.session.commit()
    request.addfinalizer(lambda: [connection.delete(key) for key in connection.keys(f"*{email}*")])
    check_account_limit(app, portal, email)
    assert connection.keys(f"*login-account:{email}*"), "the limiter kept its counters in Redis"
    second_worker = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, create_tables=False, LOGIN_LIMIT_PER_IP="10000 per minute",
                             SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    blocked = attempt(second_worker.test_client(), email, PASSWORD)
    assert blocked.status_code == 429, "a second process sharing Redis sees the same count"
