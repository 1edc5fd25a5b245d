"""Failed log-ins are limited per account and address: an attacker is stopped, the owner is not."""
import re
import uuid

import pytest
from factories import PASSWORD, csrf_token
from helpers import REDIS_URL, redis_or_skip, send_mail
from helpers import visible_text

pytestmark = pytest.mark.db

ATTACKER, OWNER, THIRD = "127.0.0.2", "127.0.0.3", "127.0.0.4"


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, email, password="wrong password", lang="en"):
    path = "/en/account/login" if lang == "en" else "/cy/cyfrif/mewngofnodi"
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"email": email, "password": password, "csrf_token": token})


def test_an_attacker_is_stopped_while_the_owner_still_logs_in_from_another_address(app, portal):
    email = portal.users["member"].email
    attacker = client_at(app, ATTACKER)
    assert [attempt(attacker, email).status_code for _ in range(6)] == [200] * 5 + [429]
    assert attempt(attacker, email, PASSWORD).status_code == 429, "the right password does not help the attacker"
    assert attempt(client_at(app, OWNER), email, PASSWORD).status_code == 302


def test_staff_are_not_locked_out_either(app, portal):
    email = portal.users["staff"].email
    attacker = client_at(app, ATTACKER)
    for _ in range(5):
        attempt(attacker, email)
    assert attempt(attacker, email).status_code == 429
    assert attempt(client_at(app, OWNER), email, PASSWORD).status_code == 302


def test_a_spread_out_attack_meets_the_account_ceiling_but_the_owner_does_not(make_app):
    """The ceiling stops addresses that have failed for this account, never a fresh one."""
    from factories import build_portal

    app = make_app(LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS="3 per 15 minutes", LOGIN_LIMIT_PER_ACCOUNT="6 per hour")
    with app.app_context():
        email = build_portal().users["member"].email
    for address in ("10.0.0.1", "10.0.0.2"):
        assert [attempt(client_at(app, address), email).status_code for _ in range(3)] == [200] * 3
    third = client_at(app, THIRD)
    assert attempt(third, email).status_code == 200  # a new address may try once...
    blocked = attempt(third, email)  # ...but the account's ceiling is spent
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 15 * 60
    assert attempt(client_at(app, OWNER), email, PASSWORD).status_code == 302


def test_the_owner_is_told_once_in_their_language(make_app, smtp_server):
    from factories import build_portal

    host, port, mailbox = smtp_server
    app = make_app(MAIL_SERVER=host, MAIL_PORT=port, LOGIN_ALERT_AFTER=4)
    with app.app_context():
        email = build_portal().users["welsh_member"].email
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        for _ in range(3):
            attempt(client_at(app, address), email)
    assert mailbox.messages == []  # requests only write to the outbox
    send_mail(app)
    [message] = mailbox.messages
    assert message["To"] == email and message["Content-Language"] == "cy"
    assert message["Subject"] == "Ymdrechion aflwyddiannus i fewngofnodi i'ch cyfrif"
    text = message.get_body(("plain",)).get_content()
    assert "Ymdrechion aflwyddiannus hyd yma: 4" in text
    assert "https://safercommunities.example/cy/cyfrif/ailosod" in text


def test_no_one_is_told_about_an_address_without_an_account(make_app, smtp_server):
    host, port, mailbox = smtp_server
    app = make_app(MAIL_SERVER=host, MAIL_PORT=port, LOGIN_ALERT_AFTER=2)
    for address in ("10.0.0.1", "10.0.0.2"):
        for _ in range(3):
            attempt(client_at(app, address), "nobody@example.org")
    send_mail(app)
    assert mailbox.messages == []


def test_two_workers_sharing_redis_allow_exactly_five_failures(make_app, request):
    """With memory:// each worker would allow five (ten in all); with Redis the limit is exact."""
    connection = redis_or_skip()
    from factories import build_portal

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    request.addfinalizer(lambda: [connection.delete(key) for key in connection.scan_iter(f"*{prefix}*")])
    settings = dict(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix, LOGIN_LIMIT_PER_IP="1000 per minute")
    first = make_app(**settings)
    with first.app_context():
        email = build_portal().users["member"].email
    second = make_app(create_tables=False, SQLALCHEMY_DATABASE_URI=first.config["SQLALCHEMY_DATABASE_URI"], **settings)
    workers = [client_at(first, ATTACKER), client_at(second, ATTACKER)]
    codes = [attempt(workers[n % 2], email).status_code for n in range(8)]
    assert codes == [200] * 5 + [429] * 3
    assert connection.keys(f"*{prefix}*login-pair:{email}*"), "the counters are in Redis"
    assert attempt(client_at(second, OWNER), email, PASSWORD).status_code == 302


def test_production_refuses_memory_storage_with_several_workers(make_app):
    with pytest.raises(RuntimeError, match="WSCN_RATELIMIT_STORAGE_URI"):
        make_app(PRODUCTION=True, WORKERS=2)
    make_app(PRODUCTION=True, WORKERS=1)
    make_app(PRODUCTION=True, WORKERS=4, RATELIMIT_STORAGE_URI=REDIS_URL)
    make_app(WORKERS=4)  # development: memory is fine


def test_the_429_page_is_in_the_pages_language(app, portal):
    attacker = client_at(app, ATTACKER)
    for _ in range(5):
        attempt(attacker, portal.users["member"].email)
    blocked = attempt(attacker, portal.users["member"].email, lang="cy")
    assert blocked.status_code == 429 and "Gormod o ymdrechion" in visible_text(blocked.text)
    assert re.fullmatch(r"\d+", blocked.headers["Retry-After"])
