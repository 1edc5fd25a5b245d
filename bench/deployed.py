"""``make bench``'s deployed-stack rows: the deployment guide's nginx configuration (deploy/nginx/wscn.conf,
filled in by deploy/render.py, microcache on) in front of serve.py, against nginx serving the same bytes
as static files, in the same run.

Like for like, over TLS on both sides: the deployed stack is measured as deployed (its ``listen ... ssl
http2`` and TLS settings, unchanged), and the static nginx serves the bytes the stack sent with the same
TLS lines, certificate, main settings (2 workers, no access log, sendfile) and Debian nginx; wrk speaks
HTTPS to both, one handshake per connection, then every request encrypted alike. The app behind the
stack has the production settings of the bench plus the guide's (WSCN_SITE_URL on the stack's address,
WSCN_TRUSTED_PROXIES=1, WSCN_ACCEL_REDIRECT=/_private/). Only 127.0.0.1 is used; waits are bounded.
"""
import http.client
import re
import runpy
import ssl
import subprocess
import sys
import time

from servers import HOST, ROOT, find, free_port, start, start_app, tail

render = runpy.run_path(str(ROOT / "deploy" / "render.py"))["render"]
MAIN_CONF = """daemon off;
{user}
worker_processes 2;
pid {tmp}/{name}.pid;
error_log {tmp}/{name}-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {tmp}/{name}-client_body;
    proxy_temp_path {tmp}/{name}-proxy_temp;
    fastcgi_temp_path {tmp}/{name}-fastcgi_temp;
    uwsgi_temp_path {tmp}/{name}-uwsgi_temp;
    scgi_temp_path {tmp}/{name}-scgi_temp;
    include {tmp}/{name}-site.conf;
}}
"""
STATIC_SITE = """server {{
    listen {host}:{port} ssl http2;
    server_name {host};
{same}
    root {tmp}/www-deployed;
    index index.html;
    default_type text/html;
}}
"""


def tls_get(port, path, timeout=5):
    """(status, headers, body) of one GET over TLS (the bench's own self-signed certificate)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    conn = http.client.HTTPSConnection(HOST, port, timeout=timeout, context=context)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _nginx(tmp, name, site, procs, port, path):
    import os

    (tmp / f"{name}-site.conf").write_text(site)
    user = "user root root;" if os.geteuid() == 0 else ""  # as root, workers would be nobody: no cache access
    (tmp / f"{name}.conf").write_text(MAIN_CONF.format(tmp=tmp, name=name, user=user))
    proc = start([find("nginx"), "-e", str(tmp / f"{name}-error.log"), "-p", str(tmp), "-c", str(tmp / f"{name}.conf")],
                 tmp / f"{name}.log")
    procs.append(proc)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            return tls_get(port, path)
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nginx ({name}) did not start:\n{tail(tmp / f'{name}-error.log')}")


def start_stack(tmp, env, paths, procs):
    """The deployed stack (its own app server) and nginx serving its bytes statically, both on TLS;
    returns (stack's port, static nginx's port). Refuses to go on unless the stack's microcache answers
    the pages and the static nginx sends the very bytes."""
    https_port, static_port = free_port(), free_port()
    site_url = f"https://{HOST}:{https_port}"
    app_port, _, _ = start_app(tmp, "deployed", env | {"WSCN_SITE_URL": site_url, "WSCN_TRUSTED_PROXIES": "1",
                                                       "WSCN_ACCEL_REDIRECT": "/_private/"}, procs=procs, path="/en/")
    if not (tmp / "tls.crt").exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
                        "-keyout", str(tmp / "tls.key"), "-out", str(tmp / "tls.crt")],
                       check=True, capture_output=True, timeout=30)
    (tmp / "deployed-cache").mkdir(exist_ok=True)
    site = render((ROOT / "deploy" / "nginx" / "wscn.conf").read_text(), {
        "SITE_URL": site_url, "SERVER_NAME": HOST, "HTTPS_LISTEN": f"{HOST}:{https_port}",
        "HTTP_LISTEN": f"{HOST}:{free_port()}", "TLS_CERTIFICATE": tmp / "tls.crt",
        "TLS_CERTIFICATE_KEY": tmp / "tls.key", "APP_ADDRESS": f"{HOST}:{app_port}",
        "STATIC_DIR": ROOT / "wscn_site" / "static", "PRIVATE_DIR": tmp / "private",
        "CACHE_DIR": tmp / "deployed-cache", "S3_ENDPOINT_URL": ""})
    _nginx(tmp, "deployed", site, procs, https_port, paths[0])
    pages = {}
    for path in paths:
        status, _, body = tls_get(https_port, path)
        again = tls_get(https_port, path)
        if status != 200 or again[1].get("X-Cache") != "HIT":
            sys.exit(f"{path} through the deployed stack: {status}, X-Cache {again[1].get('X-Cache')}: "
                     "the microcache does not answer it")
        pages[path] = body
    for path, body in pages.items():
        target = tmp / "www-deployed" / path.lstrip("/")
        target = target / "index.html" if path.endswith("/") else target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    same = "\n".join(line for line in site.splitlines() if re.match(r"\s+(ssl_|gzip)", line))  # TLS, gzip
    _nginx(tmp, "static", STATIC_SITE.format(host=HOST, port=static_port, tmp=tmp, same=same), procs, static_port,
           paths[0])
    for path, body in pages.items():
        if tls_get(static_port, path)[::2] != (200, body):
            sys.exit(f"the static nginx does not serve the stack's bytes for {path}")
    return https_port, static_port
