"""What a reader may see of a Briff item: the one rule for the web pages, the archive, the feed and email.

Every path that shows an item (the issue page, the archive and its search, the staff preview,
the Atom feed and the emails) goes through ``present``; nothing else decides.
"""
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from ..access import is_entitled
from ..markup import render


@dataclass(frozen=True)
class Presented:
    """An item as one reader sees it in one language.

    ``locked`` items are members-only and the reader may not read them: show the placeholder
    ("Members-only item: log in to read"). Their ``title`` is None when confidential, and their
    ``body_html``, ``link`` and ``topic`` are always None, so nothing of the text can leak.
    """

    id: int
    lang: str
    members_only: bool
    locked: bool
    title: str | None
    body_html: Markup | None
    link: str | None
    topic: object | None  # a Topic, or None


@lru_cache(maxsize=256)
def _rendered(text):
    return render(text)


def present(item, user, lang, entitled=None):
    """What ``user`` (None or anonymous for the public, an email subscriber's user, ...) may see of
    the BriffItem ``item`` in ``lang`` ("cy" or "en"), as a ``Presented``.

    - Public items: everything, for everyone.
    - Members-only items, for readers ``access.is_entitled`` allows (current members, staff):
      everything, marked ``members_only``.
    - Members-only items for everyone else: ``locked``, with the title only when the item is not
      confidential, and never the body, link or topic.

    Pass ``entitled`` (a bool) to skip asking ``is_entitled`` again for each item of an issue.
    """
    members_only = item.visibility != "public"
    if entitled is None:
        entitled = is_entitled(user)
    if members_only and not entitled:
        title = None if item.confidential else item.title(lang)
        return Presented(item.id, lang, True, True, title, None, None, None)
    return Presented(item.id, lang, members_only, False, item.title(lang), _rendered(item.body(lang) or ""),
                     item.link or None, item.topic)


def present_all(items, user, lang):
    """``present`` for each item, asking ``is_entitled`` once."""
    entitled = is_entitled(user)
    return [present(item, user, lang, entitled) for item in items]


def public_only(items, lang):
    """The public items of an issue, presented, for the Atom feed: members-only items do not appear at all."""
    return [present(item, None, lang, False) for item in items if item.visibility == "public"]
