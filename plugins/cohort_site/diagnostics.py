"""Diagnostics: what the loader and the checker report, always with file, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .errors import CohortSiteError
from .model import Loc


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # a remark that teaches; never stops anything


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: `file:line:col: severity rule-id: message` (message in Japanese)."""

    loc: Loc
    severity: Severity
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity.value} {self.rule}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(loc: Loc, rule: str, message: str) -> Diagnostic:
    return Diagnostic(loc, Severity.ERROR, rule, message)


def warning(loc: Loc, rule: str, message: str) -> Diagnostic:
    return Diagnostic(loc, Severity.WARNING, rule, message)


def info(loc: Loc, rule: str, message: str) -> Diagnostic:
    return Diagnostic(loc, Severity.INFO, rule, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


SHOWN = 80  # characters of a value echoed in a message


def cut(value: object, limit: int = SHOWN) -> str:
    """A value for a message: one line, at most `limit` characters, cut with …"""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A Japanese 'did you mean' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"（「{close[0]}」の誤りではありませんか？）" if close else ""


class CheckFailed(CohortSiteError):
    """Raised by front ends (CLI, MkDocs plugins) when the data has errors."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        super().__init__(
            f"cohort_data にエラーが {len(errors)} 件あります:\n" + "\n".join(str(d) for d in errors)
        )
