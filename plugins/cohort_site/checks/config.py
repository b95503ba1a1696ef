"""The checker's configurable keyword lists: package defaults, overridden by cohort_data/checker.yml."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import Field

from ..diagnostics import Diagnostic
from ..model import Loc, Node
from ..sources import parse_yaml, read_text
from ..validation import validation_diagnostics
from pydantic import ValidationError

CONFIG_FILE = "checker.yml"


class CheckerConfig(Node):
    method_keywords: list[str] = Field(default_factory=list)
    output_kpi_keywords: list[str] = Field(default_factory=list)
    extra_method_keywords: list[str] = Field(default_factory=list)
    extra_output_kpi_keywords: list[str] = Field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        return self.method_keywords + self.extra_method_keywords

    @property
    def output_kpis(self) -> list[str]:
        return self.output_kpi_keywords + self.extra_output_kpi_keywords


def default_config() -> CheckerConfig:
    text = resources.files(__package__).joinpath("defaults.yml").read_text(encoding="utf-8")
    data, _ = parse_yaml(text, "defaults.yml")
    return CheckerConfig.model_validate(data)


def load_config(root: Path, data_dir: str) -> tuple[CheckerConfig, list[Diagnostic], Path | None]:
    """Defaults, with the project's `<data_dir>/checker.yml` laid over them when it exists."""
    base = default_config()
    path = root / data_dir / CONFIG_FILE
    if not path.is_file():
        return base, [], None
    file = f"{data_dir}/{CONFIG_FILE}"
    text, problems = read_text(path, file)
    if text is None:
        return base, problems, path
    data, problems = parse_yaml(text, file)
    if data is None:
        return base, problems, path
    try:
        override = CheckerConfig.model_validate(data)
    except ValidationError as exc:
        return base, problems + validation_diagnostics(exc, data, Loc(file), CheckerConfig), path
    merged = base.model_copy(update={k: getattr(override, k) for k in override.model_fields_set})
    return merged, problems, path
