"""A .docx from a user, checked before python-docx parses it: the Office archive limits
(`office_archive.office_archive_problem`, shared with the Excel imports), no macros, no external
or embedded content, no unaccepted tracked changes.

Each refusal is a Japanese sentence that says what to do in Word."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import CohortSiteError
from ..office_archive import office_archive_problem

# Relationship types that load something from outside the file or embed a foreign document.
_FOREIGN_REL = re.compile(r"/(attachedTemplate|aFChunk|oleObject|package|subDocument|frame)$")
_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
_MACRO_TYPES = ("macroEnabled", "vbaProject", "ms-word.template.macroEnabled", "ms-office.activeX")
_TRACKED = re.compile(rb"<w:(ins|del|moveFrom|moveTo|rPrChange|pPrChange|sectPrChange|tblPrChange|trPrChange|tcPrChange)[ >/]")
_EXTERNAL = re.compile(rb'TargetMode\s*=\s*"External"')
_REL_ENTRY = re.compile(rb"<Relationship\b[^>]*>")


class DocxRefused(CohortSiteError, ValueError):
    """The file is not read; the message says why and what to do."""


def check_docx(path: Path) -> None:
    """Raise DocxRefused unless `path` is a plain .docx within the Office limits."""
    if path.suffix.lower() in (".docm", ".dotm"):
        raise DocxRefused("マクロ有効の文書（.docm）は読めません。Word で「名前を付けて保存」から「Word 文書 (*.docx)」で保存し直してください")
    if path.suffix.lower() != ".docx":
        raise DocxRefused("Word 文書（.docx）ではありません。Word で「名前を付けて保存」から「Word 文書 (*.docx)」で保存してください")
    too_large = office_archive_problem(path)  # the zip limits shared with the Excel imports
    if too_large:
        raise DocxRefused(too_large)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise DocxRefused("Word 文書として開けません（壊れているか、.docx ではありません）") from None
    with archive:
        _check_parts(archive)


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part, read no further than its declared size allows (a forged header cannot inflate more)."""
    info = archive.getinfo(name)
    with archive.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise DocxRefused("文書の部品の大きさが記録と違います。壊れたファイルのため読みません")
    return data


def _check_parts(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if any(_MACRO_PART.search(n) for n in names):
        raise DocxRefused("マクロが含まれています。Word で「名前を付けて保存」から「Word 文書 (*.docx)」で保存し直してください（マクロは削除されます）")
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise DocxRefused("Word 文書として開けません（文書の本体がありません）")
    types = _read(archive, "[Content_Types].xml").decode("utf-8", "replace")
    if any(t in types for t in _MACRO_TYPES):
        raise DocxRefused("マクロ有効の文書です。Word で「名前を付けて保存」から「Word 文書 (*.docx)」で保存し直してください")
    if any(n.lower().startswith("word/embeddings/") or n.lower().startswith("word/activex/") for n in names):
        raise DocxRefused("埋め込まれたファイル（OLE オブジェクトや ActiveX）が含まれています。削除してから保存し直してください")
    for name in names:
        if not name.endswith(".rels"):
            continue
        for entry in _REL_ENTRY.findall(_read(archive, name)):
            kind = re.search(rb'Type\s*=\s*"([^"]*)"', entry)
            kind_text = kind.group(1).decode("utf-8", "replace") if kind else ""
            if _FOREIGN_REL.search(kind_text):
                what = "テンプレートの添付" if "attachedTemplate" in kind_text else "他の文書の埋め込み（altChunk・OLE など）"
                raise DocxRefused(f"{what}が含まれています。Word の［開発］>［文書テンプレート］で添付を外すか、その部分を削除してから保存し直してください")
            if _EXTERNAL.search(entry) and not kind_text.endswith("/hyperlink"):
                raise DocxRefused("外部のファイルへのリンク（リンクした画像など）が含まれています。"
                                  "画像は［挿入］>［画像］で文書に埋め込んでください（リンクした画像は［ファイル］>［情報］>［ファイルへのリンクの編集］で解除できます）")
    if _TRACKED.search(_read(archive, "word/document.xml")):
        raise DocxRefused("承認されていない変更履歴があります。Word の［校閲］>［承諾］>［すべての変更を反映］を選び、"
                          "［変更履歴の記録］をオフにしてから保存し直してください")
