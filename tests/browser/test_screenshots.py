"""Every page at phone (320px) and desktop (1280px) widths, saved for a reviewer to look at.

test-output/screenshots/<width>/<page>.png (logged-in pages as <login>--<page>.png: the portal's
dashboard, library, resources, the staff tools and their forms); at 320px (WCAG 2.2's reflow width)
no page may need sideways scrolling. Words are never broken to make a table fit (site.css), so a
table too wide for a phone shows here unless it sits in its own scrolling region (the staff
tools' tables), which axe checks can be scrolled by keyboard.
"""
import shutil
import struct

import pytest

from browsing import OUTPUT, visit
from quality_report import page_count, record

SCREENSHOTS = OUTPUT / "screenshots"
WIDTHS = [320, 1280]  # 320: WCAG 2.2 reflow (1.4.10), a phone, and 1280 px at 400% zoom


@pytest.fixture(scope="module", autouse=True)
def fresh_folder():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)


def test_every_page_fits_the_screen_and_is_saved(page, pages):
    """One visit per page, then each width in turn (the layout follows the window, as on a phone turned)."""
    overflowing = []
    for site_page in pages:
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        visit(page, site_page)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            if page.evaluate("() => document.documentElement.scrollWidth") > width:
                overflowing.append(f"{site_page.path} at {width}px")
            target = SCREENSHOTS / str(width) / f"{site_page.name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            png = page.screenshot(path=target, full_page=True)
            assert struct.unpack(">II", png[16:24])[0] == width, target  # the PNG header's width
    for width in WIDTHS:
        record(f"screenshots {width}px", f"{page_count(pages)} in {SCREENSHOTS.relative_to(OUTPUT.parent)}/{width}/")
    assert not overflowing, f"sideways scrolling: {overflowing}"
