"""Warm rebuilds: nothing changed means no print HTML is made; a changed input makes it again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from cohort_site.handouts import runner
from handouts_support import copy_project, page_texts, render, squash

FILES = {"session-01.pdf", "session-02.pdf", "rollout-131121.pdf"}


def selected(ref) -> bool:
    return ref.cohort == "tokyo-2021" and ref.filename in FILES  # the Kanagawa sample has packs of these names too


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample (project/) with FILES rendered cold once (a/) into a cache (cache/)."""
    base = tmp_path_factory.mktemp("warm")
    first = render(copy_project(base / "project"), base / "a", base / "cache", select=selected, workers=1)
    assert first.rendered == len(FILES)
    return base


def _after_first_build(first_build: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The first build's project, output and cache, copied elsewhere for one test to change:
    (project, cache). The cache's keys hold no folder, so the copy is as warm as the original."""
    for name in ("project", "a", "cache"):
        shutil.copytree(first_build / name, tmp_path / name)
    return tmp_path / "project", tmp_path / "cache"


def test_nothing_changed_makes_no_print_html_and_an_edit_makes_it_again(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, cache = _after_first_build(first_build, tmp_path)

    def no_html(*args, **kwargs):
        raise AssertionError("print HTML made on a warm rebuild")

    with monkeypatch.context() as patch:
        patch.setattr(runner, "pack_html", no_html)
        again = render(project, tmp_path / "b", cache, select=selected, workers=1)
    assert (again.rendered, again.cached) == (0, len(FILES))
    for name in FILES:
        assert (tmp_path / "b/pdf/tokyo-2021" / name).read_bytes() == (tmp_path / "a/pdf/tokyo-2021" / name).read_bytes()

    session = project / "cohort_data/tokyo-2021/sessions/02.md"
    session.write_text(session.read_text(encoding="utf-8") + "\n索引のあとの追記です。\n", encoding="utf-8")
    made: list[str] = []
    original = runner.pack_html

    def counting(pack, *args, **kwargs):
        made.append(pack.ref.filename)
        return original(pack, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(runner, "pack_html", counting)
        changed = render(project, tmp_path / "c", cache, select=selected, workers=1)
    assert sorted(made) == sorted(FILES)  # the cohort's data changed: its HTML is made again
    assert {b.ref.filename for b in changed.built if not b.cached} == {"session-02.pdf", "rollout-131121.pdf"}
    assert "索引のあとの追記です。" in squash("".join(page_texts(tmp_path / "c/pdf/tokyo-2021/session-02.pdf")))


def test_a_new_process_finds_the_same_cache_inputs() -> None:
    """The warm index is keyed by the model and the checker's findings: both must come out the same
    in every process (a set once ordered findings by string hash, so `mkdocs build` never hit it)."""
    code = (
        "from pathlib import Path\n"
        "from cohort_site.checks import load_and_check\n"
        "c = load_and_check(Path('.'))\n"
        "print(repr(sorted((f, [str(d) for d in found]) for f, found in c.by_file().items())))\n"
        "print(c.project.model_dump_json())\n"
    )
    root = Path(__file__).resolve().parent.parent
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and "result-missing" in outputs.pop()


def test_a_changed_image_makes_again_the_packs_that_show_it(first_build: Path, tmp_path: Path) -> None:
    """Session 1 shows images/logic-model.png: a new picture with the same name and the same data
    must not leave the old one in its PDFs; packs without it stay cached."""
    project, cache = _after_first_build(first_build, tmp_path)
    assert "images/logic-model.png" in (project / "cohort_data/tokyo-2021/sessions/01.md").read_text(encoding="utf-8")
    image = project / "cohort_data/tokyo-2021/images/logic-model.png"
    with Image.open(image) as picture:
        Image.new("RGB", picture.size, (200, 30, 30)).save(image)
    again = render(project, tmp_path / "b", cache, select=selected, workers=1)
    assert {b.ref.filename for b in again.built if not b.cached} == {"session-01.pdf", "rollout-131121.pdf"}
    for name in ("session-01.pdf", "rollout-131121.pdf"):
        assert (tmp_path / "b/pdf/tokyo-2021" / name).read_bytes() != (tmp_path / "a/pdf/tokyo-2021" / name).read_bytes()
