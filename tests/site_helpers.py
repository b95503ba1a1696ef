"""Helpers of the site tests: build a project with MkDocs (or ProperDocs) and read the output."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


BUILD_ENV = {"COHORT_HANDOUTS": "false", "NO_MKDOCS_2_WARNING": "1", "COHORT_SITE_PROFILE": "intranet",
             "COHORT_SITE_OFFLINE": "false"}


def run_build(project: Path, dest: Path, tool: str = "mkdocs", strict: bool = True, **env: str) -> subprocess.CompletedProcess:
    """Run `<tool> build` on a project into `dest`; returns the finished process.

    MkDocs builds in this process (as `mkdocs build` does, logging in its CLI's format), which
    saves the interpreter start and the imports of each build; another tool (ProperDocs) runs as
    a command. COHORT_TEST_BUILD=subprocess runs MkDocs as a command too."""
    if tool == "mkdocs" and os.environ.get("COHORT_TEST_BUILD") != "subprocess":
        return _build_in_process(project, dest, strict, {**BUILD_ENV, **env})
    environment = {**os.environ, **BUILD_ENV, **env}
    command = [str(BIN / tool), "build", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=600)


def _build_in_process(project: Path, dest: Path, strict: bool, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`mkdocs build` in this process: the same config loading, plugin events and build, the
    environment and working folder set for its duration, the log formatted as MkDocs's CLI does
    (`WARNING -  message`), an abort as exit status 1 and a traceback as the CLI would show it."""
    from click import ClickException
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    returncode, saved_cwd = 0, os.getcwd()
    with _in_process(logging.getLogger("mkdocs"), "%(levelname)-8s-  %(message)s", env) as (out, err):
        try:
            os.chdir(project)
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(dest), strict=strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except ClickException as exc:  # mkdocs.exceptions.Abort, ConfigurationError: the CLI prints the message
            err.write(f"{exc.format_message()}\n")
            returncode = 1
        except Exception:
            err.write(traceback.format_exc())
            returncode = 1
        finally:
            os.chdir(saved_cwd)
    return subprocess.CompletedProcess(["mkdocs", "build", str(project)], returncode, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _in_process(logger: logging.Logger, log_format: str, env: dict[str, str]) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """One command run in this process: `env` set, its stdout and stderr captured, and `logger`'s
    records at INFO and above in stderr in `log_format`, as the command's own CLI would print them;
    everything put back afterwards. Yields (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter(log_format))
    saved_env, saved_level = dict(os.environ), logger.level
    os.environ.update(env)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield out, err
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        os.environ.clear()
        os.environ.update(saved_env)


def build(project: Path, dest: Path, tool: str = "mkdocs", **env: str) -> subprocess.CompletedProcess:
    done = run_build(project, dest, tool, **env)
    assert done.returncode == 0, f"{tool} build failed:\n{done.stdout}\n{done.stderr}"
    return done


_PHRASE = re.compile(r'<span class="ph">([^<]*)</span>')


def unmarked(html: str) -> str:
    """HTML without the phrase spans of the line breaking (site_rewrites/line_breaks.py), which hold text
    only and style nothing but where a line may break (tests/test_print_quality.py reads them)."""
    return _PHRASE.sub(r"\1", html)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python build.py ARGS` in this process (`cohort_site.cli.main`): its output, log lines in
    build.py's format and exit status, as the command would give them, without starting Python
    and importing the package again; `env` is set for its duration. COHORT_TEST_BUILD=subprocess
    runs build.py as a command."""
    if os.environ.get("COHORT_TEST_BUILD") == "subprocess":
        return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                              timeout=600, env={**os.environ, **(env or {})})
    from cohort_site.cli import main

    with _in_process(logging.getLogger(), "%(levelname)s %(name)s: %(message)s", env or {}) as (out, err):
        try:
            returncode = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            returncode = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            err.write(traceback.format_exc())
            returncode = 1
    return subprocess.CompletedProcess(["build.py", *args], returncode, out.getvalue(), err.getvalue())


def page(site: Path, url: str) -> str:
    """The HTML of a page by its URL path (e.g. `tokyo-2021/sessions/1/`), phrase spans removed."""
    path = site / url / "index.html" if url.endswith("/") or url == "" else site / url
    return unmarked(path.read_text(encoding="utf-8"))


def pages(site: Path) -> set[str]:
    """Every built page as a site-relative URL path (directory URLs), 404 excluded."""
    found = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith(("assets/", "overrides/")):
            continue
        found.add(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return found


class _Text(HTMLParser):
    """Visible text of the article (`<article class="md-content__inner">`), tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0
        self.skip = 0
        self.whole = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self.depth = 1
        elif self.depth and tag not in VOID:
            self.depth += 1
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if (self.depth or self.whole) and not self.skip:
            self.parts.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def text(html: str) -> str:
    """The visible text of a page's article (or of a fragment) with whitespace collapsed."""
    parser = _Text()
    if "md-content__inner" not in html:  # a fragment: all of it
        parser.whole = True
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def section(html: str, heading_id: str) -> str:
    """The HTML from the heading with this id up to the next heading of the same or higher level."""
    start = re.search(rf'<h([1-6])[^>]*id="{re.escape(heading_id)}"', html)
    assert start, f"no heading with id {heading_id!r}"
    level = int(start.group(1))
    rest = html[start.start():]
    end = re.search(rf"<h[1-{level}][ >]|</article>", rest[3:])
    return rest[: end.start() + 3] if end else rest


def search_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def copy_project(dest: Path) -> Path:
    """A copy of the sample project (config, hand-written pages, data) to change in a test."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("site_src", "cohort_data"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def load(project: Path = ROOT):
    """The model of a project's data (to derive expected counts from the data, never by hand)."""
    from cohort_site.loader import load_project

    loaded = load_project(project)
    assert not loaded.diagnostics, loaded.diagnostics
    return loaded.project
