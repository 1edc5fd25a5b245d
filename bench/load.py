"""``make load``: 50 connections held for 60 s on every public page, and 10 for 60 s on the members'
portal as a logged-in member, under the production server (serve.py), in one run.

serve.py starts the production server on a free 127.0.0.1 port, on a temporary database holding
the demo data (``flask demo load``); the pages come from the site itself (tests/site_pages.py:
the sitemap in both languages, the language choice, each GET form answered and with an error;
for the portal, the pages a member reaches by following its links, and the library's filters),
and wrk cycles through them. Passes with 0 socket errors and 0 non-2xx/3xx answers; prints
requests/s and latency percentiles, and writes bench/out/load.json. Only 127.0.0.1 is ever a
target; every wait is bounded in time.

A scenario is a function ``(base_url, logins) -> (paths, headers)`` with its number of connections:
``portal`` logs the demo member in once and sends wrk that session's cookie.
"""
import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import HOST, find, parse_wrk, stop
from servers import start_app

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's wscn_site, as the server serves it
from site_pages import demo_logins, form_pages, http_fetch, portal_pages, site_pages  # noqa: E402

OUT = ROOT / "bench" / "out" / "load.json"
LUA = """local paths = {%s}
local i = 0
%s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def public(base_url, logins):
    """Every public page a visitor can be sent to (the 404 examples are left out)."""
    return [page.path for page in site_pages(http_fetch(base_url)) if page.status == 200], {}


def portal(base_url, logins):
    """The members' portal as the demo member sees it, with the cookie of one log-in."""
    fetch = http_fetch(base_url, {"member": logins["member"]})
    pages = portal_pages(fetch)
    pages += form_pages(fetch, pages)
    cookie = "; ".join(f"{name}={value}" for name, value in fetch.cookies("member").items())
    return [page.path for page in pages], {"Cookie": cookie}


SCENARIOS = {"public": (public, 50), "portal": (portal, 10)}  # name: (pages, connections)


def load_demo_data(tmp):
    """Migrate the server's database (servers.start_app: tmp/bench.sqlite3, files in tmp/private) and
    load the demo data into it; returns the demo logins."""
    from flask_migrate import upgrade

    from wscn_site import create_app

    os.environ.setdefault("WSCN_SECRET_KEY", secrets.token_urlsafe(32))  # never the instance/ key
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}",
                      "PRIVATE_DIR": tmp / "private"})
    with app.app_context():
        upgrade()
    logins = demo_logins(app)
    with app.app_context():
        from wscn_site.extensions import db

        db.engine.dispose()
    return logins


def wrk(base_url, paths, headers, connections, seconds, tmp):
    script = tmp / "paths.lua"
    header_lines = "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
    script.write_text(LUA % (", ".join(json.dumps(p) for p in paths), header_lines))
    command = [find("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
               "-s", str(script), base_url]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                                    check=True).stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, help="for every scenario (default: 50 public, 10 portal)")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append")
    parser.add_argument("--out", type=Path, default=OUT, help=f"the results (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if not find("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the server
    procs, results = [], {}
    with tempfile.TemporaryDirectory(prefix="wscn-load-") as folder:
        tmp = Path(folder)
        try:
            logins = load_demo_data(tmp)
            port, _, _ = start_app(tmp, "load", {"WSCN_PRODUCTION": ""},
                                   procs=procs)
            worker = "granian (serve.py)"
            base_url = f"http://{HOST}:{port}"
            for name in args.scenario or list(SCENARIOS):
                scenario, connections = SCENARIOS[name]
                connections = args.connections or connections
                paths, headers = scenario(base_url, logins)
                print(f"{name}: {len(paths)} pages, {connections} connections, {args.seconds} s "
                      f"against {worker} ...", flush=True)
                results[name] = {"pages": len(paths), "connections": connections,
                                 **wrk(base_url, paths, headers, connections, args.seconds, tmp)}
        finally:
            while procs:
                stop(procs.pop())
    for name, row in results.items():
        print(f"{name} ({row['connections']} connections): {row['requests']} requests, {row['rps']:.0f} req/s, "
              f"p50 {row['p50_ms']} ms, "
              f"p90 {row['p90_ms']} ms, p99 {row['p99_ms']} ms, errors {row['errors']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seconds": args.seconds,
                               "time": time.strftime("%Y-%m-%dT%H:%M:%S"), "results": results}, indent=2))
    ok = all(row["errors"] == 0 and row["requests"] > 0 for row in results.values())
    print(f"{'PASS' if ok else 'FAIL'}: 0 errors required; results in {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
