"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page, in either language."""
from axe_playwright_python.sync_playwright import Axe

from browsing import visit
from quality_report import page_count, record

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
axe = Axe()


def violations(page):
    found = axe.run(page, options=OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(n['target'][0] for n in v['nodes'])}"
            for v in found]


def test_axe_catches_a_known_violation(page):
    """The check itself works: an image without a text alternative is found."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    assert any(v.startswith("image-alt") for v in violations(page))


def test_no_wcag_violations_on_any_page(page, pages):
    problems = {}
    for site_page in pages:
        visit(page, site_page)
        found = violations(page)
        if found:
            problems[site_page.path] = found
    record("axe (WCAG A/AA)", f"{page_count(pages)}, {sum(map(len, problems.values()))} violations")
    assert not problems, "\n".join(f"{path}: {v}" for path, vs in problems.items() for v in vs)
