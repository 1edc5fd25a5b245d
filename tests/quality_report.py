"""A short summary of the quality checks at the end of `make test` (and in test-output/summary.txt).

Checks call ``record(check, text)``; tests/conftest.py imports the two hooks below.
"""
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"
_lines = {}
_seconds = {"browser": 0.0, "load": 0.0, "all": 0.0}


def record(check, text):
    _lines[check] = text


def page_count(pages):
    """"32 public + 50 logged-in pages": how many of the pages are seen anonymously and logged in."""
    logged_in = sum(1 for page in pages if getattr(page, "user", None))
    return f"{len(pages) - logged_in} public + {logged_in} logged-in pages"


def pytest_runtest_logreport(report):
    _seconds["all"] += report.duration
    for mark in ("browser", "load"):
        if mark in report.keywords:
            _seconds[mark] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _seconds["all"]:
        return  # nothing ran (--collect-only)
    lines = [f"{check:<22} {text}" for check, text in sorted(_lines.items())]
    lines.append(f"{'time in tests':<22} {_seconds['all']:.0f} s (browser {_seconds['browser']:.0f} s, "
                 f"load {_seconds['load']:.0f} s)")
    terminalreporter.write_sep("=", "quality summary")
    for line in lines:
        terminalreporter.write_line(line)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
