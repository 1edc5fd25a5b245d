"""Names of the Briff's codes, and revision summaries worded in the language of the page."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..formatting import clock, long_date
from .revisions import summary_of

STATUSES = {"draft": _l("Draft"), "scheduled": _l("Scheduled"), "published": _l("Published")}
FIELDS = {
    "number": _l("number"), "issue_date": _l("date"),
    "title_cy": _l("Welsh title"), "title_en": _l("English title"),
    "body_cy": _l("Welsh text"), "body_en": _l("English text"),
    "link": _l("link"), "topic_id": _l("topic"), "visibility": _l("who can read it"),
    "confidential": _l("confidential"), "welsh_checked": _l("Welsh marked as checked"),
    "english_checked": _l("English marked as checked"),
}
MISSING = {
    "title_cy": _l("no Welsh title"), "body_cy": _l("no Welsh text"),
    "title_en": _l("no English title"), "body_en": _l("no English text"),
}


def status(issue):
    if issue.published_at is not None:
        return "published"
    return "scheduled" if issue.publish_at is not None else "draft"


def when(issue):
    """The issue's state in words: draft, scheduled for when, or published when."""
    if issue.published_at is not None:
        return _("Published on %(date)s at %(time)s", date=long_date(issue.published_at), time=clock(issue.published_at))
    if issue.publish_at is not None:
        return _("Scheduled for %(date)s at %(time)s", date=long_date(issue.publish_at), time=clock(issue.publish_at))
    return str(STATUSES["draft"])


def item_title(titles, lang):
    """An item's title in ``lang``, or in the other language when it has none yet."""
    english, welsh = (list(titles) + ["", ""])[:2]
    first, second = (welsh, english) if lang == "cy" else (english, welsh)
    return first or second or _("(untitled)")


def _fields(names):
    return ", ".join(str(FIELDS.get(name, name)) for name in names or [])


def describe(revision, lang):
    """A short account of what a revision changed, in ``lang`` (gettext: the titles are user data)."""
    summary = summary_of(revision)
    what, title = summary.get("what"), item_title(summary.get("item") or [], lang)
    if what == "issue.create":
        return _("Created the issue")
    if what == "issue.update":
        return _("Changed the issue's %(fields)s", fields=_fields(summary.get("fields")))
    if what == "item.add":
        return _("Added the item “%(title)s”", title=title)
    if what == "item.update":
        return _("Edited the item “%(title)s”: %(fields)s", title=title, fields=_fields(summary.get("fields")))
    if what == "item.move":
        if summary.get("direction") == "up":
            return _("Moved the item “%(title)s” up", title=title)
        return _("Moved the item “%(title)s” down", title=title)
    if what == "item.remove":
        return _("Removed the item “%(title)s”", title=title)
    if what == "restore":
        return _("Restored an earlier version (number %(number)s)", number=summary.get("revision", "?"))
    return _("Saved")


def missing_text(names):
    return ", ".join(str(MISSING[name]) for name in names)


def _names(item):
    return " / ".join(f"“{title}”" for title in (item.title_en, item.title_cy) if title) or _("(untitled)")


def problems(number, item, missing, stale):
    """What stops one item being published, naming it by its English and Welsh titles."""
    lines = []
    if missing:
        lines.append(_("Item %(number)s, %(titles)s: %(missing)s.", number=number, titles=_names(item),
                       missing=missing_text(missing)))
    if stale == "cy":
        lines.append(_("Item %(number)s, %(titles)s: the English was changed after the Welsh was last saved. "
                       "Revisit the Welsh.", number=number, titles=_names(item)))
    elif stale == "en":
        lines.append(_("Item %(number)s, %(titles)s: the Welsh was changed after the English was last saved. "
                       "Revisit the English.", number=number, titles=_names(item)))
    return lines
