"""The ceiling ``make bench`` compares the app with: a bare WSGI app answering each saved path with the
exact status line, headers and bytes the site sent, under the same server and settings (serve.py).

The pages come from ``WSCN_BARE_PAGES``, a JSON file {path: {"headers": [[name, value], ...],
"body": latin-1 text}} written by bench/run.py; any other path is a 404.
"""
import json
import os

with open(os.environ["WSCN_BARE_PAGES"], encoding="utf-8") as handle:
    PAGES = {path: ([tuple(h) for h in page["headers"]], [page["body"].encode("latin-1")])
             for path, page in json.load(handle).items()}
NOT_FOUND = ([("Content-Type", "text/plain"), ("Content-Length", "9")], [b"not found"])


def app(environ, start_response):
    headers, body = PAGES.get(environ["PATH_INFO"], NOT_FOUND)
    start_response("200 OK" if body is not NOT_FOUND[1] else "404 Not Found", headers)
    return body
