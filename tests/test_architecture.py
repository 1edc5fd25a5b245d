"""Features stay apart: the import-linter contracts in setup.cfg hold, and name every module."""
import configparser
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEATURES = {"auth", "briff", "events", "members", "membership", "public", "staff"}
FEATURES |= {"meetings", "consultations", "support"}
TOOLS = {"demo"}  # above the features: demo data is written through their operations


def _contracts():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return config


def _listed(config, section, key):
    return {line.strip().removeprefix("wscn_site.") for line in config[section][key].splitlines() if line.strip()}


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", "setup.cfg"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_is_either_core_or_a_feature():
    """A new module must be placed in the contracts, or the rule would not cover it."""
    config = _contracts()
    core = _listed(config, "importlinter:contract:core", "source_modules")
    assert _listed(config, "importlinter:contract:features", "modules") == FEATURES
    assert _listed(config, "importlinter:contract:core", "forbidden_modules") == FEATURES | TOOLS
    package = ROOT / "wscn_site"
    found = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    found |= {p.parent.name for p in package.glob("*/__init__.py")}
    assert found - FEATURES - TOOLS == core


def test_no_test_module_imports_from_conftest():
    """Two conftest.py files (tests/ and tests/browser/) share one module name: under pytest-xdist a
    `from conftest import ...` may get the other one. Shared test code lives in helpers.py."""
    pattern = re.compile(r"^\s*(from conftest import|import conftest)", re.M)
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("*.py")
                 if pattern.search(path.read_text())]
    assert offenders == []
