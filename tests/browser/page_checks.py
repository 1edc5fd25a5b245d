"""The checks test_every_page.py runs on each page in one visit; each returns a list of problems
(an empty list: the page passes).

- axe-core: no WCAG 2.0/2.1/2.2 A or AA violation;
- screenshots at phone (320px) and desktop (1280px) widths, saved for a reviewer to look at:
  test-output/screenshots/<width>/<page>.png (logged-in pages as <login>--<page>.png); at 320px (WCAG
  2.2's reflow width) no page may need sideways scrolling. Words are never broken to make a table fit
  (site.css), so a table too wide for a phone shows here unless it sits in its own scrolling region
  (the staff tools' tables), which axe checks can be scrolled by keyboard;
- keyboard only (keyboard_checks.py): the skip link works, every control is reached by Tab and shows focus;
- the language link leads to the same page in the other language (last: it leaves the page).
"""
import re
import struct

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browsing import OUTPUT
from keyboard_checks import check_skip_link, tab_problems

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SCREENSHOTS = OUTPUT / "screenshots"
WIDTHS = [320, 1280]  # 320: WCAG 2.2 reflow (1.4.10), a phone, and 1280 px at 400% zoom
HEIGHT = 800
OTHER = {"en": ("cy", "Cymraeg"), "cy": ("en", "English")}
axe = Axe()


def axe_violations(page, label=""):
    found = axe.run(page, options=OPTIONS).response["violations"]
    return [f"{label}{v['id']} ({v['impact']}): {v['help']} at {', '.join(n['target'][0] for n in v['nodes'])}"
            for v in found]


def screenshot_problems(page, site_page, folder=SCREENSHOTS):
    """Each width in turn (the layout follows the window, as on a phone turned), ending at the last."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        if page.evaluate("() => document.documentElement.scrollWidth") > width:
            problems.append(f"{site_page.path}: sideways scrolling at {width}px")
        target = folder / str(width) / f"{site_page.name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        png = page.screenshot(path=target, full_page=True)
        if struct.unpack(">II", png[16:24])[0] != width:  # the PNG header's width
            problems.append(f"{target}: not {width}px wide")
    return problems


def keyboard_problems(page, site_page):
    problems = tab_problems(page, site_page.path)
    try:
        check_skip_link(page, site_page.path)
    except AssertionError as error:
        problems.append(str(error).splitlines()[0])
    return problems


def language_switch_problems(page, site_page):
    """The language link leads to the page's hreflang counterpart, its query kept (pages in cy or en)."""
    if site_page.lang not in OTHER:
        return []
    other, name = OTHER[site_page.lang]
    counterpart = page.locator(f'link[rel="alternate"][hreflang="{other}"]').get_attribute("href")
    query = site_page.path.partition("?")[2]
    with page.expect_navigation():
        page.get_by_role("navigation", name=re.compile("^(Language|Iaith)$")).get_by_role("link", name=name).click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    wanted = counterpart + (f"?{query}" if query else "")
    return [] if page.url == wanted else [f"{site_page.path}: the language link led to {page.url}, not {wanted}"]
