"""``flask content check``: find content faults before visitors do."""
import re
from urllib.parse import urlsplit

from ..i18n import LANGUAGES
from .loader import (
    REQUIRED_FIELDS, REVIEW_STATES, WELSH_FIELDS, ContentError, iter_sources, load_page, source_hash,
)
from .store import ContentStore

HREF = re.compile(r'href="([^"]*)"')


def _load_all(root, problems):
    pages = []
    for path in iter_sources(root, LANGUAGES):
        try:
            pages.append(load_page(path, root))
        except ContentError as exc:
            problems.append(str(exc))
    return ContentStore(pages)


def _check_fields(page, problems):
    where = f"{page.lang}/{page.key}.md"
    wanted = REQUIRED_FIELDS + (WELSH_FIELDS if page.lang == "cy" else ())
    for name in wanted:
        if name not in page.meta or page.meta[name] is None or (name != "slug" and not page.meta[name]):
            problems.append(f"{where}: missing front-matter field '{name}'")
    if page.lang == "cy" and page.meta.get("review") not in REVIEW_STATES + (None,):
        problems.append(f"{where}: 'review' must be one of {', '.join(REVIEW_STATES)}")


def _check_pairs(store, problems):
    seen = {}
    for page in store.pages:
        where = f"{page.lang}/{page.key}.md"
        for lang in LANGUAGES:
            if store.by_key(lang, page.key) is None:
                problems.append(f"{where}: no {lang}/{page.key}.md counterpart")
        other = seen.setdefault(page.path, where)
        if other != where:
            problems.append(f"{where}: slug '{page.slug}' is already used by {other}")


def _check_hashes(store, problems):
    for page in store.pages:
        english = store.by_key("en", page.key)
        if page.lang != "cy" or english is None or "source_hash" not in page.meta:
            continue
        current = source_hash(english.source)
        if str(page.meta["source_hash"]) != current:
            problems.append(
                f"cy/{page.key}.md: written from an older en/{page.key}.md "
                f"(recorded {page.meta['source_hash']}, now {current}); review the Welsh, "
                f"then run 'flask content stamp {page.key}'"
            )


def _check_links(store, route_exists, components, problems):
    for page in store.pages:
        where = f"{page.lang}/{page.key}.md"
        for name in page.components:
            if name not in components:
                problems.append(f"{where}: unknown component '{name}'")
        for href in HREF.findall(page.html):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = store.by_path(parts.path)
            if target is None and not route_exists(parts.path):
                problems.append(f"{where}: broken link to {href}")
            elif target is not None and parts.fragment and parts.fragment not in target.ids:
                problems.append(f"{where}: link to {href} names a heading that does not exist")


def check_content(root, route_exists, components):
    """Return a list of problems, empty when the content is sound."""
    problems = []
    store = _load_all(root, problems)
    for page in store.pages:
        _check_fields(page, problems)
    _check_pairs(store, problems)
    _check_hashes(store, problems)
    _check_links(store, route_exists, components, problems)
    return problems
