"""The shared path is fail-safe: when a WeasyPrint internal it uses is gone, changed or raises, the
packs are laid out and painted whole through WeasyPrint's public API, one log line says so, the
build succeeds and every PDF is byte for byte the one of the whole path (handouts/internals.py)."""

from __future__ import annotations

import importlib
import logging
import re
import sys
import types
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.cli import main as cli_main
from cohort_site.handouts import internals, painting, runner
from cohort_site.handouts import render as render_module
from cohort_site.handouts.errors import HandoutError
from cohort_site.handouts.render import Layouts, RenderJob, fast_path_problem, needs_of, render
from cohort_site.handouts.runner import HandoutOptions, Summary, prepare
from cohort_site.mkdocs_plugins.handouts_config import options_from_mkdocs_yml
from handouts_support import ROOT, SAMPLE, WHOLE_PACKS, copy_project
from handouts_support import render as build

# Two packs sharing one group's parts, a pack of another kind with a cover page, a session's pack.
FILES = WHOLE_PACKS


@pytest.fixture
def handouts_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """The build's log as the front end sees it (the workers' records, logged once by the parent)."""
    caplog.set_level(logging.INFO)
    return caplog


def _pdfs(out: Path) -> dict[str, bytes]:
    return {pdf.name: pdf.read_bytes() for pdf in (out / "pdf" / SAMPLE).glob("*.pdf")}


@pytest.fixture(scope="module")
def whole(whole_packs: dict[str, bytes]) -> dict[str, bytes]:
    """The packs laid out and painted whole (share_layout=False), the reference (tests/conftest.py)."""
    assert set(whole_packs) == FILES
    return whole_packs


def _selected(ref: object) -> bool:
    return ref.cohort == SAMPLE and ref.filename in FILES


