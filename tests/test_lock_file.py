"""requirements.lock pins every dependency pyproject.toml declares (scripts/check_lock.py, run by
scripts/dev.sh before it installs anything)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
assert _spec is not None and _spec.loader is not None
check_lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_lock)


def test_the_lock_pins_every_declared_dependency_inside_its_range() -> None:
    assert check_lock.problems(ROOT) == []


def test_the_lock_pins_exact_versions_with_hashes() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = check_lock.PIN.findall(text)
    assert len(pins) > 40
    assert text.count("--hash=sha256:") >= len(pins)
    assert "weasyprint" in {name for name, _ in pins} and "pydyf" in {name for name, _ in pins}


def test_a_dependency_missing_from_the_lock_or_outside_its_range_is_named(tmp_path: Path) -> None:
    shutil.copy(ROOT / "requirements.lock", tmp_path / "requirements.lock")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = pyproject.replace("dependencies = [\n", 'dependencies = [\n  "absent-example-package>=1.0",\n  "pyyaml>=99",\n', 1)
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    found = check_lock.problems(tmp_path)
    assert len(found) == 2
    assert "absent-example-package>=1.0 が requirements.lock にありません" in found[0]
    assert "pyyaml==" in found[1] and "範囲（pyyaml>=99）の外" in found[1]
