"""``make bench``: the site under its production server (serve.py) against nginx serving the same
bytes, and against a bare WSGI app returning the same bytes under the same server and settings.

On the demo data, with the production settings (WSCN_PRODUCTION=1, a secret key, WSCN_SITE_URL
matching the Host, two workers sharing Redis, or one counting in memory without Redis), wrk measures
each page on each server, back to back: requests/s at 32 connections, p50/p99 at one. Public pages
(home, membership, a Briff issue) anonymously; portal pages (dashboard, library, a resource page)
with a logged-in member's cookie, on SQLite and again on PostgreSQL when it answers. Also: the cold
start (launch to the first 200, bytecode cached as a deployed site has it) and the server's memory
(PSS of all its processes, after load). And the deployed stack (bench/deployed.py): the deployment
guide's nginx configuration, microcache on, in front of serve.py, against nginx serving the same bytes as
static files, both over TLS, anonymously on the public pages. Each figure is the median of ``--runs``
runs (3), each run's load average printed; ``--only app`` or ``--only deployed`` runs one part.
Results: bench/out/results.json and results.md (a markdown table); the exit status is 1 when a target
fails. Only 127.0.0.1 is ever a target; every wait is bounded in time.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import deployed
from demo_site import load_demo_data, member_session, postgres_database, redis_settings
from servers import (HOST, ROOT, find, free_port, get, pss_mb, start, start_app, start_nginx,  # noqa: F401
                     stop, tail)

OUT = ROOT / "bench" / "out"
LOAD, SINGLE, WARM = ["-t2", "-c32", "-d5s"], ["-t1", "-c1", "-d3s"], ["-t2", "-c8", "-d1s"]
TARGETS = {"public_vs_nginx": 0.45, "public_vs_bare": 0.80, "public_p50_ms": 0.1, "portal_vs_nginx": 0.015,
           "cold_start_s": 0.5, "pss_mb": 150, "deployed_vs_nginx": 0.90}
PARTS = ("app", "deployed")


def ensure_tools():
    missing = [tool for tool in ("wrk", "nginx") if not find(tool)]
    if missing:
        print(f"{' and '.join(missing)} not found: installing wrk and nginx-light with apt-get", flush=True)
        subprocess.run(["apt-get", "update", "-q"], check=True, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk", "nginx-light"], check=True, timeout=600)
    if not (find("wrk") and find("nginx")):
        sys.exit("wrk or nginx is still missing")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def parse_wrk(out):
    """What wrk --latency printed: requests, rate, p50/p90/p99 in ms, and errors (socket errors
    and answers other than 2xx/3xx)."""
    def ms(label):
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M).groups()
        return round(float(value) * UNITS[unit], 3)

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": ms("50%"), "p90_ms": ms("90%"), "p99_ms": ms("99%"),
            "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0)}


def wrk(port, path, args, cookie=None, scheme="http"):
    seconds = int(args[-1][2:-1])
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run([find("wrk"), *args, *headers, "--latency", f"{scheme}://{HOST}:{port}{path}"],
                         capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    return parse_wrk(out)


def measure(port, path, cookie=None, scheme="http"):
    wrk(port, path, WARM, cookie, scheme)  # fills every worker's page cache (and nginx's microcache)
    load, single = wrk(port, path, LOAD, cookie, scheme), wrk(port, path, SINGLE, cookie, scheme)
    print(f"  {path}: {load['rps']:.0f} req/s at 32, p50 {single['p50_ms']} ms at 1", flush=True)
    return {"rps": load["rps"], "p99_c32_ms": load["p99_ms"], "p50_c1_ms": single["p50_ms"],
            "p99_c1_ms": single["p99_ms"], "errors": load["errors"] + single["errors"]}


def capture(port, paths, cookie=None):
    """{path: (headers, body)} as the app answers; every page must be a 200."""
    pages = {}
    for path in paths:
        status, headers, body = get(port, path, headers={"Cookie": cookie} if cookie else None)
        if status != 200:
            sys.exit(f"{path} answers {status} from the app: nothing to measure")
        pages[path] = ([(k, v) for k, v in headers if k.lower() not in {"date", "server"}], body)
    return pages


def one_run(tmp, env, logins, pg, parts=PARTS):
    """Every server and page of ``parts`` once, back to back; returns {"rows": {(kind, path, server): row},
    ...}."""
    procs, rows, load = [], {}, os.getloadavg()
    run = {"rows": rows, "load": load, "workers": env["WSCN_WORKERS"]}
    try:
        port, app, cold = start_app(tmp, "app", env, procs=procs, path="/en/")
        run["cold_start_s"] = round(cold, 3)
        issue = re.search(r'href="(/en/briff/\d+)"', get(port, "/en/briff/")[2].decode()).group(1)
        public = ["/en/", "/en/membership", issue]
        if "app" in parts:
            run["pss_mb"] = app_rows(tmp, env, (port, app), public, logins, pg, procs, rows)
        if "deployed" in parts:  # the guide's nginx over TLS, against static nginx over TLS (bench/deployed.py)
            stack, static = deployed.start_stack(tmp, env, public, procs)
            for path in public:
                for server, server_port in (("nginx", static), ("deployed stack", stack)):
                    rows[("deployed", path, server)] = measure(server_port, path, scheme="https")
    finally:
        while procs:
            stop(procs.pop())
    return run


def app_rows(tmp, env, server, public, logins, pg, procs, rows):
    """The app server's rows (public and portal pages, against nginx and the bare WSGI app, and on
    PostgreSQL); returns the app server's PSS after load."""
    port, app = server
    cookie, portal = member_session(port, logins)
    pages = capture(port, public) | capture(port, portal, cookie)
    bare_file = tmp / "bare.json"
    bare_file.write_text(json.dumps({p: {"headers": h, "body": b.decode("latin-1")} for p, (h, b) in pages.items()}))
    nginx = start_nginx(tmp, {p: b for p, (h, b) in pages.items()}, procs)
    bare, _, _ = start_app(tmp, "bare", env | {"WSCN_BARE_PAGES": str(bare_file)}, "bench.bare_wsgi:app",
                           procs, path="/en/")
    for path in public:
        for name, server_port in (("nginx", nginx), ("app", port), ("bare WSGI", bare)):
            rows[("public", path, name)] = measure(server_port, path)
    for path in portal:
        for name, server_port, with_cookie in (("nginx", nginx, None), ("app", port, cookie)):
            rows[("portal", path, name)] = measure(server_port, path, with_cookie)
    pss = pss_mb(app)
    if pg:
        pg_port, _, _ = start_app(tmp, "pg", env | {"WSCN_DATABASE_URL": pg[0]}, procs=procs, path="/en/")
        pg_cookie, pg_portal = member_session(pg_port, pg[1])
        for path in pg_portal:
            rows[("portal", path, "app, PostgreSQL")] = measure(pg_port, path, pg_cookie)
    return pss


