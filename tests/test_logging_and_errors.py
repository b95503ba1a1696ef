"""One logger tree and one exception base (logger.py, errors.py).

Every logger of the package hangs under `mkdocs.plugins.cohort_site`, no code switches a logger's
`propagate`, WeasyPrint's records come into the tree through a filter for one render only, and
every error meant for the user is a `CohortSiteError` that build.py prints without a traceback."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import re
from pathlib import Path

import pytest

import cohort_site
from cohort_site.errors import CohortSiteError
from cohort_site.logger import HANDOUTS_LOGGER, LOGGER
from site_helpers import ROOT, run_cli

PACKAGE = Path(cohort_site.__file__).parent
# Exceptions that never reach a user: private signals (`_Name`), the fetcher's refusal (WeasyPrint
# logs it), a WeasyPrint internal that is missing (the whole-pack path takes over), a programming error.
INTERNAL = {"ResourceRefused", "Unavailable", "UnknownRule"}


def _modules() -> list:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(cohort_site.__path__, "cohort_site.")]


def test_every_logger_of_the_package_is_in_the_mkdocs_plugin_tree() -> None:
    _modules()
    assert LOGGER.name == "mkdocs.plugins.cohort_site" and HANDOUTS_LOGGER.parent is LOGGER
    stray = [name for name in logging.root.manager.loggerDict if name.split(".")[0] == "cohort_site"]
    assert stray == []
    switched = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"\.propagate\s*=", line)]
    assert switched == []


def test_every_error_for_the_user_is_a_cohort_site_error() -> None:
    found = {obj for module in _modules() for obj in vars(module).values()
             if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__.startswith("cohort_site.")}
    assert {cls.__name__ for cls in found} >= {"CheckFailed", "HandoutError", "KitError", "RolloverError", "RecordsError"}
    outside = sorted(cls.__name__ for cls in found if not issubclass(cls, CohortSiteError) and cls.__name__ not in INTERNAL
                     and not cls.__name__.startswith("_"))
    assert outside == []


def test_weasyprint_records_come_into_the_tree_during_one_render_only(caplog: pytest.LogCaptureFixture) -> None:
    from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER

    from cohort_site.handouts.render import routed_log

    caplog.set_level(logging.WARNING)
    with routed_log("pdf/x.pdf（テスト）") as forward:
        WEASYPRINT_LOGGER.warning("Ignored `foo: bar` at 1:1, unknown property.")
        WEASYPRINT_LOGGER.warning(".notdef glyph rendered for Unicode string unsupported by fonts: \"𠮷\"")
    WEASYPRINT_LOGGER.warning("after the render")
    ours = [(r.name, r.getMessage()) for r in caplog.records if r.name == HANDOUTS_LOGGER.name]
    assert ours == [(HANDOUTS_LOGGER.name, "pdf/x.pdf（テスト）: WeasyPrint: Ignored `foo: bar` at 1:1, unknown property.")]
    assert forward.missing == ['"𠮷"']
    assert [r.getMessage() for r in caplog.records if r.name == "weasyprint"] == ["after the render"]


def test_build_py_prints_a_cohort_site_error_without_a_traceback(tmp_path: Path) -> None:
    # 武蔵村山市 is in no group of the sample: write_kit raises KitError, cli.main says it.
    done = run_cli("--root", str(ROOT), "kit", "132128", "--cohort", "tokyo-2021", "--out", str(tmp_path))
    assert (done.returncode, done.stderr.splitlines()[-1][:10]) == (2, "build.py: "), done.stderr
    assert "どのグループにも入っていません" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
