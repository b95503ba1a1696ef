"""The checker's configurable keyword lists: package defaults, overridden by cohort_data/checker.yml."""

from __future__ import annotations

import unicodedata
from importlib import resources
from pathlib import Path

from pydantic import Field, ValidationError

from ..diagnostics import Diagnostic
from ..model import Loc, Node
from ..sources import parse_yaml, read_text
from ..validation import validation_diagnostics

CONFIG_FILE = "checker.yml"


LEXICONS = (
    "method_predicates", "activity_predicates", "effect_predicates", "effect_ka_stems", "wrapper_predicates",
    "transparent_nouns", "provision_nouns", "tool_words", "non_tool_latin", "people_words", "outcome_events",
    "count_measures", "duration_measures", "method_keywords", "output_kpi_keywords",
)


class CheckerConfig(Node):
    """The outcome rules' lexicons (see defaults.yml); `extra_<name>` adds to list `<name>`."""

    method_predicates: list[str] = Field(default_factory=list)
    activity_predicates: list[str] = Field(default_factory=list)
    effect_predicates: list[str] = Field(default_factory=list)
    effect_ka_stems: list[str] = Field(default_factory=list)
    wrapper_predicates: list[str] = Field(default_factory=list)
    transparent_nouns: list[str] = Field(default_factory=list)
    provision_nouns: list[str] = Field(default_factory=list)
    tool_words: list[str] = Field(default_factory=list)
    non_tool_latin: list[str] = Field(default_factory=list)
    people_words: list[str] = Field(default_factory=list)
    outcome_events: list[str] = Field(default_factory=list)
    count_measures: list[str] = Field(default_factory=list)
    duration_measures: list[str] = Field(default_factory=list)
    method_keywords: list[str] = Field(default_factory=list)
    output_kpi_keywords: list[str] = Field(default_factory=list)
    extra_method_predicates: list[str] = Field(default_factory=list)
    extra_activity_predicates: list[str] = Field(default_factory=list)
    extra_effect_predicates: list[str] = Field(default_factory=list)
    extra_effect_ka_stems: list[str] = Field(default_factory=list)
    extra_wrapper_predicates: list[str] = Field(default_factory=list)
    extra_transparent_nouns: list[str] = Field(default_factory=list)
    extra_provision_nouns: list[str] = Field(default_factory=list)
    extra_tool_words: list[str] = Field(default_factory=list)
    extra_non_tool_latin: list[str] = Field(default_factory=list)
    extra_people_words: list[str] = Field(default_factory=list)
    extra_outcome_events: list[str] = Field(default_factory=list)
    extra_count_measures: list[str] = Field(default_factory=list)
    extra_duration_measures: list[str] = Field(default_factory=list)
    extra_method_keywords: list[str] = Field(default_factory=list)
    extra_output_kpi_keywords: list[str] = Field(default_factory=list)

    def words(self, name: str) -> tuple[str, ...]:
        """Lexicon `name` with its extras, NFKC-normalised (full-width Ａ = A)."""
        assert name in LEXICONS, name
        found = list(getattr(self, name)) + list(getattr(self, f"extra_{name}"))
        return tuple(dict.fromkeys(unicodedata.normalize("NFKC", w).strip() for w in found if w.strip()))


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
