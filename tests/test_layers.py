"""Every module of the package has its place in the layer contract (pyproject.toml, checked by
`lint-imports` in scripts/dev.sh): a module no layer names would be free to import anything."""

from __future__ import annotations

import pkgutil
import re
import tomllib
from pathlib import Path

import cohort_site

ROOT = Path(__file__).resolve().parents[1]


def test_every_module_of_the_package_is_in_a_layer() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    named = {name for layer in layers for name in re.split(r"\s*[|:]\s*", layer.strip())}
    modules = {f"cohort_site.{m.name}" for m in pkgutil.iter_modules(cohort_site.__path__)}
    assert modules == named, f"not in a layer: {sorted(modules - named)}; no such module: {sorted(named - modules)}"
    for contract in contracts:
        if contract["type"] == "forbidden":  # MkDocs / WeasyPrint: every module below the adapters
            allowed = modules - set(contract["source_modules"])
            assert allowed <= {"cohort_site.cli", "cohort_site.mkdocs_plugins", "cohort_site.handouts"}, (
                contract["name"], allowed)
