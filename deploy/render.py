"""Fill in a template's @NAME@ placeholders: ``python3 deploy/render.py deploy/nginx/wscn.conf
SITE_URL=https://example.org SERVER_NAME=example.org ... > /etc/nginx/sites-available/wscn.conf``.

Refuses to write anything while a placeholder is left unfilled or a value is unused, so a
mistyped name cannot reach nginx. Standard library only (the tests use it too).

Lines between ``# @if NAME`` and ``# @end NAME`` are kept when NAME's value is not empty and left out
(placeholders and all) when it is. ``S3_ENDPOINT_URL=scheme://host[:port]`` (WSCN_S3_ENDPOINT_URL)
also fills S3_SCHEME, S3_SERVER (host:port), S3_HOST (the Host header the store signs),
S3_HOST_NAME (for TLS's server name) and the section S3_TLS (kept for https).
"""
import re
import sys
from urllib.parse import urlsplit

PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")
SECTION = re.compile(r"^[ \t]*# @if ([A-Z][A-Z0-9_]*)\b.*?\n(.*?)^[ \t]*# @end \1\b.*?(?:\n|\Z)", re.M | re.S)


def endpoint_values(url):
    """The parts of an object store's endpoint that nginx's configuration needs."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") or parts.query:
        raise ValueError(f"S3_ENDPOINT_URL: http(s)://host[:port] and nothing more, not {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return {"S3_SCHEME": parts.scheme, "S3_SERVER": f"{host}:{port}", "S3_HOST": parts.netloc,
            "S3_HOST_NAME": parts.hostname, "S3_TLS": "on" if parts.scheme == "https" else ""}


def render(template, values):
    derived = endpoint_values(values["S3_ENDPOINT_URL"]) if values.get("S3_ENDPOINT_URL") else {}
    values = {**values, **derived}
    conditions = {name for name, _ in SECTION.findall(template)}

    def section(match):
        if match.group(1) not in values:
            raise ValueError(f"{match.group(1)}: a section without a value (an empty one leaves it out)")
        return match.group(2) if values[match.group(1)] else ""

    while (kept := SECTION.sub(section, template)) != template:
        template = kept  # again, for the sections inside those kept
    wanted = set(PLACEHOLDER.findall(template))
    missing, unused = wanted - set(values), set(values) - wanted - conditions - set(derived)
    if missing or unused:
        raise ValueError(f"placeholders without a value: {sorted(missing)}; values for no placeholder: "
                         f"{sorted(unused)}")
    for name, value in values.items():
        if "\n" in str(value) or ";" in str(value):
            raise ValueError(f"{name}: a value holds no line break or semicolon")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    values = dict(arg.split("=", 1) for arg in argv[2:])
    with open(argv[1], encoding="utf-8") as handle:
        try:
            sys.stdout.write(render(handle.read(), values))
        except ValueError as error:
            sys.exit(str(error))


if __name__ == "__main__":
    main(sys.argv)