def median_rows(runs):
    rows = {}
    for key in runs[0]["rows"]:
        cells = [run["rows"][key] for run in runs]
        rows[key] = {name: statistics.median(c[name] for c in cells) for name in cells[0] if name != "errors"}
        rows[key]["errors"] = sum(c["errors"] for c in cells)
    return rows


def table(rows, runs):
    """The markdown table: one line per page and server, ratios against nginx and the bare app."""
    lines = ["| page | server | req/s c=32 | vs nginx | vs bare WSGI | p50 c=1 | p99 c=1 | p99 c=32 | errors |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (kind, path, server), row in rows.items():
        nginx, bare = rows[(kind, path, "nginx")]["rps"], rows.get((kind, path, "bare WSGI"), {}).get("rps")
        vs_nginx = f"{row['rps'] / nginx:.3f}" if server != "nginx" else ""
        vs_bare = f"{row['rps'] / bare:.3f}" if bare and server == "app" else ""
        lines.append(f"| {kind} {path} | {server} | {row['rps']:.0f} | {vs_nginx} | {vs_bare} | "
                     f"{row['p50_c1_ms']:.3f} ms | {row['p99_c1_ms']:.3f} ms | {row['p99_c32_ms']:.2f} ms | "
                     f"{row['errors']} |")
    lines.append("")
    for i, run in enumerate(runs, 1):
        lines.append(f"- run {i}: load average {run['load'][0]:.2f} {run['load'][1]:.2f} {run['load'][2]:.2f} "
                     f"before it; cold start {run['cold_start_s']} s; PSS after load {run.get('pss_mb', '-')} MB "
                     f"({run['workers']} worker(s))")
    if any(kind == "deployed" for kind, _, _ in rows):
        lines.append("- deployed rows: over TLS on both sides (HTTPS, one handshake per connection); nginx: the "
                     "stack's bytes as static files; deployed stack: deploy/nginx/wscn.conf (microcache) in front "
                     "of `make serve`'s command")
    return "\n".join(lines)


def checks(rows, runs):
    """{what was checked, with the figure: passed} for the parts that ran."""
    def ratio(kind, server, base):
        return min(row["rps"] / rows[(k, p, base)]["rps"] for (k, p, s), row in rows.items()
                   if k == kind and s == server)
    kinds, results = {kind for kind, _, _ in rows}, {}
    if "public" in kinds:
        public_p50 = max(row["p50_c1_ms"] for (k, p, s), row in rows.items() if k == "public" and s == "app")
        results |= {
            f"public pages: app >= {TARGETS['public_vs_nginx']} x nginx (lowest {ratio('public', 'app', 'nginx'):.3f})":
            ratio("public", "app", "nginx") >= TARGETS["public_vs_nginx"],
            f"public pages: app >= {TARGETS['public_vs_bare']} x bare WSGI (lowest "
            f"{ratio('public', 'app', 'bare WSGI'):.3f})": ratio("public", "app", "bare WSGI") >= TARGETS["public_vs_bare"],
            f"public pages: p50 at 1 connection <= {TARGETS['public_p50_ms']} ms (highest {public_p50:.3f} ms)":
            public_p50 <= TARGETS["public_p50_ms"],
            f"portal pages: app >= {TARGETS['portal_vs_nginx']} x nginx on SQLite (lowest "
            f"{ratio('portal', 'app', 'nginx'):.4f})": ratio("portal", "app", "nginx") >= TARGETS["portal_vs_nginx"]}
    if "deployed" in kinds:
        lowest = ratio("deployed", "deployed stack", "nginx")
        results[f"public pages through the deployed stack >= {TARGETS['deployed_vs_nginx']} x nginx static, "
                f"both TLS (lowest {lowest:.3f})"] = lowest >= TARGETS["deployed_vs_nginx"]
    cold = statistics.median(run["cold_start_s"] for run in runs)
    results[f"cold start <= {TARGETS['cold_start_s']} s (median {cold} s)"] = cold <= TARGETS["cold_start_s"]
    if all("pss_mb" in run for run in runs):
        pss = statistics.median(run["pss_mb"] for run in runs)
        results[f"memory of all server processes <= {TARGETS['pss_mb']} MB PSS (median {pss} MB)"] = (
            pss <= TARGETS["pss_mb"])
    errors = sum(row["errors"] for row in rows.values())
    results[f"no socket errors or non-2xx responses ({errors})"] = errors == 0
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=PARTS, help="one part: the app server's rows, or the deployed "
                        "stack's (results then in bench/out/results-PART.md and .json)")
    args = parser.parse_args(argv)
    parts, name = ((args.only,), f"results-{args.only}") if args.only else (PARTS, "results")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the servers
    ensure_tools()
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="wscn-bench-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    pg_url, drop_pg = postgres_database() if "app" in parts else (None, None)
    env = redis_settings() | {"PYTHONPYCACHEPREFIX": str(tmp / "pycache"), "PYTHONDONTWRITEBYTECODE": ""}
    try:
        logins = load_demo_data(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp / "private")
        pg = (pg_url, load_demo_data(pg_url, tmp / "private")) if pg_url else None
        procs = []
        start_app(tmp, "compile", env, procs=procs)  # writes the bytecode a deployed site has
        stop(procs.pop())
        runs = []
        for i in range(args.runs):
            print(f"run {i + 1} of {args.runs} (load average {os.getloadavg()[0]:.2f}) ...", flush=True)
            runs.append(one_run(tmp, env, logins, pg, parts))
        rows = median_rows(runs)
        markdown = table(rows, runs)
        results = checks(rows, runs)
        markdown += "\n\n" + "\n".join(f"- {'PASS' if ok else 'FAIL'} {name}" for name, ok in results.items())
        print("\n" + markdown)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{name}.md").write_text(markdown + "\n")
        (OUT / f"{name}.json").write_text(json.dumps({
            "rows": [{"kind": k, "path": p, "server": s, **row} for (k, p, s), row in rows.items()],
            "runs": [{k: v for k, v in run.items() if k != "rows"} for run in runs], "checks": results,
            "wrk": {"load": LOAD, "single": SINGLE}, "seconds": round(time.monotonic() - started)}, indent=2))
        print(f"\nresults in bench/out/{name}.md and {name}.json ({time.monotonic() - started:.0f} s)")
        return 0 if all(results.values()) else 1
    finally:
        if drop_pg:
            drop_pg()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted: servers stopped")
