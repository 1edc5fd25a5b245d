"""Control characters (C0, DEL and C1) stop at the edge of the site, in one place each:

- a URL segment holding one matches no route (the converters below replace Werkzeug's ``default``,
  ``string`` and ``path``), so it is a 404 in the page's language;
- a form field holding one is refused with the field's own error (``forms.SiteForm``); line breaks
  and tabs are kept in multi-line fields;
- a query-string filter holding one matches nothing (``listing.py``).

PostgreSQL refuses NUL in text outright (a 500 before this), and the others are invisible in a page
but would be stored, searched and emailed.
"""
import re

from werkzeug.routing import PathConverter, UnicodeConverter

CONTROLS = "\x00-\x1f\x7f-\x9f"
_ANY = re.compile(f"[{CONTROLS}]")
_BUT_LINE_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # keeps \t, \n and \r


def found_in(text, multiline=False):
    """True when ``text`` holds a control character (other than tabs and line breaks if ``multiline``)."""
    return bool((_BUT_LINE_BREAKS if multiline else _ANY).search(text))


def removed(text, multiline=False, replacement=""):
    return (_BUT_LINE_BREAKS if multiline else _ANY).sub(replacement, text)


class Segment(UnicodeConverter):
    """``<name>`` and ``<string:name>``: one path segment without control characters."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", f"[^/{CONTROLS}]", 1)


class Path(PathConverter):
    """``<path:name>``: segments without control characters."""

    regex = f"[^/{CONTROLS}][^{CONTROLS}]*?"
    part_isolating = False


def init_app(app):
    """Before any blueprint adds its rules (a rule reads its converters when it is added)."""
    app.url_map.converters.update(default=Segment, string=Segment, path=Path)
