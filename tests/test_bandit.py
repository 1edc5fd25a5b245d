"""bandit finds no high-severity security issue in wscn_site/."""
import json
import subprocess
import sys
from pathlib import Path

from quality_report import record

ROOT = Path(__file__).resolve().parent.parent


def bandit(target):
    result = subprocess.run([sys.executable, "-m", "bandit", "-r", str(target), "-f", "json", "-q"],
                            capture_output=True, text=True, timeout=300)
    assert result.stdout, result.stderr
    return json.loads(result.stdout)["results"]


def high(results):
    return [f"{r['filename']}:{r['line_number']}: {r['test_id']} {r['issue_text']}"
            for r in results if r["issue_severity"] == "HIGH"]


def test_bandit_catches_a_known_high_finding(tmp_path):
    (tmp_path / "bad.py").write_text("import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n")
    assert high(bandit(tmp_path))


def test_no_high_severity_findings_in_the_application():
    results = bandit(ROOT / "wscn_site")
    medium = sum(r["issue_severity"] == "MEDIUM" for r in results)
    record("bandit", f"{len(high(results))} high, {medium} medium, {len(results)} findings in all")
    assert not high(results), "\n".join(high(results))
