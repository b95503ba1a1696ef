"""Images of a cohort: one folder, `cohort_data/<cohort>/images/`, and one way to write them in any
Markdown field, `![説明](images/map.png)`, which works in the site and in the PDFs.

The site copies the folder to `<cohort>/images/`; the PDF fetcher reads it in place. Everything
else an image could point at (the network, another folder, a data file) is refused, and the
checker reports it where it was written (rules in `checks/resources.py`).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

IMAGE_DIR = "images"
IMAGE_TYPES: dict[str, str] = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp",
}


def is_external(src: str) -> bool:
    """A URL another machine serves (`https://…`, `//host/…`, any scheme but a relative path)."""
    value = src.strip()
    return value.startswith("//") or bool(urlsplit(value).scheme)


def image_name(src: str) -> str | None:
    """`images/map.png` → `map.png` (sub-folders allowed); None for anything else."""
    value = unquote(src.strip())
    if is_external(value) or "\\" in value or not value.startswith(f"{IMAGE_DIR}/"):
        return None
    parts = value.split("/")[1:]
    if not parts or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    name = "/".join(parts)
    return name if posixpath.splitext(name)[1].lower() in IMAGE_TYPES else None


def site_path(cohort_id: str, name: str) -> str:
    """Where the site serves a cohort's image (relative to the site root)."""
    return f"{cohort_id}/{IMAGE_DIR}/{name}"


def image_folder(data_root: Path, cohort_id: str) -> Path:
    return data_root / cohort_id / IMAGE_DIR


def image_files(root: Path, cohort_file: str, cohort_id: str) -> dict[str, bytes]:
    """A cohort's images by path in its folder (`images/x.png`), for copies of the cohort
    (next year's cohort, an in-house kit). `cohort_file` is its cohort.yml, relative to root."""
    data_root = root / Path(cohort_file).parent.parent
    folder = image_folder(data_root, cohort_id)
    return {f"{IMAGE_DIR}/{name}": (folder / name).read_bytes() for name in cohort_images(data_root, cohort_id)}


def cohort_images(data_root: Path, cohort_id: str) -> list[str]:
    """The images of a cohort's folder (names as written after `images/`), by name.

    Only plain files of an image type whose real path stays inside the folder."""
    folder = image_folder(data_root, cohort_id)
    if not folder.is_dir() or folder.is_symlink():
        return []
    real = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if image_name(f"{IMAGE_DIR}/{rel}") is None or not path.is_file():
            continue
        if path.resolve().is_relative_to(real):
            found.append(rel)
    return found
