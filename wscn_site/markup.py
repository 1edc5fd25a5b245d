"""Staff-written Markdown (resource summaries, the Briff): rendered, then sanitised with an allowlist."""
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
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer", strip_comments=True))
