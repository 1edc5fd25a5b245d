"""A short summary of the quality checks at the end of `make test` (and in test-output/summary.txt).

Checks call ``record(check, text)``; tests/conftest.py imports the three hooks below. A line
travels in the test's report (``user_properties``), so it reaches the summary from a pytest-xdist
worker (`make test` runs two) as from the main process.
"""
from pathlib import Path

import pytest

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"
QUALITY = "quality-report"  # the user_properties key of a recorded line
_lines = {}
_pending = []  # recorded during the current test phase, not yet in a report
_seconds = {"browser": 0.0, "load": 0.0, "all": 0.0}


def record(check, text):
    _pending.append((check, text))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.user_properties.extend((QUALITY, line) for line in _pending)
    _pending.clear()
    return report


def page_count(pages):
    """"32 public + 50 logged-in pages": how many of the pages are seen anonymously and logged in."""
    logged_in = sum(1 for page in pages if getattr(page, "user", None))
    return f"{len(pages) - logged_in} public + {logged_in} logged-in pages"


def pytest_runtest_logreport(report):
    _lines.update(line for key, line in report.user_properties if key == QUALITY)
    _seconds["all"] += report.duration
    for mark in ("browser", "load"):
        if mark in report.keywords:
            _seconds[mark] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _seconds["all"] or hasattr(terminalreporter.config, "workerinput"):
        return  # nothing ran (--collect-only), or a pytest-xdist worker (the main process sums up)
    lines = [f"{check:<22} {text}" for check, text in sorted(_lines.items())]
    lines.append(f"{'time in tests':<22} {_seconds['all']:.0f} s (browser {_seconds['browser']:.0f} s, "
                 f"load {_seconds['load']:.0f} s)")
    terminalreporter.write_sep("=", "quality summary")
    for line in lines:
        terminalreporter.write_line(line)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
