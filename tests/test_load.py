"""Under load (bench/load.py: 50 connections for 60 s against gunicorn) every answer is a page.

WSCN_LOAD_SECONDS shortens the run; without wrk the test is skipped, unless
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
pytestmark = pytest.mark.load


def test_fifty_connections_for_a_minute_get_no_errors():
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        if os.environ.get("WSCN_REQUIRE_SERVICES") == "1":
            pytest.fail("wrk is missing (WSCN_REQUIRE_SERVICES=1)")
        pytest.skip("wrk is missing: apt-get install -y wrk")
    seconds = int(os.environ.get("WSCN_LOAD_SECONDS", "60"))
    result = subprocess.run([sys.executable, "bench/load.py", "--seconds", str(seconds), "--connections", "50"],
                            cwd=ROOT, capture_output=True, text=True, timeout=seconds + 180)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    row = json.loads((ROOT / "bench" / "out" / "load.json").read_text())["results"]["public"]
    record("load (50 conn)", f"{seconds} s, {row['pages']} pages: {row['rps']:.0f} req/s, "
                             f"p99 {row['p99_ms']} ms, {row['errors']} errors")
    assert row["requests"] > 50 * seconds, row  # the server kept answering
    assert row["errors"] == 0, result.stdout
