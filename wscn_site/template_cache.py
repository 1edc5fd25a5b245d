"""Compiled templates kept on disk between starts, so a server starts in a fraction of a second.

Jinja turns each template into Python code and compiles it: for the site's ~190 templates that is
0.8 s of every start (serve.py compiles them all once, before forking the workers). Jinja's own
file cache keeps the compiled code (marshal) in ``TEMPLATE_CACHE_DIR`` (``instance/template-cache``
by default, private to the user running the site), keyed by template name and checked against a
hash of the template's source, so an edited template is compiled afresh; writes are atomic, so
several processes may share the folder. A folder that cannot be made is logged and the site
compiles at every start as before.
"""
import os

from jinja2 import FileSystemBytecodeCache


def init_app(app):
    folder = app.config["TEMPLATE_CACHE_DIR"]
    if not folder:
        return
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as problem:
        app.logger.warning("templates compiled at every start: cannot make %s (%s)", folder, problem)
        return
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(folder, "%s.jinja")
