"""``flask content terms``: the Welsh catalogue and pages keep to the glossary.

Each Welsh msgstr is checked against its own msgid, and each paragraph of a Welsh page against the
English page's paragraph in the same place (title with title, list item with list item), never a
whole page against a whole page: a rendering can be right for one English text and wrong for another.
Where one page has a block the other lacks, the rest still pair up, aligned by the kind of block.
A Welsh page may exempt deliberate phrases with ``terms_allow: [...]`` in its front matter.
"""
import re
from difflib import SequenceMatcher
from pathlib import Path

from babel.messages.pofile import read_po

from .. import terms
from .loader import FRONT_MATTER, ContentError, split_front_matter

CATALOGUE = Path(__file__).resolve().parent.parent.parent / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
SHAPE = re.compile(r"\s*(#+|[-*+]|\d+\.|\||>|<!--)")
BLOCK = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")


def _short(text, width=60):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def check_catalogue(path=CATALOGUE, glossary=None):
    problems = []
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="cy")
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english, welsh = "\n".join(ids), "\n".join(s for s in strings if s)
        where = f"{path}:{message.lineno}: msgid \"{_short(ids[0])}\""
        if "’" in welsh:
            problems.append(f"{where}: curly apostrophe (’); the catalogue uses straight ones (')")
        problems.extend(f"{where}: {found}" for found in terms.find(english, welsh, glossary))
    return problems


def _blocks(body, first_line):
    """(line number, text) of each run of non-blank lines."""
    return [(first_line + body.count("\n", 0, m.start()), m.group(0).rstrip("\n")) for m in BLOCK.finditer(body)]


def _shape(block):
    """What kind of block this is (heading level, list, table, quote, paragraph), to align two pages."""
    match = SHAPE.match(block)
    return match.group(1) if match else "p"


def _aligned(en, cy):
    """Pairs of blocks in the same place; where one page has blocks the other lacks, align by shape."""
    if len(en) == len(cy):
        return list(zip(en, cy))
    matcher = SequenceMatcher(None, [_shape(t) for _, t in en], [_shape(t) for _, t in cy], autojunk=False)
    return [(en[a + k], cy[b + k]) for a, b, size in matcher.get_matching_blocks() for k in range(size)]


def _pairs(english_body, welsh_body, welsh_first_line):
    pairs = []
    for (_, en_text), (line, cy_text) in _aligned(_blocks(english_body, 0), _blocks(welsh_body, welsh_first_line)):
        en_lines, cy_lines = en_text.split("\n"), cy_text.split("\n")
        if len(en_lines) == len(cy_lines) and len(cy_lines) > 1:
            pairs.extend((line + i, e, c) for i, (e, c) in enumerate(zip(en_lines, cy_lines)))
        else:
            pairs.append((line, en_text, cy_text))
    return pairs


def _read(path):
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    meta, body = split_front_matter(text, path)
    match = FRONT_MATTER.match(text)
    return meta, body, text.count("\n", 0, match.start(2)) + 1


def check_page(english_path, welsh_path, where, glossary=None):
    try:
        en_meta, en_body, _ = _read(english_path)
        cy_meta, cy_body, first_line = _read(welsh_path)
    except ContentError:
        return []  # reported by the content check itself
    allow = tuple(str(a) for a in cy_meta.get("terms_allow") or ())
    pairs = [(name, str(en_meta.get(name) or ""), str(cy_meta.get(name) or "")) for name in ("title", "description")]
    pairs += _pairs(en_body, cy_body, first_line)
    problems = []
    for line, english, welsh in pairs:
        for found in terms.find(english, welsh, glossary, allow):
            problems.append(f"{where}:{line}: {found}")
    return problems


def check_pages(root, glossary=None):
    problems = []
    root = Path(root)
    for welsh in sorted((root / "cy").rglob("*.md")):
        relative = welsh.relative_to(root / "cy")
        english = root / "en" / relative
        if english.is_file():
            problems.extend(check_page(english, welsh, f"cy/{relative.as_posix()}", glossary))
    return problems


def check_terms(root, catalogue=CATALOGUE, glossary_path=terms.GLOSSARY):
    glossary = terms.load(glossary_path)
    return check_pages(root, glossary) + check_catalogue(catalogue, glossary)
