"""Check that requirements.lock pins every dependency pyproject.toml declares, inside its range.

Run by scripts/dev.sh before installing from the lock (with the venv's Python, whose pip carries
`packaging`). Exit 1 with a Japanese message naming what is missing and how to refresh the lock.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name

LOCK = "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def declared(pyproject: dict) -> list[tuple[str, Requirement]]:
    """(where it is declared, requirement): the runtime, every extra and the build back-end."""
    project = pyproject.get("project", {})
    found = [("dependencies", Requirement(r)) for r in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        found += [(f"optional-dependencies.{extra}", Requirement(r)) for r in requirements]
    found += [("build-system.requires", Requirement(r)) for r in pyproject.get("build-system", {}).get("requires", [])]
    return found


def problems(root: Path) -> list[str]:
    lock = root / LOCK
    if not lock.is_file():
        return [f"{LOCK} がありません"]
    pins = {canonicalize_name(name): version for name, version in PIN.findall(lock.read_text(encoding="utf-8"))}
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    found = []
    for where, requirement in declared(pyproject):
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue  # not for this Python or platform
        name = canonicalize_name(requirement.name)
        if name == canonicalize_name(pyproject["project"]["name"]):
            continue  # the package's own extras
        version = pins.get(name)
        if version is None:
            found.append(f"pyproject.toml の {where} にある {requirement} が {LOCK} にありません")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{LOCK} の {name}=={version} は pyproject.toml の {where} の範囲（{requirement}）の外です")
    return found


def main() -> int:
    found = problems(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print("依存関係を変えたら bash scripts/lock.sh で requirements.lock を作り直し、"
              "pyproject.toml と一緒にコミットしてください", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
