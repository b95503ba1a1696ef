"""Shared fixtures, the test groups, and where the tests' caches go.

The sample site is built once per test run (`mkdocs build --strict`, in this process) with the PDF
handouts switched off (COHORT_HANDOUTS=false) so the site tests stay fast; the handouts tests
build them on their own. Under pytest-xdist one worker builds each shared site and the others wait
for it (a file lock in the run's temporary folder), so `-n 2` builds it once, not once per worker.

Groups: each test is marked by what it uses (`pytest_collection_modifyitems`): `site` when it or
one of its fixtures builds a site, `pdf` when it renders PDFs, `browser` when it drives Chromium,
`office` when it runs LibreOffice, `unit` when none of these. The fixtures a test uses are followed
to the helpers they call (`site_helpers.build`, `handouts_support.render`, ...), so a new test
needs no marker of its own. `make test-fast` runs `-m unit`.

Caches: COHORT_SITE_CACHE points every build's `.cache/` (PDFs, kits, search words) at one
temporary folder per run, shared by the workers and removed at the end: nothing is written into
the checkout.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import tempfile
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

from cohort_site.storage import CACHE_ENV
from site_helpers import ROOT, build

# The shared Chromium fixtures (browser, origin), available to every test module without an import
# that a linter would see as unused and then redefined.
pytest_plugins = ["browser_support"]

TESTS = Path(__file__).resolve().parent
# The groups, slowest first: a file runs in the place of its slowest group (see the ordering below).
SLOW_FIRST = ("pdf", "browser", "office", "site", "unit")
FIRST_MADE = "packs"  # the shared fixture that takes longest to make (below)

# What makes a test slow, by group: the helpers and library entry points it calls (by qualified
# name, so this file imports none of them), the libraries, and the programs it may start.
HEAVY_CALLS = {
    "site_helpers.build": "site",
    "site_helpers.run_build": "site",
    "handouts_support.render": "pdf",
    "cohort_site.handouts.runner.build_handouts": "pdf",
    "conftest._shared_render": "pdf",
    "handouts_support.pdf_facts": "pdf",
}
HEAVY_MODULES = {"weasyprint": "pdf", "pydyf": "pdf", "cohort_site.handouts.render": "pdf",
                 "cohort_site.handouts.painting": "pdf", "playwright": "browser", "mkdocs": "site"}
HEAVY_COMMANDS = {"soffice": "office", "libreoffice": "office", "mkdocs": "site", "properdocs": "site",
                  "chromium": "browser", "pack": "pdf", "build": "site", "kit": "site"}  # build.py build / pack / kit


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the page builders' output (then review git diff)")


# --- the groups -----------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank: dict[Path, int] = {}  # a test file -> its slowest group's place in SLOW_FIRST
    for item in items:
        groups = _groups_of(item) or {"unit"}
        for group in sorted(groups):
            item.add_marker(getattr(pytest.mark, group))
        rank[item.path] = min(rank.get(item.path, len(SLOW_FIRST)), *(SLOW_FIRST.index(g) for g in groups))
    # The slow files first, each file's tests together and in their order: under xdist (`--dist
    # loadfile --no-loadscope-reorder`, scripts/dev.sh) the workers start on the files that take
    # longest and end on the many short ones, instead of one worker finishing a long file alone.
    # The run's longest shared fixture (`packs`, a minute of rendering) starts at once in the first
    # file that uses it, and the other files that use it come last in their group: meanwhile the
    # other worker runs files that need nothing from it, instead of waiting on its lock.
    users = [item.path for item in items if FIRST_MADE in getattr(item, "fixturenames", ())]
    first = users[0] if users else None
    order = {id(item): n for n, item in enumerate(items)}
    items.sort(key=lambda item: (rank[item.path], 0 if item.path == first else 2 if item.path in users else 1,
                                 order[id(item)]))


def _groups_of(item: pytest.Item) -> set[str]:
    functions: list[Callable] = []
    if isinstance(item, pytest.Function):
        functions.append(item.function)
        for defs in item._fixtureinfo.name2fixturedefs.values():  # every fixture of its closure
            functions += [inspect.unwrap(d.func) for d in defs]
        # a fixture chosen by parameter (`request.getfixturevalue(name)`): the fixture it names
        manager = item.session._fixturemanager
        params = getattr(getattr(item, "callspec", None), "params", {})
        for value in params.values():
            if isinstance(value, str) and (defs := manager.getfixturedefs(value, item)):
                functions += [inspect.unwrap(d.func) for d in defs]
    found: set[str] = set()
    seen: set[int] = set()
    for function in functions:
        _walk(function, found, seen)
    return found


def _walk(function: Callable, found: set[str], seen: set[int]) -> None:
    """The groups of what `function` calls, following the tests' own helper functions."""
    code = getattr(function, "__code__", None)
    if code is None or id(code) in seen:
        return
    seen.add(id(code))
    namespace = getattr(function, "__globals__", {})
    for name, constant in _names_and_constants(code):
        if constant is not None:
            if group := HEAVY_COMMANDS.get(Path(constant).name):
                found.add(group)
            continue
        if group := _module_group(name):  # a module imported inside the function
            found.add(group)
            continue
        value = namespace.get(name)
        if value is None:
            continue
        if isinstance(value, str):  # a module constant naming a program or holding a script that runs one
            found.update(HEAVY_COMMANDS[word] for word in re.findall(r"[\w.-]+", value) if word in HEAVY_COMMANDS)
        elif group := _heavy(value):
            found.add(group)
        elif isinstance(value, types.FunctionType) and _is_test_code(value):
            _walk(value, found, seen)


