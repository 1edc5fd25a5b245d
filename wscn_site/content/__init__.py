"""Markdown content: loaded and rendered once per process, then served from memory."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from .check import check_content
from .loader import source_hash
from .store import ContentStore
from .terms_check import CATALOGUE, check_terms

CONTENT_ENDPOINT = "public.page"
content_cli = AppGroup("content", help="Check and maintain the Markdown pages.")


def get_store():
    return current_app.extensions["wscn_content"]


def route_exists(app):
    adapter = app.url_map.bind("localhost")

    def exists(path):
        try:
            endpoint, _ = adapter.match(path, method="GET")
        except RequestRedirect:
            return True
        except HTTPException:
            return False
        return endpoint != CONTENT_ENDPOINT

    return exists


@content_cli.command("check")
@click.option("--dir", "root", type=click.Path(file_okay=False), help="Content folder to check.")
def check_command(root):
    """Fail on missing pages, fields, broken links, stale Welsh and Welsh off the glossary."""
    app = current_app._get_current_object()
    root = root or app.config["CONTENT_DIR"]
    problems = check_content(root, route_exists(app), set(app.extensions.get("page_components", ())))
    _report(problems + check_terms(root), "Content is sound.")


@content_cli.command("terms")
@click.option("--dir", "root", type=click.Path(file_okay=False), help="Content folder to check.")
@click.option("--catalogue", type=click.Path(dir_okay=False), help="Welsh catalogue (.po) to check.")
def terms_command(root, catalogue):
    """Fail where Welsh pages or messages use a variant the glossary forbids."""
    root = root or current_app.config["CONTENT_DIR"]
    _report(check_terms(root, catalogue or CATALOGUE), "The Welsh keeps to the glossary.")


def _report(problems, verdict):
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(verdict)


@content_cli.command("stamp")
@click.argument("keys", nargs=-1, required=True)
def stamp_command(keys):
    """Record that the Welsh of KEYS (e.g. 'about') was reviewed against the current English."""
    root = current_app.config["CONTENT_DIR"]
    for key in keys:
        english, welsh = root / "en" / f"{key}.md", root / "cy" / f"{key}.md"
        if not english.is_file() or not welsh.is_file():
            raise click.ClickException(f"{key}: needs both en/{key}.md and cy/{key}.md")
        digest = source_hash(english)
        lines = welsh.read_text(encoding="utf-8").split("\n")
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                raise click.ClickException(f"cy/{key}.md has no 'source_hash:' line")
            if line.startswith("source_hash:"):
                lines[index] = f"source_hash: {digest}"
                break
        welsh.write_text("\n".join(lines), encoding="utf-8")
        click.echo(f"cy/{key}.md: source_hash {digest}")


def init_app(app):
    app.extensions["wscn_content"] = ContentStore.load(app.config["CONTENT_DIR"])
    app.cli.add_command(content_cli)
