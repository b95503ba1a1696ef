"""The font chain of the PDFs: BIZ UD Gothic / Mincho, then fallbacks for rarer characters.

BIZ UD (~11,700 characters) lacks some characters of personal names (𠮷, 𩸽...); each role falls
back, character by character, to the fonts of `fallbacks` (by default IPAmj明朝, the font of
the government's character information infrastructure, ~58,000 characters with IVS). The chain
is configured in one place, the `cohort-handouts` plugin in mkdocs.yml, which `build.py` reads
too. Found through fontconfig (`fc-list`) or given as paths. Before anything is rendered the
files are checked to hold Japanese glyphs, so a missing font stops the build with a message
naming the Debian package instead of a PDF full of tofu boxes.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..glyphs import Coverage, coverage
from .errors import FontNotFound

GOTHIC_FAMILY = "BIZ UDGothic"
MINCHO_FAMILY = "BIZ UDMincho"
FALLBACK_FAMILIES = ("IPAmjMincho",)
PACKAGES = {
    GOTHIC_FAMILY: "fonts-morisawa-bizud-gothic",
    MINCHO_FAMILY: "fonts-morisawa-bizud-mincho",
    "IPAmjMincho": "fonts-ipamj-mincho",
    "Noto Sans CJK JP": "fonts-noto-cjk",
    "Noto Serif CJK JP": "fonts-noto-cjk",
}
# Characters every handout uses: kana, kanji, full-width punctuation.
_PROBE = "あア漢字。「」〜"


@dataclass(frozen=True)
class FontFace:
    """One @font-face: the CSS family name we declare, weight, and the file."""

    family: str  # the font's own family name, e.g. "BIZ UDGothic" (shown by pdffonts)
    role: str  # "gothic", "mincho" or "fallback": print.css names the roles, not the families
    weight: int
    path: Path


@dataclass(frozen=True)
class FontSet:
    faces: tuple[FontFace, ...]

    def family(self, role: str) -> str:
        """The CSS font-family list of a role: its own family, then the fallbacks."""
        own = next(face.family for face in self.faces if face.role == role)
        fallbacks = dict.fromkeys(face.family for face in self.faces if face.role == "fallback")
        return ", ".join(f"'{family}'" for family in (own, *fallbacks))

    def coverage(self, cache_dir: Path | None = None) -> Coverage:
        """The characters at least one font of the chain has."""
        return coverage(self.paths, [face.family for face in self.faces], cache_dir)

    def css(self) -> str:
        """@font-face rules on the local files (file:// URLs the restricted fetcher allows)."""
        rules = []
        for face in self.faces:
            rules.append(
                f"@font-face {{ font-family: '{face.family}'; font-weight: {face.weight:d}; "
                f"src: url('{face.path.as_uri()}'); }}"
            )
        return "\n".join(rules)

    def fingerprint(self) -> str:
        """Changes when a font file changes (for the cache key)."""
        digest = hashlib.sha256()
        for face in self.faces:
            digest.update(f"{face.family}:{face.weight}:{face.path}:".encode())
            digest.update(_file_digest(face.path).encode())
        return digest.hexdigest()

    @property
    def paths(self) -> list[Path]:
        return [face.path for face in self.faces]


@dataclass(frozen=True)
class FontOptions:
    """What the configuration says: family names to look up, or explicit files."""

    gothic_family: str = GOTHIC_FAMILY
    mincho_family: str = MINCHO_FAMILY
    gothic_regular: str | None = None  # explicit file paths win over the family lookup
    gothic_bold: str | None = None
    mincho_regular: str | None = None
    fallbacks: tuple[str, ...] = FALLBACK_FAMILIES  # families tried in order for a missing character


def find_fonts(options: FontOptions = FontOptions()) -> FontSet:
    """The font files to embed, checked to hold Japanese glyphs. Raises FontNotFound."""
    gothic_regular = _locate(options.gothic_regular, options.gothic_family, "Regular")
    gothic_bold = _find(options.gothic_bold, options.gothic_family, "Bold") or gothic_regular
    mincho_regular = _locate(options.mincho_regular, options.mincho_family, "Regular")
    faces: tuple[FontFace, ...] = (
        FontFace(options.gothic_family, "gothic", 400, gothic_regular),
        FontFace(options.gothic_family, "gothic", 700, gothic_bold),
        FontFace(options.mincho_family, "mincho", 400, mincho_regular),
        *(FontFace(family, "fallback", 400, _locate(None, family, "Regular")) for family in options.fallbacks),
    )
    for face in faces[:3]:  # the fallbacks need not cover everything
        missing = _missing_glyphs(face.path)
        if missing:
            raise FontNotFound(
                f"フォント {face.path} には日本語の文字（{missing}）がありません。"
                f"日本語フォントを指定してください。{_install_hint()}"
            )
    return FontSet(faces)


def _locate(path: str | None, family: str, style: str) -> Path:
    found = _find(path, family, style)
    if found is None:
        package = PACKAGES.get(family)
        which = f"パッケージ {package} を" if package else "フォントを"
        raise FontNotFound(
            f"日本語フォント「{family}」（{style}）が見つかりません。配布資料（PDF）には日本語フォントが必要です。"
            f"{which}インストールしてください。{_install_hint()}"
        )
    return found


def _find(path: str | None, family: str, style: str) -> Path | None:
    """The configured file (which must exist), else fontconfig's file of `family` in `style`, or None."""
    if path:
        found = Path(path).expanduser()
        if not found.is_file():
            raise FontNotFound(f"設定されたフォントファイル {path} が見つかりません。{_install_hint()}")
        return found.resolve()
    return _fc_list(family, style)


@cache
def _fc_list(family: str, style: str) -> Path | None:
    """The file of `family` in `style` that fontconfig knows, or None."""
    if shutil.which("fc-list") is None:
        raise FontNotFound(
            "fontconfig（fc-list）が見つかりません。"
            f"sudo apt-get install fontconfig でインストールしてください。{_install_hint()}"
        )
    result = subprocess.run(
        ["fc-list", f":family={family}:style={style}", "file"],
        capture_output=True, text=True, check=False,
    )
    # Resolved: Debian lists IPAmj明朝 twice (its file and an alternatives symlink).
    files = sorted({Path(line.rstrip(": ").strip()).resolve() for line in result.stdout.splitlines() if line.strip()})
    return files[0] if files else None


def _missing_glyphs(path: Path) -> str:
    """The probe characters the font's cmap lacks ('' when it covers them)."""
    from fontTools.ttLib import TTLibError

    try:
        return "".join(coverage([path]).missing(_PROBE))
    except (TTLibError, OSError) as exc:
        raise FontNotFound(f"フォントファイル {path} を読めません（{exc}）。{_install_hint()}") from exc


@cache
def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _install_hint() -> str:
    packages = " ".join(PACKAGES.values())
    return f"（Debian/Ubuntu: sudo apt-get install {packages}）"
