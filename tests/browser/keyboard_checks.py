"""Keyboard only: the skip link works, every interactive element is reached by Tab and shows focus
(run on every page by test_every_page.py, which also proves each check can fail)."""
from playwright.sync_api import expect

from browsing import FOCUSED, focused

# Everything a visitor can operate; radios count once per group (arrow keys move within it), and a
# video's controls (play, time, volume...) as the video itself.
INTERACTIVE = """() => {
    const all = [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, video[controls], audio[controls], ' +
        '[tabindex]:not([tabindex="-1"])')];
    const seen = new Set();
    return all.filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map((el, i) => { el.dataset.qa = i; return el; })
        .filter(el => el.type !== 'radio' || !seen.has(el.name) && seen.add(el.name))
        .map(el => el.type === 'radio' ? 'radio:' + el.name : el.dataset.qa);
}"""
# What focus changes about the focused element, as a visitor sees it.
LOOK = """el => { const s = getComputedStyle(el);
    return [s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? s.outlineColor + s.outlineWidth : '',
            s.boxShadow, s.backgroundColor, s.color, s.borderColor, s.textDecorationLine].join('|'); }"""
ACTIVE = """() => { const el = document.activeElement;
    return el.type === 'radio' ? 'radio:' + el.name : (el.dataset.qa || el.tagName); }"""
# Each focus change, as it happens: the focused element's key, look and description (FOCUSED), kept in
# the page until read, so a run of Tabs costs one round trip rather than one per Tab.
LOG_FOCUS = f"""() => {{ window.qaFocus = [];
    document.addEventListener('focusin', () => {{ const key = ({ACTIVE})(), el = document.activeElement;
        window.qaFocus.push([key, el.dataset.qa ? ({LOOK})(el) : '', ({FOCUSED})()]); }}, true); }}"""
READ_FOCUS = "() => window.qaFocus.splice(0)"
TABS_PER_READ = 10  # after the first run of Tabs (one per element, and two to come round again)
WAIT = 1000  # ms: focus moves at once after a key press; a failure need not wait longer
RESTING = f"""keys => keys.map(key => ({LOOK})(document.querySelector(`[data-qa="${{key}}"]`)))"""


def check_skip_link(page, label):
    """From the top of the page: Tab reaches the skip link first, Enter moves the focus to the main
    content (without painting it), and the next Tab stays there rather than going back to the header.
    Raises AssertionError naming the page (``label``) otherwise."""
    if page.locator(".error-summary").count():
        return  # the error summary rightly takes the focus first
    page.evaluate("""() => { const b = document.body; b.tabIndex = -1; b.focus(); b.removeAttribute('tabindex');
                             window.scrollTo(0, 0); }""")  # as freshly loaded: Tab starts from the top
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip, f"{label}: the skip link comes first").to_be_focused(timeout=WAIT)
    expect(skip, f"{label}: the skip link shows").to_be_in_viewport(timeout=WAIT)
    page.keyboard.press("Enter")
    main = page.locator("main#main")
    expect(main, f"{label}: the skip link moves the focus").to_be_focused(timeout=WAIT)
    expect(main, f"{label}: main not painted").to_have_css("background-color", "rgba(0, 0, 0, 0)", timeout=WAIT)
    page.keyboard.press("Tab")
    in_main_or_after = page.evaluate("""() => !document.querySelector('header').contains(document.activeElement)
        && document.activeElement !== document.querySelector('.skip-link')""")
    assert in_main_or_after, f"{label}: after the skip link, Tab went to {focused(page)}"


def tab_problems(page, label):
    """Tab through the page: what is never reached, and what shows no change when focused."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    wanted = page.evaluate(INTERACTIVE)
    keys = [key for key in wanted if ":" not in key]
    resting = dict(zip(keys, page.evaluate(RESTING, keys)))
    page.evaluate(LOG_FOCUS)
    problems, reached, pressed, limit = [], [], 0, len(wanted) + 20
    while pressed < limit:
        tabs = min(limit - pressed, TABS_PER_READ if pressed else len(wanted) + 2)
        for _ in range(tabs):
            page.keyboard.press("Tab")
        pressed += tabs
        for key, look, description in page.evaluate(READ_FOCUS):
            if reached and key == reached[-1]:
                continue  # a further stop inside one control: a video's play, time, volume... buttons
            if key in reached:
                pressed = limit  # come round again: every stop seen
                break
            reached.append(key)
            if key in resting and look == resting[key]:
                problems.append(f"{label}: no visible focus on {description}")
    missing = [key for key in wanted if key not in reached]
    return problems + ([f"{label}: Tab never reaches {missing}"] if missing else [])
