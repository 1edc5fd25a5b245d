"""The Welsh glossary (translations/glossary.yml): one Welsh term per English term, variants refused.

``find(english, welsh)`` names each forbidden variant that a piece of Welsh uses where its English
uses the glossary's term. It is used per catalogue message and per paragraph of a page by
``flask content terms``, and on staff-written Welsh as a warning (``form_warnings``). A variant
counts in any mutated form: the rules below mutate its first letter(s), so the glossary lists only
the radical form.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

GLOSSARY = Path(__file__).resolve().parent.parent / "translations" / "glossary.yml"
VOWELS = "aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ"
# Initial consonants and what each mutation makes of them (digraphs first: "ll" is not "l").
SOFT = {"ll": "l", "rh": "r", "p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f"}
NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}
UNMUTATED = ("ch", "dd", "ff", "ng", "ph", "th")


def _initial(word, table):
    lower = word.lower()
    if lower.startswith(UNMUTATED):
        return None
    for radical in sorted(table, key=len, reverse=True):
        if lower.startswith(radical):
            return table[radical] + word[len(radical):]
    return None


def mutations(word):
    """The radical form of a Welsh word and its soft, nasal, aspirate and h- forms."""
    forms = {word}
    for table in (SOFT, NASAL, ASPIRATE):
        mutated = _initial(word, table)
        if mutated:
            forms.add(mutated)
    if word[:1].lower() in VOWELS:
        forms.add("h" + word)
    return forms


def _is_acronym(word):
    return len(word) > 1 and word.rstrip("*s").isupper()


def _pattern(phrase, mutate=False, case_sensitive=False):
    """A regex for a whole-word phrase; a trailing * takes any ending; mutate varies the first word."""
    phrase = phrase.replace("’", "'")
    prefix = phrase.endswith("*")
    first, _, rest = phrase.rstrip("*").partition(" ")
    acronym = _is_acronym(first)
    heads = mutations(first) if mutate and not acronym else {first}
    head = "(?:" + "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) + ")"
    body = head + (re.escape(" " + rest) if rest else "")
    tail = r"\w*" if prefix else ""
    flags = 0 if case_sensitive or acronym else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", flags)


@dataclass(frozen=True)
class Term:
    english: tuple
    welsh: str
    forbidden: tuple
    allow: tuple
    note: str
    triggers: tuple
    variants: tuple

    @classmethod
    def from_entry(cls, entry):
        sensitive = entry.get("case") == "sensitive"
        english = tuple(str(e) for e in entry["en"])
        forbidden = tuple(str(f) for f in entry.get("forbidden", ()))
        return cls(
            english=english, welsh=str(entry["cy"]), forbidden=forbidden,
            allow=tuple(str(a) for a in entry.get("allow", ())), note=str(entry.get("note", "")),
            triggers=tuple(_pattern(e, case_sensitive=sensitive) for e in english),
            variants=tuple(_pattern(f, mutate=True, case_sensitive=sensitive) for f in forbidden),
        )

    def used_in(self, english):
        return next((m.group(0) for t in self.triggers if (m := t.search(english))), None)


@dataclass(frozen=True)
class Finding:
    term: Term
    english: str
    variant: str

    def __str__(self):
        return f"uses '{self.variant}' for '{self.english}'; the glossary's Welsh is '{self.term.welsh}'"


@lru_cache(maxsize=4)
def load(path=GLOSSARY):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return tuple(Term.from_entry(entry) for entry in data.get("terms", ()))


def _without(text, phrases):
    for phrase in phrases:
        text = re.sub(re.escape(phrase.replace("’", "'")), " ", text, flags=re.IGNORECASE)
    return text


def find(english, welsh, glossary=None, allow=()):
    """Forbidden variants in ``welsh`` of the glossary terms that ``english`` uses."""
    glossary = load() if glossary is None else glossary
    welsh = _without(welsh.replace("’", "'"), allow)
    findings = []
    for term in glossary:
        used = term.used_in(english)
        if used is None:
            continue
        text = _without(welsh, term.allow)
        for variant in term.variants:
            for match in variant.finditer(text):
                findings.append(Finding(term, used, match.group(0)))
    return findings


def paragraphs(english, welsh):
    """Pair the paragraphs of two texts; the whole texts when their paragraph counts differ."""
    split = re.compile(r"\n\s*\n")
    en, cy = split.split(english.strip()), split.split(welsh.strip())
    return list(zip(en, cy)) if len(en) == len(cy) else [(english, welsh)]


def flash_warnings(form):
    """After a save: the form's glossary warnings as flash messages (a warning, never a refusal)."""
    from flask import flash

    for message in form_warnings(form):
        flash(message, "warning")


def init_app(app):
    app.jinja_env.globals["term_warnings"] = form_warnings


def form_warnings(form):
    """Glossary findings for a form's Welsh fields (``x_cy`` beside ``x_en``), as messages for staff."""
    from flask_babel import gettext as _

    messages = []
    for field in form:
        name = field.name
        if not name.endswith("_cy") or name[:-3] + "_en" not in form:
            continue
        english, welsh = form[name[:-3] + "_en"].data, field.data
        if not isinstance(english, str) or not isinstance(welsh, str):
            continue  # files, choices
        for pair in paragraphs(english, welsh):
            for found in find(*pair):
                messages.append(_("%(field)s: the site's glossary has “%(term)s” for “%(english)s”, "
                                  "not “%(variant)s”.", field=field.label.text, term=found.term.welsh,
                                  english=found.english, variant=found.variant))
    return messages
