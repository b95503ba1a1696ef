"""Writing an export all at once or not at all: stage next to the target, then rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class TargetExists(FileExistsError):
    """The target is already there; nothing was written."""


def write_tree(target: Path, files: dict[str, str | bytes]) -> None:
    """Create folder `target` holding `files` (relative path -> text, or bytes for images), or
    nothing at all.

    The files are written into a hidden staging folder next to the target (same file system)
    and renamed into place at the end; on any failure the staging folder is removed. The
    staging folder holds the new folder one level down, so a loader scanning the parent for
    `*/cohort.yml` never sees a half-written cohort.
    """
    if target.exists():
        raise TargetExists(f"{target} はすでにあります。上書きはしません（別の名前にするか、先に削除してください）")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        stage = staging / target.name
        for rel, text in sorted(files.items()):
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8", newline="\n")
        if target.exists():
            raise TargetExists(f"{target} が作成中に別の処理で作られました。上書きはしません")
        os.rename(stage, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Replace file `target` with `data` atomically (a temporary file next to it, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def link_or_copy(cached: Path, target: Path) -> None:
    """`target` becomes the cached file (a kit's zip, a PDF): a hard link when the file system
    allows, else a copy; either way it appears whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    temp.unlink(missing_ok=True)
    try:
        os.link(cached, temp)
    except OSError:
        write_bytes(target, cached.read_bytes())
        return
    os.replace(temp, target)

