"""Under load every answer is a page: bench/load.py against gunicorn on the demo data, public pages
with 50 connections and the members' portal (a logged-in member's session) with 10, in one run.

``make load`` holds each for 60 s; here each part runs WSCN_LOAD_SECONDS (default 15) to keep
the suite in CI time. Without wrk the test is skipped, unless WSCN_REQUIRE_SERVICES=1 (CI,
which installs it).
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quality_report import record

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.load


def test_public_and_portal_pages_under_load_get_no_errors():
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        if os.environ.get("WSCN_REQUIRE_SERVICES") == "1":
            pytest.fail("wrk is missing (WSCN_REQUIRE_SERVICES=1)")
        pytest.skip("wrk is missing: apt-get install -y wrk")
    seconds = int(os.environ.get("WSCN_LOAD_SECONDS", "15"))
    result = subprocess.run([sys.executable, "bench/load.py", "--seconds", str(seconds)],
                            cwd=ROOT, capture_output=True, text=True, timeout=2 * seconds + 240)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    results = json.loads((ROOT / "bench" / "out" / "load.json").read_text())["results"]
    assert set(results) == {"public", "portal"}, results
    for name, row in results.items():
        record(f"load {name} ({row['connections']} conn)",
               f"{seconds} s, {row['pages']} pages: {row['rps']:.0f} req/s, p99 {row['p99_ms']} ms, "
               f"{row['errors']} errors")
    for name, row in results.items():
        assert row["requests"] > row["connections"] * seconds, (name, row)  # the server kept answering
        assert row["errors"] == 0, (name, result.stdout)
