"""The forms on a page, read as a browser reads them: each <form> with its named fields."""
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str  # a path, without fragment
    fields: list = field(default_factory=list)
    enctype: str = "application/x-www-form-urlencoded"

    @property
    def names(self):
        return list(dict.fromkeys(f.name for f in self.fields if f.kind not in ("submit", "button", "reset")))

    def defaults(self):
        """What the browser would send untouched: checked boxes, selected options, values."""
        data = {}
        for f in self.fields:
            if f.kind in ("radio", "checkbox"):
                if f.checked:
                    data[f.name] = f.value or "on"
            elif f.kind == "select":
                data.setdefault(f.name, f.value or (f.options[0] if f.options else ""))
            elif f.kind not in ("submit", "button", "reset", "file", "image"):
                data.setdefault(f.name, f.value)
        return data

    def text_fields(self):
        return [f.name for f in self.fields if f.kind in ("text", "search", "email", "number", "tel",
                                                           "url", "password", "textarea")]


class _FormParser(HTMLParser):
    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path, self.forms, self.form, self.select = page_path, [], None, None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path))
            path = action.path + (f"?{action.query}" if action.query else "")
            self.form = Form((a.get("method") or "get").lower(), path,
                             enctype=a.get("enctype") or "application/x-www-form-urlencoded")
            self.forms.append(self.form)
        elif self.form is None or "name" not in a:
            if tag == "option" and self.select is not None:
                self.select.options.append(a.get("value", ""))
                if "selected" in a:
                    self.select.value = a.get("value", "")
        elif tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self.form.fields.append(Field(a["name"], kind, a.get("value", ""), "checked" in a))
        elif tag in ("select", "textarea"):
            self.select = Field(a["name"], tag)
            self.form.fields.append(self.select)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def forms_on(html, page_path):
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms
