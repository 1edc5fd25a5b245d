"""``make bench`` (second part): a 200 MB file downloaded by 4 clients at once.

Target: each server worker's resident memory (serve.py, the production server) grows by less than 20 MB while
it streams, i.e. downloads are streamed from disk, never read into memory.
The file and the database live in a temporary folder; only 127.0.0.1 is used.
"""
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import HOST, ROOT, command, free_port, start, stop, tail  # noqa: E402

SIZE_MB, CLIENTS, MAX_GROWTH_MB = 200, 4, 20
OUT = ROOT / "bench" / "out" / "downloads.json"
EMAIL, PASSWORD = "bench@example.org", "bench password " + secrets.token_hex(4)

SETUP = """
import io, os, sys
from wscn_site import create_app
from wscn_site.extensions import db
from wscn_site.models import Membership, Organisation, Resource, ResourceFile, User
from wscn_site.models.accounts import financial_year
from wscn_site.storage import StagedFile
from datetime import datetime, timezone
app = create_app()
with app.app_context():
    db.create_all()
    org = Organisation(name_en="Bench", name_cy="Mainc", kind="other",
                       memberships=[Membership(year=financial_year(), status="member")])
    user = User(email=sys.argv[1], name="Bench", organisation=org, language="en")
    user.set_password(sys.argv[2])
    item = Resource(title_en="Big", title_cy="Mawr", summary_en="", summary_cy="", kind="training",
                    published_at=datetime.now(timezone.utc))
    block = os.urandom(1024 * 1024)
    class Blocks(io.RawIOBase):
        left = int(sys.argv[3])
        def readable(self):
            return True
        def readinto(self, buffer):
            if not self.left:
                return 0
            self.left -= 1
            buffer[:len(block)] = block
            return len(block)
    with StagedFile(io.BufferedReader(Blocks(), 1024 * 1024)) as staged:
        staged.keep()
        item.files.append(ResourceFile(language="en", purpose="document", storage_name=staged.storage_name,
                                       original_name="big.pdf", content_type="application/pdf",
                                       size=staged.size, sha256=staged.sha256))
    db.session.add_all([org, user, item])
    db.session.commit()
    print(item.files[0].id)
"""


def rss_mb(pid):
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1)) / 1024


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def logged_in_cookie(port):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://{HOST}:{port}/en/account/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(f"http://{HOST}:{port}/en/account/login", data=data, timeout=10).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def download(port, path, cookie, results):
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    received = 0
    while chunk := response.read(1024 * 1024):
        received += len(chunk)
    results.append((response.status, received))
    conn.close()


def main():
    with tempfile.TemporaryDirectory(prefix="wscn-download-bench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, WSCN_SECRET_KEY=secrets.token_urlsafe(32), WSCN_PRIVATE_DIR=str(tmp / "private"),
                   WSCN_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", XDG_RUNTIME_DIR=str(tmp))
        setup = subprocess.run([sys.executable, "-c", SETUP, EMAIL, PASSWORD, str(SIZE_MB)], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=300)
        if setup.returncode:
            sys.exit(f"could not create the test file:\n{setup.stderr}")
        file_id = setup.stdout.split()[-1]
        port = free_port()
        env.update(WSCN_BIND=f"{HOST}:{port}", WSCN_WORKERS="2")
        log = tmp / "server.log"
        server = start(command(), log, env)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    cookie = logged_in_cookie(port)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit(f"the server did not start:\n{tail(log)}")
                    time.sleep(0.2)
            path = f"/en/members/files/{file_id}/big.pdf"
            download(port, path, cookie, [])  # warm both code paths once
            pids = worker_pids(server.pid)
            before = {pid: rss_mb(pid) for pid in pids}
            peak = dict(before)
            results = []
            threads = [threading.Thread(target=download, args=(port, path, cookie, results)) for _ in range(CLIENTS)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads) and time.monotonic() - started < 300:
                for pid in pids:
                    peak[pid] = max(peak[pid], rss_mb(pid))
                time.sleep(0.02)
            seconds = time.monotonic() - started
        finally:
            stop(server)
    growth = {pid: peak[pid] - before[pid] for pid in pids}
    ok_downloads = all(status == 200 and size == SIZE_MB * 1024 * 1024 for status, size in results)
    print(f"\n{CLIENTS} clients downloaded {SIZE_MB} MB each in {seconds:.1f} s "
          f"({CLIENTS * SIZE_MB / seconds:.0f} MB/s in all)")
    for pid in pids:
        print(f"  worker {pid}: RSS {before[pid]:.1f} MB before, peak {peak[pid]:.1f} MB, "
              f"growth {growth[pid]:.1f} MB")
    worst = max(growth.values())
    passed = ok_downloads and len(results) == CLIENTS and worst < MAX_GROWTH_MB
    print(f"{'PASS' if passed else 'FAIL'}  largest worker growth {worst:.1f} MB (target < {MAX_GROWTH_MB} MB); "
          f"all downloads complete: {ok_downloads}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"seconds": seconds, "growth_mb": list(growth.values()),
                               "complete": ok_downloads}, indent=2))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
