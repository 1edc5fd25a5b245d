"""Every page, public and logged in (the portal's pages, the staff tools and their forms), in one
visit each: axe-core (WCAG A/AA), screenshots at 320 and 1280 px with no sideways scrolling at
320, keyboard only (skip link, Tab reaches everything, visible focus), then the language link.
The canaries first show that each check finds what it looks for."""
import shutil

import pytest

from browsing import OUTPUT, visit
from keyboard_checks import check_skip_link, tab_problems
from page_checks import (SCREENSHOTS, WIDTHS, axe_violations, keyboard_problems, language_switch_problems,
                         screenshot_problems)
from quality_report import page_count, record

CHECKS = {  # report line: (the check, what it finds), run in this order on each page
    "axe (WCAG A/AA)": (lambda page, site_page: axe_violations(page, f"{site_page.path}: "), "violations"),
    "screenshots": (screenshot_problems, "sideways scrolling"),
    "keyboard (Tab, focus)": (keyboard_problems, "problems"),
    "language link": (language_switch_problems, "wrong pages"),
}


def test_axe_catches_a_known_violation(page):
    """The check itself works: an image without a text alternative is found."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    assert any(v.startswith("image-alt") for v in axe_violations(page))


def test_the_focus_check_catches_an_invisible_focus(page):
    page.set_content('<style>a:focus { outline: none }</style><a href="#a">one</a> <a href="#b">two</a>')
    assert len(tab_problems(page, "canary")) == 2


def test_the_skip_link_check_catches_a_skip_link_that_goes_nowhere(page):
    page.set_content('<a class="skip-link" href="#nowhere">Skip</a><header><a href="#x">Home</a></header>'
                     '<main id="main" tabindex="-1"><a href="#y">Read</a></main>')
    with pytest.raises(AssertionError):
        check_skip_link(page, "canary")


def test_the_screenshot_check_catches_sideways_scrolling(page, tmp_path):
    page.set_content('<div style="width: 600px">too wide for a phone</div>')
    site_page = type("Canary", (), {"path": "canary", "name": "canary"})
    assert "canary: sideways scrolling at 320px" in screenshot_problems(page, site_page, tmp_path)


def test_every_page_passes_every_check_in_one_visit(page, pages):
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    problems = {check: [] for check in CHECKS}
    for site_page in pages:
        visit(page, site_page)
        for check, (run, _) in CHECKS.items():
            problems[check] += run(page, site_page)
    for check, (_, finds) in CHECKS.items():
        record(check, f"{page_count(pages)}, {len(problems[check])} {finds}")
    for width in WIDTHS:
        record(f"screenshots {width}px", f"{page_count(pages)} in {SCREENSHOTS.relative_to(OUTPUT.parent)}/{width}/")
    assert not any(problems.values()), "\n".join(f"{check}: {p}" for check, found in problems.items() for p in found)
