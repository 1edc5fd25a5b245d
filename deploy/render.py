"""Fill in a template's @NAME@ placeholders: ``python3 deploy/render.py deploy/nginx/wscn.conf
SITE_URL=https://example.org SERVER_NAME=example.org ... > /etc/nginx/sites-available/wscn.conf``.

Refuses to write anything while a placeholder is left unfilled or a value is unused, so a
mistyped name cannot reach nginx. Standard library only (the tests use it too).
"""
import re
import sys

PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


def render(template, values):
    wanted = set(PLACEHOLDER.findall(template))
    missing, unused = wanted - set(values), set(values) - wanted
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
