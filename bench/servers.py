"""Starting and stopping the servers ``make bench`` and ``make load`` measure, on 127.0.0.1 only.

The site is always started with serve.py's command (the production server and its settings, in one
place); nginx serves saved bytes. Every wait is bounded in time.
"""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from serve import command  # noqa: E402  (the production server's argv)

HOST = "127.0.0.1"
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


def find(tool):
    return shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path, timeout=5, headers=None):
    """(status, headers, body) of one GET on a new connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def tail(path, lines=20):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:]) if Path(path).exists() else ""


def start(cmd, log, env=None):
    """A server in its own process group (session), so it and its workers can be stopped together."""
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


def wait_until_up(port, proc, log, path="/robots.txt", seconds=30):
    """Polls until ``path`` answers 200; returns the seconds since the process was started."""
    started, deadline = proc.started, time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if get(port, path, timeout=2)[0] == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.005)
    sys.exit(f"server on port {port} did not start; log:\n{tail(log)}")


def app_env(tmp, port, **settings):
    """The production settings: WSCN_PRODUCTION, a secret key, the site URL matching the Host used."""
    return dict(os.environ, WSCN_PRODUCTION="1", WSCN_BIND=f"{HOST}:{port}", WSCN_SITE_URL=f"http://{HOST}:{port}",
                WSCN_SECRET_KEY=os.environ.get("WSCN_SECRET_KEY") or "bench-" + "k" * 40,
                WSCN_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", WSCN_PRIVATE_DIR=str(tmp / "private")) | settings


def start_app(tmp, label, env_settings=None, target="wsgi:app", procs=None, path="/robots.txt"):
    """serve.py on a free port with the production settings; returns (port, proc, seconds to first 200)."""
    port, log = free_port(), tmp / f"server-{label}.log"
    env = app_env(tmp, port, **(env_settings or {}))
    started = time.monotonic()
    proc = start(command(target), log, env)
    proc.started = started
    if procs is not None:
        procs.append(proc)
    return port, proc, wait_until_up(port, proc, log, path)


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
    proc = start([find("nginx"), "-e", str(tmp / "nginx-error.log"), "-p", str(tmp), "-c", str(conf)],
                 tmp / "nginx.log")
    proc.started = time.monotonic()
    procs.append(proc)
    wait_until_up(port, proc, tmp / "nginx-error.log", next(iter(pages)))
    for path, body in pages.items():
        if get(port, path)[::2] != (200, body):
            sys.exit(f"nginx does not serve the app's bytes for {path}")
    return port


def pss_mb(proc):
    """Proportional set size of the server's whole process group (master and workers), in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == proc.pid:
                    text = (entry / "smaps_rollup").read_text()
                    total += int(text.split("Pss:", 1)[1].split()[0])
            except (OSError, IndexError):
                continue
    return round(total / 1024, 1)
