"""``make load``: 50 connections held for 60 s on every public page, under gunicorn.

gunicorn starts with gunicorn.conf.py on a free 127.0.0.1 port; the pages come from the site
itself (tests/site_pages.py: the sitemap in both languages, the language choice, each GET form
answered and with an error), and wrk cycles through them. Passes with 0 socket errors and 0
non-2xx/3xx answers; prints requests/s and latency percentiles, and writes bench/out/load.json.
Only 127.0.0.1 is ever a target; every wait is bounded in time.

A scenario is a function ``(base_url) -> (paths, headers)``. For the members' portal, add
``portal(base_url)`` that logs a test member in once (a user created in the same database) and
returns the portal's pages with ``{"Cookie": "wscn_session=..."}``, then list it in SCENARIOS.
"""
import argparse
import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import HOST, UNITS, find, start_gunicorn, stop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from site_pages import http_fetch, site_pages  # noqa: E402

OUT = ROOT / "bench" / "out" / "load.json"
LUA = """local paths = {%s}
local i = 0
%s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def public(base_url):
    """Every public page a visitor can be sent to (the 404 examples are left out)."""
    return [page.path for page in site_pages(http_fetch(base_url)) if page.status == 200], {}


SCENARIOS = {"public": public}


def wrk(base_url, paths, headers, connections, seconds, tmp):
    script = tmp / "paths.lua"
    header_lines = "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
    script.write_text(LUA % (", ".join(json.dumps(p) for p in paths), header_lines))
    command = [find("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
               "-s", str(script), base_url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout

    def ms(label):
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M).groups()
        return round(float(value) * UNITS[unit], 2)

    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": ms("50%"), "p90_ms": ms("90%"), "p99_ms": ms("99%"),
            "errors": socket_errors + (int(non_2xx.group(1)) if non_2xx else 0)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args(argv)
    if not find("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops gunicorn
    procs, results = [], {}
    with tempfile.TemporaryDirectory(prefix="wscn-load-") as folder:
        tmp = Path(folder)
        try:
            port, worker = start_gunicorn(tmp, "load", [], procs)
            base_url = f"http://{HOST}:{port}"
            for name in args.scenario or list(SCENARIOS):
                paths, headers = SCENARIOS[name](base_url)
                print(f"{name}: {len(paths)} pages, {args.connections} connections, {args.seconds} s "
                      f"against gunicorn/{worker} ...", flush=True)
                results[name] = {"pages": len(paths), **wrk(base_url, paths, headers, args.connections,
                                                              args.seconds, tmp)}
        finally:
            while procs:
                stop(procs.pop())
    for name, row in results.items():
        print(f"{name}: {row['requests']} requests, {row['rps']:.0f} req/s, p50 {row['p50_ms']} ms, "
              f"p90 {row['p90_ms']} ms, p99 {row['p99_ms']} ms, errors {row['errors']}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"connections": args.connections, "seconds": args.seconds,
                               "time": time.strftime("%Y-%m-%dT%H:%M:%S"), "results": results}, indent=2))
    ok = all(row["errors"] == 0 and row["requests"] > 0 for row in results.values())
    print(f"{'PASS' if ok else 'FAIL'}: 0 errors required; results in {OUT.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
