"""All pages in memory, looked up by (language, slug) and paired across languages by file path."""
from functools import lru_cache
from pathlib import Path

from ..i18n import LANGUAGES
from .loader import iter_sources, load_page


@lru_cache(maxsize=16)
def _load(root, signature):
    return tuple(load_page(path, root) for path, _, _ in signature)


class ContentStore:
    def __init__(self, pages):
        self.pages = list(pages)
        self._by_slug = {(p.lang, p.slug): p for p in self.pages}
        self._by_key = {(p.lang, p.key): p for p in self.pages}
        self._by_path = {p.path: p for p in self.pages}

    @classmethod
    def load(cls, root):
        """Render every page once per process; a changed file (new size or time) is read again."""
        root = Path(root)
        signature = tuple(
            (path, stat.st_mtime_ns, stat.st_size)
            for path in iter_sources(root, LANGUAGES)
            for stat in [path.stat()]
        )
        return cls(_load(root, signature))

    def get(self, lang, slug):
        return self._by_slug.get((lang, slug))

    def by_key(self, lang, key):
        return self._by_key.get((lang, key))

    def counterparts(self, page):
        """The page in every language that has it, keyed by language."""
        found = {lang: self.by_key(lang, page.key) for lang in LANGUAGES}
        return {lang: other for lang, other in found.items() if other is not None}

    def alternates(self, page):
        return {lang: other.path for lang, other in self.counterparts(page).items()}

    def menu(self, lang, field):
        """Pages carrying ``nav`` or ``footer`` in their front matter, in that order."""
        listed = [p for p in self.pages if p.lang == lang and isinstance(p.meta.get(field), int)]
        return sorted(listed, key=lambda p: p.meta[field])

    def by_path(self, path):
        return self._by_path.get(path)
