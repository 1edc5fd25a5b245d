"""Small readers of what a visitor receives (no knowledge of the app's internals)."""
import os
import re
import socket
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

#: The addresses that remember a language choice, then go on to ``?to=``.
SWITCH_PATHS = {"cy": "/cy/dewis-iaith", "en": "/en/choose-language"}

import pytest


class Elements(HTMLParser):
    """Collects every start tag with its attributes, and the text of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    parser = Elements()
    parser.feed(html)
    return parser


def find_all(html, tag, **attrs):
    return [a for t, a in parse(html).tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def html_lang(html):
    return find_all(html, "html")[0].get("lang")


def hreflang_links(html):
    """The page in each language (feeds, also rel="alternate", carry no hreflang)."""
    return {a["hreflang"]: a["href"] for a in find_all(html, "link", rel="alternate") if "hreflang" in a}


def language_toggle(html):
    """The link inside the language navigation."""
    match = re.search(r'<nav class="language-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert match, "page has no language navigation"
    links = [a for t, a in parse(match.group(1)).tags if t == "a"]
    assert len(links) == 1
    return links[0]


def toggle_target(link):
    """Where the language link leads: it goes through the address that remembers the choice
    (``/cy/dewis-iaith?to=...``, ``/en/choose-language?to=...``), on to the page named by ``to``."""
    url = urlsplit(link["href"])
    assert url.path == SWITCH_PATHS[link["hreflang"]], link["href"]
    return parse_qs(url.query)["to"][0]


def visible_text(html):
    body = html.split("<body", 1)[-1]
    return " ".join(" ".join(parse(body).text).split())


class Mailbox:
    """What a real SMTP server (aiosmtpd) received, parsed as email messages (an aiosmtpd handler);
    ``envelopes``: (MAIL FROM, [RCPT TO, ...]) of each message; ``connections``: how many clients
    greeted it (EHLO or HELO: one per SMTP connection)."""

    def __init__(self):
        self.messages, self.envelopes, self.connections = [], [], 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self.connections += 1
        session.host_name = hostname
        return "250 {}".format(server.hostname)

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def stop_server(proc, grace=15):
    """SIGTERM to a server started in its own session (its workers too), then SIGKILL if it lingers."""
    import signal
    import subprocess

    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(handler, port=None):
    """A real SMTP server (aiosmtpd) on ``port`` (default: a free loopback port), handing what it
    receives to ``handler`` (a Mailbox, or one that refuses): yields the port."""
    from aiosmtpd.controller import Controller

    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def send_mail(application):
    """`flask mail send`, as cron runs it: what the outbox holds goes to the mail server."""
    result = application.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


REDIS_URL = os.environ.get("WSCN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip():
    """A connection to the test Redis; skipped without one, except under WSCN_REQUIRE_SERVICES=1 (CI)."""
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("WSCN_REQUIRE_SERVICES"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    return connection
