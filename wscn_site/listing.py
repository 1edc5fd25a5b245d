"""What the resource library and the Briff archive share: filters read from the query string,
a word search in SQL, and pages of results.

A list's filters are a frozen dataclass with ``q`` and ``page`` fields that also inherits
``Listing``; its ``from_args`` reads the words with ``search_words`` and the page with
``page_number``, and checks its own fields against what it knows (values it does not know
are ignored rather than trusted).
"""
from dataclasses import fields

import sqlalchemy as sa

from . import control_characters

MAX_QUERY = 200  # characters of the search box
MAX_WORDS = 8  # words searched for; the rest are ignored
MAX_PAGE = 10_000


def search_words(args):
    """The search box's text: at most MAX_QUERY characters, runs of spaces made one; a control
    character (NUL, which PostgreSQL refuses, and the rest) separates words like a space."""
    return " ".join(control_characters.removed(args.get("q", "")[:MAX_QUERY], replacement=" ").split())


def code(args, name, limit=60):
    """A code chosen from a list (a topic's slug...): at most ``limit`` characters; one that names
    nothing simply matches nothing, and a control character (NUL, which PostgreSQL refuses, and the
    rest) becomes U+FFFD, which no code holds, so "topic\\x00" is no match rather than "topic"."""
    return control_characters.removed(args.get(name, "")[:limit], replacement="\ufffd")


def page_number(args):
    """The page asked for: a positive number in decimal digits (at most MAX_PAGE), else 1."""
    page = args.get("page", "1")
    return min(int(page), MAX_PAGE) if page.isdecimal() and int(page) > 0 else 1


def _escape_like(word):
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def words_match(words, columns):
    """SQL conditions, one per word (the first MAX_WORDS): the word appears, in any case, in one of
    ``columns``. LIKE's wildcards typed by the reader match only themselves."""
    conditions = []
    for word in words.split()[:MAX_WORDS]:
        pattern = f"%{_escape_like(word)}%"
        conditions.append(sa.or_(*(column.ilike(pattern, escape="\\") for column in columns)))
    return conditions


def page_count(total, page_size):
    return max(1, -(-total // page_size))


class Listing:
    """What a list's filters (a dataclass with ``page``) offer its views and templates."""

    def _chosen(self):
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "page" and getattr(self, f.name)}

    @property
    def active(self):
        """True when the reader searched or filtered: the list shows matches, not everything."""
        return bool(self._chosen())

    def link_args(self, page=None):
        """url_for arguments for this list with these filters at ``page`` (this page by default);
        empty filters and page 1 are left out, so each list has one address."""
        page = self.page if page is None else page
        return self._chosen() | ({"page": page} if page > 1 else {})
