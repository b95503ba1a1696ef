"""What the two record imports share (`import-survey`, `import-attendance`): decoding the files
the programme's tools write, Japanese errors with a position, and the plan they print and write.

Both imports are pure until `ImportPlan.write`: they read the export and the cohort, build the
whole new file text, validate it with the model, and only then write it, atomically.
"""

from __future__ import annotations

import codecs
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .. import limits
from ..diagnostics import Diagnostic, error
from ..errors import CohortSiteError
from ..model import Loc
from ..storage import write_bytes

_Row = TypeVar("_Row")


class RecordsError(CohortSiteError, ValueError):
    """An import that cannot be done; nothing was written. Holds `file:line:col` diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def fail(where: Loc, rule: str, message: str) -> RecordsError:
    return RecordsError([error(where, rule, message)])


def read_export(path: Path, shown: str) -> bytes:
    """The bytes of an export, refused unread over `limits.MAX_OFFICE_FILE_BYTES`."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_OFFICE_FILE_BYTES:
            raise fail(Loc(shown), "records-too-large",
                       f"ファイルが大きすぎます（{size:,} バイト。上限は {limits.MAX_OFFICE_FILE_BYTES:,} バイトです）")
        return path.read_bytes()
    except OSError as exc:
        raise fail(Loc(shown), "records-io", f"ファイルを読めません（{exc.strerror}）") from None


def bounded_rows(rows: Iterable[_Row], shown: str) -> list[_Row]:
    """The rows of a table, refused past `limits.MAX_SHEET_ROWS` (before the rest is read)."""
    found: list[_Row] = []
    for row in rows:
        found.append(row)
        if len(found) > limits.MAX_SHEET_ROWS:
            raise fail(Loc(shown), "records-too-large", f"行が多すぎます（上限は {limits.MAX_SHEET_ROWS:,} 行です）")
    return found


def decode(data: bytes, file: str, fallback: str | None = None) -> str:
    """Text of an export: UTF-16 (with BOM, as Teams writes it), UTF-8 (with or without BOM),
    else `fallback` (CP932 for a CSV saved by Excel on Japanese Windows)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0:
        encodings = ["utf-16-le"]  # UTF-16 without its BOM
    else:
        encodings = ["utf-8"] + ([fallback] if fallback else [])
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    names = "・".join(e.upper() for e in encodings)
    raise fail(Loc(file), "records-encoding", f"文字コードを判別できません（{names} のどれでも読めません）")


def normal(text: object) -> str:
    """A header or name for comparison: NFKC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


@dataclass
class ImportPlan:
    """One file an import will write: its new text, the old text (None: a new file), and what
    the command prints."""

    target: Path
    text: str
    old: str | None
    summary: list[str] = field(default_factory=list)
    shown: str = ""  # path as printed (relative to the project)

    def diff(self) -> str:
        old = (self.old or "").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, self.text.splitlines(keepends=True), self.shown, self.shown))

    def write(self) -> None:
        write_bytes(self.target, self.text.encode("utf-8"))
