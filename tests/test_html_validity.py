"""Every page, public and logged in (on the demo data), is valid HTML by the Nu HTML Checker
(vnu), and the stylesheet valid CSS.

The pages are saved to test-output/html/ and vnu runs once over the folder (a JVM start is
slow; vnu also refuses loopback URLs). vnu comes from npm (package.json, `npm ci`) and needs
Java; without them the test is skipped, unless WSCN_REQUIRE_BROWSER=1 (CI).
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from quality_report import page_count, record
from site_pages import client_fetch, site_pages

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUTPUT = ROOT / "test-output" / "html"
CANARY = "zz-canary-invalid.html"  # proves vnu reports errors: it must find this file's one


def unavailable(reason):
    if os.environ.get("WSCN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (WSCN_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def vnu():
    java = shutil.which("java")
    if not java:
        unavailable("java is missing: apt-get install -y default-jre-headless")
    if not VNU_JAR.exists():
        npm = shutil.which("npm")
        if not npm:
            unavailable("npm is missing: apt-get install -y npm")
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT,
                       check=True, timeout=300)  # --ignore-scripts: no Java download
    return [java, "-Xss2m", "-jar", str(VNU_JAR)]


def save_pages(app):
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    fetch = client_fetch(app.test_client(), app.logins)
    pages = site_pages(fetch)
    for page in pages:
        status, html = fetch(page.path, page.user)
        assert status == page.status, page.path
        (OUTPUT / f"{page.name}.html").write_text(html, encoding="utf-8")
    (OUTPUT / CANARY).write_text('<!doctype html><html lang="en"><title>t</title><div></p></div>\n')
    shutil.copy(ROOT / "wscn_site" / "static" / "css" / "site.css", OUTPUT / "site.css")
    return pages


def test_every_page_is_valid_html(demo_app, vnu):
    pages = save_pages(demo_app)
    result = subprocess.run([*vnu, "--format", "json", "--stdout", "--also-check-css", str(OUTPUT)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    found = [f"{Path(m['url']).name}:{m.get('lastLine', '?')}: {m['message']}" for m in errors]
    real = [line for line in found if not line.startswith(CANARY)]
    record("vnu (HTML, CSS)", f"{page_count(pages)} + site.css, {len(real)} errors")
    assert any(line.startswith(CANARY) for line in found), f"vnu reported nothing: {result.stderr}"
    assert not real, "\n".join(real)
