"""Under load every answer is a page: bench/load.py against the production server (serve.py) on the demo data, public pages
and the members' portal (a logged-in member's session), in one run.

``make test`` runs a smoke test: a few connections for SMOKE_SECONDS per part, enough to show that
the server starts, both parts find their pages and nothing errors. ``make test-all`` (CI) runs the
real connection counts (50 public, 10 portal) for WSCN_LOAD_SECONDS (default 15) per part, and
``make load`` holds them for 60 s. Without wrk the tests are skipped, unless
WSCN_REQUIRE_SERVICES=1 (CI, which installs it).
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
SMOKE_SECONDS, SMOKE_CONNECTIONS = 2, 4
pytestmark = pytest.mark.load


def run_load(out, seconds, connections=None):
    """bench/load.py's results ({"public": row, "portal": row}), each part checked and recorded."""
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        if os.environ.get("WSCN_REQUIRE_SERVICES") == "1":
            pytest.fail("wrk is missing (WSCN_REQUIRE_SERVICES=1)")
        pytest.skip("wrk is missing: apt-get install -y wrk")
    command = [sys.executable, "bench/load.py", "--seconds", str(seconds), "--out", str(out)]
    command += ["--connections", str(connections)] if connections else []
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=2 * seconds + 240)
    assert result.returncode in (0, 1) and out.exists(), result.stdout + result.stderr
    results = json.loads(out.read_text())["results"]
    assert set(results) == {"public", "portal"}, results
    for name, row in results.items():
        record(f"load {name} ({row['connections']} conn)",
               f"{'smoke, ' if connections else ''}{seconds} s, {row['pages']} pages: {row['rps']:.0f} req/s, "
               f"p99 {row['p99_ms']} ms, {row['errors']} errors")
    for name, row in results.items():
        assert row["requests"] > row["connections"] * seconds, (name, row)  # the server kept answering
        assert row["errors"] == 0, (name, result.stdout)
    return results


def test_public_and_portal_pages_answer_a_few_connections_without_errors(tmp_path):
    run_load(tmp_path / "load.json", SMOKE_SECONDS, SMOKE_CONNECTIONS)


@pytest.mark.slow
def test_public_and_portal_pages_under_load_get_no_errors(tmp_path):
    run_load(tmp_path / "load.json", int(os.environ.get("WSCN_LOAD_SECONDS", "15")))