def _module_group(name: str) -> str | None:
    return next((g for prefix, g in HEAVY_MODULES.items() if name == prefix or name.startswith(prefix + ".")), None)


def _heavy(value: object) -> str | None:
    if isinstance(value, types.ModuleType):
        module, qualified = value.__name__, value.__name__
    else:
        module = getattr(value, "__module__", None) or ""
        qualified = f"{module}.{getattr(value, '__qualname__', '')}"
    if group := HEAVY_CALLS.get(qualified):
        return group
    return _module_group(module)


def _names_and_constants(code: types.CodeType) -> Iterator[tuple[str, str | None]]:
    for name in code.co_names:
        yield name, None
    for constant in code.co_consts:
        if isinstance(constant, str) and len(constant) < 40:
            yield "", constant
        elif isinstance(constant, types.CodeType):  # nested functions, lambdas, comprehensions
            yield from _names_and_constants(constant)


def _is_test_code(function: types.FunctionType) -> bool:
    return Path(function.__code__.co_filename).resolve().parent == TESTS


# --- caches out of the checkout ---------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get(CACHE_ENV):  # the controller (or a run without xdist); workers inherit it
        folder = tempfile.mkdtemp(prefix="cohort-site-test-cache-")
        os.environ[CACHE_ENV] = folder
        config.stash[_OWN_CACHE] = folder
    # Hypothesis's folder too (its example database and Unicode tables; else .hypothesis/ in the checkout).
    home = Path(os.environ[CACHE_ENV]) / "hypothesis"
    set_hypothesis_home_dir(str(home))
    settings.register_profile("cohort-site", database=DirectoryBasedExampleDatabase(str(home / "examples")))
    settings.load_profile("cohort-site")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_OWN_CACHE, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(CACHE_ENV, None)


_OWN_CACHE = pytest.StashKey[str]()


# --- the shared built sites -------------------------------------------------------------------


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """`make(folder)` once per test run: under xdist the first worker to ask makes it in the run's
    common temporary folder while the others wait on a file lock, then all read the same folder."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    common = tmp_path_factory.getbasetemp().parent
    folder, done = common / name, common / f"{name}.done"
    with FileLock(str(common / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with the default (intranet) profile."""
    return shared(tmp_path_factory, "site-intranet", lambda dest: build(ROOT, dest))


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with the public profile (COHORT_SITE_PROFILE=public)."""
    return shared(tmp_path_factory, "site-public", lambda dest: build(ROOT, dest, COHORT_SITE_PROFILE="public"))


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built for file:// browsing (Material's offline plugin)."""
    return shared(tmp_path_factory, "site-offline", lambda dest: build(ROOT, dest, COHORT_SITE_OFFLINE="true"))


