"""Read Markdown pages with front matter and render them once to HTML."""
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
COMPONENT = re.compile(r"<!-- component: ([a-z0-9-]+) -->")
HEADING_ID = re.compile(r'\bid="([^"]+)"')
REQUIRED_FIELDS = ("title", "description", "slug")
WELSH_FIELDS = ("review", "source_hash")
REVIEW_STATES = ("pending", "reviewed")

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "span", "strong",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang"},
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope"},
}


class ContentError(ValueError):
    """A content file that cannot be read at all."""


@dataclass(frozen=True)
class Part:
    """A piece of a rendered page: HTML, or the name of a component to render there."""

    html: str = ""
    component: str | None = None


@dataclass(frozen=True)
class Page:
    key: str
    lang: str
    meta: dict
    parts: tuple
    source: Path
    ids: frozenset = field(default_factory=frozenset)

    @property
    def slug(self):
        return self.meta.get("slug") or ""

    @property
    def title(self):
        return self.meta.get("title", "")

    @property
    def description(self):
        return self.meta.get("description", "")

    @property
    def path(self):
        return f"/{self.lang}/{self.slug}"

    @property
    def html(self):
        return "".join(part.html for part in self.parts)

    @property
    def components(self):
        return [part.component for part in self.parts if part.component]


def source_hash(path):
    """Hash of an English file, recorded in its Welsh counterpart when translated."""
    text = Path(path).read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()[:16]


def split_front_matter(text, path):
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise ContentError(f"{path}: no front matter block (--- ... ---) at the top")
    try:
        meta = yaml.load(match.group(1), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: front matter is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise ContentError(f"{path}: front matter must be a mapping of fields")
    return meta, match.group(2)


def render_markdown(body):
    """Markdown to sanitised HTML, split around component markers."""
    html = markdown.markdown(body, extensions=["tables", "attr_list", "toc", "sane_lists", "def_list"])
    pieces = COMPONENT.split(html)
    parts = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(Part(component=piece))
        elif piece.strip():
            clean = nh3.clean(piece, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None)
            parts.append(Part(html=clean))
    return tuple(parts)


def load_page(path, root):
    relative = path.relative_to(root)
    lang, key = relative.parts[0], relative.with_suffix("").relative_to(relative.parts[0]).as_posix()
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), relative)
    parts = render_markdown(body)
    ids = frozenset(id_ for part in parts for id_ in HEADING_ID.findall(part.html))
    return Page(key=key, lang=lang, meta=meta, parts=parts, source=path, ids=ids)


def iter_sources(root, languages):
    for lang in languages:
        folder = Path(root) / lang
        if folder.is_dir():
            yield from sorted(folder.rglob("*.md"))
