"""An item's sanitised HTML as plain text, for the text part of the Briff email.

The HTML comes from ``markup.render`` (an allowlist of tags), so a small parser is enough:
paragraphs and headings become blank-line separated blocks, list items "- " lines, and each
link keeps its address in brackets after its text.
"""
import re
from html.parser import HTMLParser

BLOCKS = {"p", "h3", "h4", "ul", "ol", "table", "blockquote", "pre", "hr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in ("br", "tr"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href != text and not href.startswith("mailto:" + text):
                self.parts.append(f" ({href})")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        # Newlines between tags are markup layout, not text: keep them as a space.
        self.parts.append(" " if not data.strip() else data)


def plain_text(html):
    parser = _Text()
    parser.feed(str(html or ""))
    parser.close()
    lines = []
    for line in "".join(parser.parts).splitlines():
        bullet = line.lstrip().startswith("- ")
        words = " ".join(line.split())
        lines.append(words if not bullet else "- " + words[2:].lstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