# --- the shared rendered packs ----------------------------------------------------------------

@pytest.fixture(scope="session")
def packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """Every pack of the sample project (intranet profile) with its Word and PowerPoint twins,
    rendered once per test run into the tests' handouts cache: (output folder, runner Summary)."""
    return _shared_render(tmp_path_factory, "packs-intranet", workers=2, office=True)


@pytest.fixture(scope="session")
def public_packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """`handouts_support.PUBLIC_PACKS` of the sample cohort in the public profile, with their twins."""
    from handouts_support import PUBLIC_PACKS, SAMPLE

    return _shared_render(tmp_path_factory, "packs-public", workers=2, office=True, profile="public",
                          select=lambda ref: ref.cohort == SAMPLE and ref.filename in PUBLIC_PACKS)


@pytest.fixture(scope="session")
def packs_log(packs: tuple[Path, object]) -> str:
    """The handouts log of the `packs` render (one line per PDF: made, made sharing layout, cached)."""
    return (packs[0] / RENDER_LOG).read_text(encoding="utf-8")


RENDER_LOG = "render.log"


@pytest.fixture(scope="session")
def whole_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """`handouts_support.WHOLE_PACKS` laid out and painted whole, each on its own through
    WeasyPrint's public API (share_layout=False, no cache): the reference the shared path and its
    fallback must equal byte for byte. File name -> PDF bytes."""
    from handouts_support import SAMPLE, WHOLE_PACKS

    folder, _ = _shared_render(tmp_path_factory, "packs-whole", workers=2, share_layout=False, cache=False,
                               select=lambda ref: ref.cohort == SAMPLE and ref.filename in WHOLE_PACKS)
    return {pdf.name: pdf.read_bytes() for pdf in (folder / "pdf" / SAMPLE).glob("*.pdf")}


@pytest.fixture(scope="session")
def packs_facts(packs: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """`handouts_support.pdf_facts` of every PDF of `packs` by its site path (pdf/<cohort>/<file>),
    read once per run: pypdf parses every object of a WeasyPrint PDF (≈0.15 s each), and the
    PDF and Word tests both compare what it reads with what they expect."""
    import pickle

    from handouts_support import pdf_facts

    def make(folder: Path) -> None:
        summary = packs[1]
        facts = {built.ref.path: pdf_facts(built.path) for built in summary.built}  # type: ignore[attr-defined]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "facts.pickle").write_bytes(pickle.dumps(facts))

    return pickle.loads((shared(tmp_path_factory, "packs-facts", make) / "facts.pickle").read_bytes())


def _shared_render(tmp_path_factory: pytest.TempPathFactory, name: str, cache: bool = True, **options: object) -> tuple[Path, object]:
    """`handouts_support.render` of the project once per run (see `shared`); the Summary and the
    handouts log are kept beside the files, so a worker that did not render them reads the same."""
    import io
    import logging
    import pickle

    import handouts_support
    from cohort_site.logger import HANDOUTS_LOGGER

    def make(folder: Path) -> None:
        log = io.StringIO()
        handler = logging.StreamHandler(log)  # each record's message on a line of its own
        level = HANDOUTS_LOGGER.level
        HANDOUTS_LOGGER.addHandler(handler)
        HANDOUTS_LOGGER.setLevel(logging.INFO)
        try:
            summary = handouts_support.render(ROOT, folder, handouts_support.shared_cache() if cache else None, **options)
        finally:
            HANDOUTS_LOGGER.removeHandler(handler)
            HANDOUTS_LOGGER.setLevel(level)
        (folder / "summary.pickle").write_bytes(pickle.dumps(summary))
        (folder / RENDER_LOG).write_text(log.getvalue(), encoding="utf-8")

    folder = shared(tmp_path_factory, name, make)
    return folder, pickle.loads((folder / "summary.pickle").read_bytes())