def _move_away(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> None:
    """What a newer WeasyPrint that moved `name` looks like from here: its own code still works
    (its modules hold their names), but importing `module` no longer gives `name`."""
    moved = types.ModuleType(module)
    moved.__dict__.update({key: value for key, value in vars(importlib.import_module(module)).items() if key != name})
    monkeypatch.setitem(sys.modules, module, moved)


def test_the_installed_weasyprint_fits_the_shared_path() -> None:
    assert internals.problem() is None
    assert fast_path_problem() is None


@pytest.mark.parametrize(
    ("breakage", "said"),
    [
        ("version", "weasyprint 71.0 は高速化の対応範囲（70 以上 71 未満）の外です"),
        ("name", "weasyprint.draw に set_mask_border がありません"),
        ("method", "weasyprint.stacking に StackingContext.from_box がありません"),
        ("attribute", "WeasyPrint の Stream に _ctm_stack がありません"),
    ],
)
def test_what_does_not_fit_is_named(breakage: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if breakage == "version":
        monkeypatch.setattr(internals, "version", lambda name: "71.0" if name == "weasyprint" else "0.13.0")
    elif breakage == "name":
        _move_away(monkeypatch, "weasyprint.draw", "set_mask_border")
    elif breakage == "method":
        monkeypatch.delattr(internals.StackingContext, "from_box")
    else:
        init = internals.Stream.__init__

        def older(stream: object, *args: object, **kwargs: object) -> None:
            init(stream, *args, **kwargs)
            del stream._ctm_stack  # type: ignore[attr-defined]

        monkeypatch.setattr(internals.Stream, "__init__", older)
    assert internals.problem() == said
    assert fast_path_problem() == said


def test_a_missing_internal_makes_every_pack_whole_and_the_same(
    whole: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handouts_log: pytest.LogCaptureFixture
) -> None:
    _move_away(monkeypatch, "weasyprint.draw", "set_mask_border")
    summary = build(ROOT, tmp_path, None, select=_selected, workers=1, share_layout=True)
    assert summary.rendered == len(FILES)
    made = _pdfs(tmp_path)
    assert set(made) == FILES
    for name in sorted(FILES):
        assert made[name] == whole[name], name
    said = [line for line in handouts_log.messages if "レイアウトを共有せず" in line]
    assert said == ["PDF はレイアウトを共有せず、1つずつ丸ごと作成します（WeasyPrint の内部が対応外: weasyprint.draw に set_mask_border がありません）"]
    assert not any("作成・レイアウト共有" in line for line in handouts_log.messages)


def test_an_internal_raising_while_shared_makes_the_rest_whole_and_the_same(
    whole: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handouts_log: pytest.LogCaptureFixture
) -> None:
    """An internal that is there but behaves otherwise (here: the stream lost an attribute the
    recording reads) fails the shared path at the first pack's painting."""

    def changed(*_args: object) -> None:
        raise AttributeError("'Stream' object has no attribute '_ctm_stack'")

    monkeypatch.setattr(painting, "record", changed)
    summary = build(ROOT, tmp_path, None, select=_selected, workers=1, share_layout=True)
    made = _pdfs(tmp_path)
    assert summary.rendered == len(FILES) and set(made) == FILES
    for name in sorted(FILES):
        assert made[name] == whole[name], name
    said = [line for line in handouts_log.messages if "レイアウトの共有に失敗" in line]
    assert len(said) == 1 and "AttributeError: 'Stream' object has no attribute '_ctm_stack'" in said[0]


def test_the_projects_own_errors_on_the_shared_path_fail_the_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = load_and_check(ROOT)
    fonts, _, items = prepare(ROOT, checked.project, HandoutOptions(cache_dir=None), [SAMPLE], lambda ref: ref.filename == "rollout-131059.pdf")
    job = RenderJob("rollout-131059.pdf", items[0].html, ROOT, fonts)

    def footer_mismatch(*_args: object) -> None:
        raise HandoutError("rollout-131059.pdf: ページ番号の作成に失敗しました（ページの形が違います）")

    monkeypatch.setattr(render_module, "_joined", footer_mismatch)
    layouts = Layouts(needs_of([job.html]))
    with pytest.raises(HandoutError, match="ページ番号の作成に失敗しました"):
        render(job, layouts)
    assert not layouts.gave_up


@pytest.mark.parametrize(("setting", "flag", "shared"), [(None, False, True), ("false", False, False), (None, True, False)])
def test_share_layout_is_a_setting_of_the_plugin_and_of_build_py_pack(
    setting: str | None, flag: bool, shared: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs.yml's `share_layout` and `build.py pack --no-share-layout` reach the renderer."""
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if setting is not None:
        mkdocs_yml = mkdocs_yml.replace("  - cohort-handouts:\n", f"  - cohort-handouts:\n      share_layout: {setting}\n", 1)
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    copy_project(tmp_path)
    assert options_from_mkdocs_yml(tmp_path / "mkdocs.yml").share_layout is (setting is None)
    seen: list[HandoutOptions] = []

    def build_handouts(_root: Path, _project: object, _out: Path, options: HandoutOptions, *_rest: object, **_kw: object) -> Summary:
        seen.append(options)
        return Summary([], 0.0)

    monkeypatch.setattr(runner, "build_handouts", build_handouts)
    assert cli_main(["--root", str(tmp_path), "pack", SAMPLE, *(["--no-share-layout"] if flag else [])]) == 0
    assert [options.share_layout for options in seen] == [shared]


def test_only_the_internals_module_imports_weasyprints_internal_modules() -> None:
    """The rest of the package imports WeasyPrint's public modules only, and never painting.py at
    import time (render.py imports it when layouts are shared)."""
    public = {"weasyprint", "weasyprint.text.fonts", "weasyprint.urls"}  # HTML, CSS; FontConfiguration; URLFetcher
    package = ROOT / "plugins" / "cohort_site"
    found = {}
    for module in package.rglob("*.py"):
        if module.name == "internals.py":
            continue
        text = module.read_text(encoding="utf-8")
        names = set(re.findall(r"^\s*(?:from|import) (weasyprint[\w.]*|pydyf[\w.]*)", text, re.M))
        if names - public - {"pydyf"}:
            found[module.relative_to(package).as_posix()] = sorted(names - public - {"pydyf"})
    assert found == {}
    render_source = (package / "handouts" / "render.py").read_text(encoding="utf-8")
    assert not re.search(r"^from \.painting import", render_source, re.M)
