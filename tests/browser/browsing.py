"""Small steps a browser test takes, as a visitor would."""
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
#: The cookies of each login's session ("member", "staff"), filled in by the ``pages`` fixture.
SESSIONS = {}


def visit(page, site_page):
    """Open a discovered page as a new visitor (logged in as ``site_page.user``, if any: with that
    login's session cookies) and check it answers as expected."""
    page.context.clear_cookies()
    if site_page.user:
        page.context.add_cookies(SESSIONS[site_page.user])
    response = page.goto(site_page.path)
    assert response.status == site_page.status, f"{site_page.path} answered {response.status}"
    return response


#: A short description of the element that has the keyboard focus.
FOCUSED = """() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}#${el.id}.${el.className} ${(el.textContent || '').trim().slice(0, 40)}` : '';
}"""


def focused(page):
    """A short description of the element that has the keyboard focus."""
    return page.evaluate(FOCUSED)


def delivered_to(live_site, address):
    """How many messages ``address`` has had, after sending whatever was waiting (what the demo or
    an earlier journey queued), so that ``emails_to(..., seen=)`` counts only what comes next."""
    live_site.app.test_cli_runner().invoke(args=["mail", "send"])
    return len([m for m in live_site.mailbox.messages if m["To"] == address])


def emails_to(live_site, address, seen=0, seconds=10):
    """The messages to ``address`` beyond the first ``seen``, running `flask mail send` (as cron
    would) until one arrives at the live site's real SMTP server."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        live_site.app.test_cli_runner().invoke(args=["mail", "send"])
        found = [m for m in live_site.mailbox.messages if m["To"] == address]
        if len(found) > seen:
            return found[seen:]
        time.sleep(0.1)
    raise AssertionError(f"no email to {address} within {seconds} s")
