"""Staff-written Markdown (resource summaries, the Briff): rendered, then sanitised with an allowlist."""
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text):
    """Markdown to safe HTML: no scripts, no event handlers, no javascript: links, and
    every link gets rel="noopener noreferrer"."""
    return _render(text or "")


@lru_cache(maxsize=512)
def _render(text):
    """The same text always gives the same HTML, so each process renders it once (a resource page or a
    Briff issue spent more time in Markdown than in anything else)."""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"])
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer", strip_comments=True))
