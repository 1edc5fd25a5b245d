"""The deployed stack, for tests: `make serve` (the production server, exactly as deployed) behind
Debian's nginx running deploy/nginx/wscn.conf, filled in by deploy/render.py, on free ports of
127.0.0.1, with a self-signed certificate. Every process is started in a group of its own and
stopped by that group's id; every wait is bounded."""
import http.client
import os
import re
import runpy
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.servers import start, stop  # noqa: E402  (a server in its own process group, stopped as one)

HOST = "127.0.0.1"
ACCEL_PREFIX = "/_private/"
S3_ACCEL_PREFIX = "/_s3/"
render = runpy.run_path(str(ROOT / "deploy" / "render.py"))["render"]

MAIN_CONF = """daemon off;
{user}
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    # method, the address asked for, status, and what the app sent (0: headers only, X-Accel-Redirect)
    log_format upstream '$request_method $request_uri $status $upstream_status $upstream_response_length';
    access_log {tmp}/nginx-access.log upstream;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;
    include {tmp}/wscn.conf;
}}
"""


def nginx_binary():
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/bin")
    if not found and os.environ.get("WSCN_REQUIRE_SERVICES"):
        pytest.fail("nginx is missing (apt-get install -y nginx; .ci/run installs it)")
    if not found:
        pytest.skip("Debian's nginx is not installed")
    return found


def group_rss_kb(pgid, name="serve.py"):
    """Resident memory (KB) of the processes named ``name`` in a process group."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid or name not in (entry / "cmdline").read_text():
                continue
            total += int(re.search(r"VmRSS:\s+(\d+)", (entry / "status").read_text()).group(1))
        except (OSError, AttributeError):
            continue
    return total


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)


@dataclass
class Stack:
    tmp: Path
    app_port: int
    https_port: int
    http_port: int
    database_url: str
    private_dir: Path
    storage: dict = field(default_factory=dict)  # the app's settings for an object store; {}: the folder
    procs: list = field(default_factory=list)

    @property
    def site_url(self):
        return f"https://{HOST}:{self.https_port}"

    def connection(self, via="nginx", timeout=30):
        if via == "app":
            return http.client.HTTPConnection(HOST, self.app_port, timeout=timeout)
        if via == "http":
            return http.client.HTTPConnection(HOST, self.http_port, timeout=timeout)
        context = ssl.create_default_context(cafile=str(self.tmp / "tls.crt"))
        return http.client.HTTPSConnection(HOST, self.https_port, timeout=timeout, context=context)

    def request(self, method, path, headers=None, body=None, via="nginx"):
        conn = self.connection(via)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()

    def get(self, path, headers=None, via="nginx"):
        return self.request("GET", path, headers, via=via)


def self_signed_certificate(tmp):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
                    "-keyout", str(tmp / "tls.key"), "-out", str(tmp / "tls.crt")],
                   check=True, capture_output=True, timeout=30)


def wait_for(check, proc, log, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except (OSError, http.client.HTTPException):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"did not start; {log}:\n{Path(log).read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)


def start_stack(shared_cache_seconds=2, workers=2, threads=1, storage=None):
    """Returns a Stack whose database has no tables yet; the caller creates them and its data. Files are
    in the private folder, or with ``storage`` (app settings: ``object_store.MotoServer.config()``) in
    that object store, which nginx reaches through its /_s3/ location."""
    nginx = nginx_binary()
    tmp = Path(tempfile.mkdtemp(prefix="wscn-nginx-"))
    tmp.chmod(0o755)
    private = tmp / "private"
    private.mkdir()
    stack = Stack(tmp, free_port(), free_port(), free_port(), f"sqlite:///{tmp / 'site.sqlite3'}", private,
                  dict(storage or {}))
    self_signed_certificate(tmp)
    (tmp / "cache").mkdir()
    site = render((ROOT / "deploy" / "nginx" / "wscn.conf").read_text(), {
        "SITE_URL": stack.site_url, "SERVER_NAME": HOST, "HTTPS_LISTEN": f"{HOST}:{stack.https_port}",
        "HTTP_LISTEN": f"{HOST}:{stack.http_port}", "TLS_CERTIFICATE": tmp / "tls.crt",
        "TLS_CERTIFICATE_KEY": tmp / "tls.key", "APP_ADDRESS": f"{HOST}:{stack.app_port}",
        "STATIC_DIR": ROOT / "wscn_site" / "static", "PRIVATE_DIR": private, "CACHE_DIR": tmp / "cache",
        "S3_ENDPOINT_URL": stack.storage.get("S3_ENDPOINT_URL", "")})
    (tmp / "wscn.conf").write_text(site)
    # As root, nginx's workers would run as nobody; in production they join the app's group instead.
    user = "user root root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user))
    env = dict(os.environ, WSCN_BIND=f"{HOST}:{stack.app_port}", WSCN_WORKERS=str(workers),
               WSCN_THREADS=str(threads), WSCN_SECRET_KEY=secrets.token_urlsafe(32), WSCN_SITE_URL=stack.site_url,
               WSCN_DATABASE_URL=stack.database_url, WSCN_PRIVATE_DIR=str(private),
               WSCN_ACCEL_REDIRECT=S3_ACCEL_PREFIX if stack.storage else ACCEL_PREFIX, WSCN_TRUSTED_PROXIES="1",
               WSCN_SHARED_CACHE_SECONDS=str(shared_cache_seconds), XDG_RUNTIME_DIR=str(tmp),
               **{f"WSCN_{name}": str(value) for name, value in stack.storage.items()})
    try:
        stack.procs.append(start(["make", "-s", "-o", "install", "-o", "translations", "serve"],
                                 tmp / "serve.log", env))
        wait_for(lambda: stack.get("/robots.txt", via="app"), stack.procs[-1], tmp / "serve.log")
        stack.procs.append(start([nginx, "-e", str(tmp / "nginx-error.log"), "-p", str(tmp),
                                  "-c", str(tmp / "nginx.conf")], tmp / "nginx.log"))
        wait_for(lambda: stack.get("/robots.txt"), stack.procs[-1], tmp / "nginx-error.log")
    except BaseException:
        stop_stack(stack)
        raise
    return stack


def stop_stack(stack):
    for proc in reversed(stack.procs):
        stop(proc)
    shutil.rmtree(stack.tmp, ignore_errors=True)


class Browser:
    """Cookies kept across requests to one stack, as a browser would (names and values only)."""

    def __init__(self, stack):
        self.stack, self.cookies = stack, {}

    def request(self, method, path, headers=None, body=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = self.stack.request(method, path, headers, body)
        for value in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def log_in(self, email, password):
        page = self.get("/en/account/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        body = urlencode({"email": email, "password": password, "csrf_token": token})
        headers = {"Content-Type": "application/x-www-form-urlencoded",  # over HTTPS, Flask-WTF wants
                   "Referer": f"{self.stack.site_url}/en/account/login"}  # a same-site Referer, as browsers send
        answer = self.request("POST", "/en/account/login", headers, body)
        assert answer.status == 302, answer.text[:500]
        return answer
