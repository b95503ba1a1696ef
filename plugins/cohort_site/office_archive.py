"""The office archive guard: an .xlsx or .docx file is a zip, checked here before any parser
(openpyxl, python-docx) opens it, so a zip bomb or a sheet of a million rows is refused in
milliseconds with a Japanese message naming the file, instead of filling the memory.

`office_archive_problem(path)` reads only the zip's central directory and, for a
worksheet, the start of its XML (the `<dimension>`) and its row elements counted while inflating
under the part's declared size. The numbers are in `limits.py`. The message is Japanese and names
the part; the caller reports it at the file (`FILE: error rule: message`, `FILE:1:1: ...`).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from . import limits

_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1 << 16


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_problem(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """A worksheet over MAX_SHEET_ROWS / MAX_SHEET_COLUMNS, by its dimension or its rows."""
    rows = 0
    head = b""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            if len(head) < 4096:
                head += chunk[:4096]
                found = _DIMENSION.search(head)
                if found:
                    columns, last_row = _column_number(found.group(1)), int(found.group(2))
                    if last_row > limits.MAX_SHEET_ROWS or columns > limits.MAX_SHEET_COLUMNS:
                        return (f"シート（{info.filename}）の範囲が大きすぎます（{last_row:,} 行 × {columns:,} 列。"
                                f"上限は {limits.MAX_SHEET_ROWS:,} 行 × {limits.MAX_SHEET_COLUMNS:,} 列です）")
            window = tail + chunk
            rows += len(_ROW.findall(window)) - len(_ROW.findall(tail))
            tail = window[-16:]
            if rows > limits.MAX_SHEET_ROWS:
                return f"シート（{info.filename}）の行が多すぎます（上限は {limits.MAX_SHEET_ROWS:,} 行です）"
    return None


def office_archive_problem(path: Path) -> str | None:
    """Why the Office file at `path` must not be opened (Japanese), or None when it stays inside
    every limit (or is no zip at all, which the parser then refuses)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"ファイルを読めません（{exc.strerror}）"
    if size > limits.MAX_OFFICE_FILE_BYTES:
        return f"ファイルが大きすぎます（{_mb(size)}。上限は {_mb(limits.MAX_OFFICE_FILE_BYTES)} です）"
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > limits.MAX_OFFICE_PARTS:
                return f"Office ファイルの部品（zip の中のファイル）が多すぎます（{len(parts):,} 個。上限は {limits.MAX_OFFICE_PARTS:,} 個です）"
            total = 0
            for info in parts:
                total += info.file_size
                if info.file_size > limits.MAX_OFFICE_PART_BYTES:
                    return (f"ファイルの中の {info.filename} が展開すると大きすぎます（{_mb(info.file_size)}。"
                            f"上限は {_mb(limits.MAX_OFFICE_PART_BYTES)} です）")
                if (info.file_size > limits.MAX_OFFICE_RATIO_FROM
                        and info.file_size > limits.MAX_OFFICE_RATIO * max(info.compress_size, 1)):
                    return (f"ファイルの中の {info.filename} の圧縮率が異常です（{info.file_size // max(info.compress_size, 1):,} 倍。"
                            f"上限は {limits.MAX_OFFICE_RATIO} 倍です）。zip 爆弾の疑いがあるため開きません")
            if total > limits.MAX_OFFICE_UNCOMPRESSED_BYTES:
                return (f"ファイルは展開すると大きすぎます（{_mb(total)}。"
                        f"上限は {_mb(limits.MAX_OFFICE_UNCOMPRESSED_BYTES)} です）")
            for info in parts:
                if _WORKSHEET.fullmatch(info.filename):
                    problem = _sheet_problem(archive, info)
                    if problem:
                        return problem
    except zipfile.BadZipFile:
        return None  # not a zip at all: the parser refuses it with the caller's own words
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        return f"Office ファイル（zip 形式）として読めません（{type(exc).__name__}）"
    return None
