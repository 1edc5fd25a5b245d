"""The page discovery every quality check relies on (tests/site_pages.py) finds the logged-in pages."""
import re

import pytest

from forms import forms_on
from site_pages import MAX_PORTAL_PAGES, client_fetch, site_pages


def test_logged_in_pages_are_found_for_each_login_in_both_languages(demo_app):
    fetch = client_fetch(demo_app.test_client(), demo_app.logins)
    pages = site_pages(fetch)
    logged_in = [page for page in pages if page.user]
    assert 0 < len(logged_in) <= MAX_PORTAL_PAGES + 20  # the kinds of page, plus the GET forms' answers
    for user, roots in {"member": ("/en/members/", "/cy/aelodau/"), "staff": ("/en/staff/", "/cy/staff/"),
                        "lead": ("/en/members/people", "/cy/aelodau/pobl")}.items():
        for root in roots:
            assert any(p.user == user and p.path.startswith(root) for p in pages), (user, root)
    for root in ("/en/events", "/cy/digwyddiadau", "/en/events/past", "/cy/digwyddiadau/gorffennol"):
        assert any(p.path == root and p.user is None for p in pages), root  # the events lists, from the sitemap
    for prefix in ("/en/events/", "/cy/digwyddiadau/", "/en/staff/events/", "/cy/staff/digwyddiadau/"):
        assert any(re.fullmatch(re.escape(prefix) + r"\d+", p.path) for p in pages), prefix  # an event's page
    for pattern in (r"/en/events/\d+/book", r"/cy/digwyddiadau/\d+/archebu"):  # the non-members' form
        assert any(re.fullmatch(pattern, p.path) and p.user is None for p in pages), pattern
    paths = [page.path for page in logged_in]
    assert len(paths) == len(set(paths))
    for user, pattern in (("member", r"^/en/members/bookings$"), ("member", r"^/cy/aelodau/archebion$"),
                          ("member", r"^/(en/members/events|cy/aelodau/digwyddiadau)/\d+/(book|archebu)"),
                          ("lead", r"/(swap|newid-person)$"),
                          ("staff", r"/(attendees|mynychwyr)$"), ("staff", r"/(event-allowances|lwfansau-digwyddiadau)$"),
                          ("member", r"/\d+/(waiting-list|rhestr-aros)$"), ("lead", r"/(waiting-list|rhestr-aros)/\d+$")):
        assert any(p.user == user and re.search(pattern, p.path) for p in logged_in), ("the bookings' pages", user, pattern)
    for user, pattern in (("member", r"^/cy/aelodau/cyfarfod-blynyddol$"), ("member", r"^/en/members/annual-meeting/\d+$"),
                          ("staff", r"^/(en/staff/annual-meeting|cy/staff/cyfarfod-blynyddol)/(questions|cwestiynau)/\d+$")):
        assert any(p.user == user and re.search(pattern, p.path) for p in logged_in), ("the annual meeting", user, pattern)
    for user, pattern in (("member", r"^/en/members/consultations/\d+$"), ("member", r"^/cy/aelodau/ymgynghoriadau/\d+$"),
                          ("staff", r"^/(en/staff/consultations|cy/staff/ymgynghoriadau)/\d+$"),
                          ("staff", r"/(hide|cuddio)$"), ("staff", r"/(respond|ymateb)$"), ("staff", r"/(new|newydd)$")):
        assert any(p.user == user and re.search(pattern, p.path) for p in logged_in), ("consultations", user, pattern)
    for user, pattern in (("member", r"^/(en/members/support|cy/aelodau/cymorth)/\d+$"),
                          ("member", r"^/(en/members/support/new|cy/aelodau/cymorth/newydd)$"),
                          ("staff", r"^/(en/staff/support|cy/staff/cymorth)/\d+$")):
        assert any(p.user == user and re.search(pattern, p.path) for p in logged_in), ("support requests", user, pattern)
    assert any("<video" in fetch(page.path, page.user)[1] for page in logged_in), "the recorded seminar's page"
    assert any("?" in page.path and page.path.startswith("/cy/aelodau/") for page in logged_in), "library filters"
    for page in logged_in:
        status, html = fetch(page.path, page.user)
        assert status == 200 and html.lstrip().lower().startswith("<!doctype html>"), page.path
        assert not re.search(r"\.[a-z0-9]{2,5}$", page.path.split("?")[0]), f"a file, not a page: {page.path}"
    posted = {form.action for page in logged_in for form in forms_on(fetch(page.path, page.user)[1], page.path)
              if form.method == "post" and form.action != page.path}
    assert posted and not posted & set(paths), "an action URL (log out, unpublish...) listed as a page"


def test_the_discovery_fails_loudly_when_it_cannot_log_in(demo_app):
    """The check itself works: a wrong password is an error, not a quietly shorter list of pages."""
    email, _ = demo_app.logins["staff"]
    fetch = client_fetch(demo_app.test_client(), {"staff": (email, "not the password")})
    with pytest.raises(AssertionError, match="logging in as"):
        site_pages(fetch)
