"""``make audit``: Lighthouse scores for the home and membership pages, in both languages.

Serves the app with the production server (serve.py) on a free 127.0.0.1 port and runs Lighthouse (npm,
pinned below, fetched by npx on first use) with Debian's Chromium. Reports go to
test-output/lighthouse/; the scores are printed. Not part of CI: it is slow and informational.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import HOST, start_app, stop

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-output" / "lighthouse"
LIGHTHOUSE = "lighthouse@12.8.2"  # 13.x needs Node 22; Debian 12 has Node 18/20
PAGES = {"home-en": "/en/", "home-cy": "/cy/", "membership-en": "/en/membership", "membership-cy": "/cy/aelodaeth"}
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")


def lighthouse(url, name):
    OUT.mkdir(parents=True, exist_ok=True)
    command = ["npm", "exec", "--yes", f"--package={LIGHTHOUSE}", "--", "lighthouse", url,
               f"--chrome-flags={CHROME_FLAGS}", "--output=json", "--output=html",
               f"--output-path={OUT / name}", "--quiet", "--preset=desktop" if "desktop" in name else "",
               "--only-categories=performance,accessibility,best-practices,seo"]
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    subprocess.run([c for c in command if c], env=env, check=True, timeout=300)
    report = json.loads((OUT / f"{name}.report.json").read_text())
    return {key: round(cat["score"] * 100) if cat["score"] is not None else None
            for key, cat in report["categories"].items()}


def main():
    procs, scores = [], {}
    with tempfile.TemporaryDirectory(prefix="wscn-audit-") as folder:
        try:
            port, _, _ = start_app(Path(folder), "audit", {"WSCN_PRODUCTION": ""}, procs=procs)
            for name, path in PAGES.items():
                scores[name] = lighthouse(f"http://{HOST}:{port}{path}", name)
                print(f"{name:<16} {scores[name]}", flush=True)
        finally:
            while procs:
                stop(procs.pop())
    (OUT / "scores.json").write_text(json.dumps(scores, indent=2))
    print(f"reports in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
