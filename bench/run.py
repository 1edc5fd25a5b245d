"""``make bench``: the app under gunicorn against nginx serving the same bytes.

Serves ``wsgi:app`` with gunicorn.conf.py (and, for comparison, sync workers),
saves the app's bytes for each page as static files for nginx, then measures
each page on each server with wrk: requests/s at 50 connections, p50/p99 at one.
Targets: app rate >= 0.10 of nginx's on every page; p50 at one connection < 1 ms.
Results go to bench/out/results.json; the exit status is 1 when a target fails.
Only 127.0.0.1 is ever a target; every wait is bounded in time.
"""
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "results.json"
HOST = "127.0.0.1"
PATHS = ["/en/", "/cy/", "/en/membership", "/cy/aelodaeth"]
LOAD = ["-t2", "-c50", "-d10s"]  # throughput
SINGLE = ["-t1", "-c1", "-d5s"]  # latency at one connection
WARM = ["-t2", "-c8", "-d1s"]  # fills every worker's page cache
MIN_RATIO, MAX_P50_MS = 0.10, 1.0
# (label, extra gunicorn arguments); the first is the production default.
APP_SERVERS = [("default", []), ("sync", ["--worker-class", "sync", "--threads", "1"])]
NGINX_CONF = """daemon off;
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html; }}
    default_type text/html;
    sendfile on;
    client_body_temp_path {tmp}/client_body;
    server {{
        listen {host}:{port};
        root {tmp}/www;
        index index.html;
    }}
}}
"""


def ensure_tools():
    missing = [tool for tool in ("wrk", "nginx") if not find(tool)]
    if missing:
        print(f"{' and '.join(missing)} not found: installing wrk and nginx-light with apt-get", flush=True)
        subprocess.run(["apt-get", "update", "-q"], check=True, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk", "nginx-light"], check=True, timeout=600)
    if not (find("wrk") and find("nginx")):
        sys.exit("wrk or nginx is still missing")


def find(tool):
    return shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path, timeout=5):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until_up(port, proc, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            return get(port, PATHS[0], timeout=2)
        except OSError:
            time.sleep(0.1)
    sys.exit(f"server on port {port} did not start; log:\n{tail(log)}")


def tail(path, lines=20):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:]) if Path(path).exists() else ""


def start(cmd, log, env=None):
    """A server in its own process group, so it and its workers can be stopped together."""
    with open(log, "ab") as handle:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(proc):
    """SIGTERM to the whole group, then SIGKILL to whatever is left of it."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            time.sleep(0.2)  # workers exit just after their master
        except subprocess.TimeoutExpired:
            pass


def start_gunicorn(tmp, label, extra, procs):
    port, log = free_port(), tmp / f"gunicorn-{label}.log"
    env = dict(os.environ, WSCN_BIND=f"{HOST}:{port}", WSCN_WORKERS="2",
               WSCN_SECRET_KEY=secrets.token_urlsafe(32),
               WSCN_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", WSCN_PRIVATE_DIR=str(tmp / "private"),
               XDG_RUNTIME_DIR=str(tmp))  # gunicorn >= 25 puts its control socket there
    cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *extra, "wsgi:app"]
    procs.append(start(cmd, log, env))
    wait_until_up(port, procs[-1], log)
    found = re.search(r"Using worker: (\S+)", tail(log, 50))
    return port, (found.group(1) if found else label)


def start_nginx(tmp, pages, procs):
    """nginx serving, at the same URL paths, the exact bytes the app sent."""
    for path, body in pages.items():
        target = tmp / "www" / path.lstrip("/")
        target = target / "index.html" if path.endswith("/") else target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, host=HOST, port=port))
    procs.append(start([find("nginx"), "-e", str(tmp / "nginx-error.log"), "-p", str(tmp), "-c", str(conf)],
                       tmp / "nginx.log"))
    wait_until_up(port, procs[-1], tmp / "nginx-error.log")
    for path, body in pages.items():
        if get(port, path) != (200, body):
            sys.exit(f"nginx does not serve the app's bytes for {path}")
    return port


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


def wrk(port, path, args):
    seconds = int(args[-1][2:-1])
    out = subprocess.run([find("wrk"), *args, "--latency", f"http://{HOST}:{port}{path}"],
                         capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    return parse_wrk(out)


def measure(port, server):
    print(f"measuring {server} ...", flush=True)
    for path in PATHS:
        wrk(port, path, WARM)
    results = {}
    for path in PATHS:
        load, single = wrk(port, path, LOAD), wrk(port, path, SINGLE)
        results[path] = {"rps_c50": load["rps"], "p50_c50_ms": load["p50_ms"], "p99_c50_ms": load["p99_ms"],
                         "p50_c1_ms": single["p50_ms"], "p99_c1_ms": single["p99_ms"],
                         "errors": load["errors"] + single["errors"]}
    return results


def report(results, default):
    print(f"\n{'path':<16}{'server':<18}{'req/s c=50':>12}{'p50 c=1':>10}{'p99 c=1':>10}"
          f"{'app/nginx':>11}{'errors':>8}")
    for path in PATHS:
        base = results["nginx"][path]["rps_c50"]
        for server, pages in results.items():
            row = pages[path]
            ratio = f"{row['rps_c50'] / base:.3f}" if server != "nginx" else ""
            print(f"{path:<16}{server:<18}{row['rps_c50']:>12.0f}{row['p50_c1_ms']:>8.3f}ms"
                  f"{row['p99_c1_ms']:>8.3f}ms{ratio:>11}{row['errors']:>8}")
    app = results[default]
    ratio = min(app[p]["rps_c50"] / results["nginx"][p]["rps_c50"] for p in PATHS)
    p50 = max(app[p]["p50_c1_ms"] for p in PATHS)
    errors = sum(row["errors"] for pages in results.values() for row in pages.values())
    checks = {f"app/nginx rate >= {MIN_RATIO} ({default}, lowest {ratio:.3f})": ratio >= MIN_RATIO,
              f"p50 at c=1 < {MAX_P50_MS} ms ({default}, highest {p50:.3f} ms)": p50 < MAX_P50_MS,
              f"no socket errors or non-2xx responses ({errors})": errors == 0}
    print()
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return checks


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the servers
    ensure_tools()
    procs, results = [], {}
    started, load = time.monotonic(), os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.1f} before the run; other work on this machine makes the figures noisy")
    tmp = Path(tempfile.mkdtemp(prefix="wscn-bench-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    try:
        default = None
        for label, extra in APP_SERVERS:
            port, worker = start_gunicorn(tmp, label, extra, procs)
            server = f"gunicorn/{worker}"
            default = default or server
            if label == "default":
                pages = {}
                for path in PATHS:
                    status, body = get(port, path)
                    if status != 200:
                        sys.exit(f"{path} answers {status} from the app: nothing to measure")
                    pages[path] = body
                nginx = start_nginx(tmp, pages, procs)
                results["nginx"] = measure(nginx, "nginx")
            results[server] = measure(port, server)
            while procs:
                stop(procs.pop())
        checks = report(results, default)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps({
            "default_server": default, "paths": PATHS, "wrk": {"load": LOAD, "single": SINGLE},
            "results": results, "checks": checks, "load_before": load, "seconds": round(time.monotonic() - started)}, indent=2))
        print(f"\nresults in {OUT.relative_to(ROOT)} ({time.monotonic() - started:.0f} s)")
        return 0 if all(checks.values()) else 1
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted: servers stopped")
