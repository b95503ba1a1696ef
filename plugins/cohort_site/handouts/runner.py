"""Render every pack of the selected cohorts: cached by content hash, in parallel processes.

The same core serves the MkDocs plugin (`on_post_build`) and `python build.py pack`.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model import Project
from ..profile import redact
from .cache import HandoutCache, environment_fingerprint, write_atomic
from .catalog import PackRef, packs_for
from .errors import HandoutError, PackFailed
from .fonts import FontOptions, FontSet, find_fonts
from .html import image_dirs, pack_html, template_sources
from .packs import Pack, compose
from .render import DEFAULT_VARIANT, Rendered, RenderJob, pdf_options, render
from .verify import check_links, check_sections

log = logging.getLogger("cohort_site.handouts")

DEFAULT_CACHE_DIR = ".cache/handouts"


@dataclass(frozen=True)
class HandoutOptions:
    profile: str = "intranet"
    workers: int | None = None  # None: os.cpu_count()
    pdf_variant: str | None = DEFAULT_VARIANT
    fonts: FontOptions = field(default_factory=FontOptions)
    cache_dir: str | None = DEFAULT_CACHE_DIR  # relative to the project root; None: no cache

    @property
    def worker_count(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)


@dataclass(frozen=True)
class BuiltPdf:
    ref: PackRef
    path: Path
    pages: int
    size: int
    cached: bool


@dataclass
class Summary:
    built: list[BuiltPdf]
    seconds: float

    @property
    def rendered(self) -> int:
        return sum(not b.cached for b in self.built)

    @property
    def cached(self) -> int:
        return sum(b.cached for b in self.built)

    def __str__(self) -> str:
        return f"配布資料（PDF）: 作成 {self.rendered} 件、キャッシュ {self.cached} 件、{self.seconds:.1f} 秒"


@dataclass(frozen=True)
class _Prepared:
    pack: Pack
    html: str
    key: str


def source_date(pack: Pack) -> str:
    """The document date: SOURCE_DATE_EPOCH when set, else the newest date of the data."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return pack.date.isoformat()


Select = Callable[[PackRef], bool]


def prepare(
    root: Path, project: Project, options: HandoutOptions, cohort_ids: list[str] | None = None,
    select: Select | None = None,
) -> tuple[FontSet, HandoutCache, list[_Prepared]]:
    """Fonts found, cross-references resolved and print HTML made for every pack, or an error."""
    fonts = find_fonts(options.fonts)
    pdf_options(options.pdf_variant, b"")  # unknown variant: fail before any work
    environment = environment_fingerprint(
        *template_sources(), fonts.fingerprint(), str(options.pdf_variant), options.profile
    )
    cache = HandoutCache(root / options.cache_dir if options.cache_dir else None, environment)
    shown = redact(project, options.profile)
    prepared = []
    for cohort in shown.cohorts:
        if cohort_ids is not None and cohort.id not in cohort_ids:
            continue
        for ref in packs_for(shown, cohort):
            if select is not None and not select(ref):
                continue
            pack = compose(shown, cohort, ref, options.profile)
            try:
                html = pack_html(pack, fonts, source_date(pack))
                check_links(html, pack)
            except HandoutError as exc:
                raise PackFailed(_failure(pack, str(exc))) from exc
            prepared.append(_Prepared(pack, html, cache.key(html)))
    return fonts, cache, prepared


def build_handouts(
    root: Path, project: Project, out_dir: Path, options: HandoutOptions = HandoutOptions(),
    cohort_ids: list[str] | None = None, select: Select | None = None,
) -> Summary:
    """Write every pack (or the selected ones) to `out_dir/<ref.path>`.

    Raises FontNotFound before any work, PackFailed naming each failed pack and its sources.
    A failed pack's previous PDF is left as it was.
    """
    started = time.perf_counter()
    root = Path(root).resolve()
    fonts, cache, prepared = prepare(root, project, options, cohort_ids, select)
    total = len(prepared)
    built: list[BuiltPdf] = []
    failures: list[str] = []

    def done(item: _Prepared, data_path: Path | None, pdf: bytes | None, pages: int, cached: bool) -> None:
        target = out_dir / item.pack.ref.path
        if pdf is None:
            assert data_path is not None
            pdf = data_path.read_bytes()
        write_atomic(target, pdf)
        built.append(BuiltPdf(item.pack.ref, target, pages, len(pdf), cached))
        state = "キャッシュ" if cached else "作成"
        log.info("%d/%d handouts　%s（%s、%dページ）", len(built) + len(failures), total, item.pack.ref.path, state, pages)

    todo: list[_Prepared] = []
    for item in prepared:
        hit = cache.get(item.key)
        if hit is not None:
            done(item, hit.path, None, hit.pages, True)
        else:
            todo.append(item)

    # Largest first, so no worker is left with a long pack at the end.
    todo.sort(key=lambda item: len(item.html), reverse=True)
    jobs = {
        id(item): RenderJob(_label(item.pack), item.html, root, fonts, options.pdf_variant, image_dirs(item.pack))
        for item in todo
    }

    def finish(item: _Prepared, outcome: _Outcome) -> None:
        for level, message in outcome.logs:
            log.log(level, message)
        if outcome.error is not None:
            failures.append(_failure(item.pack, outcome.error))
            log.error("%d/%d handouts　%s: %s", len(built) + len(failures), total, item.pack.ref.path, outcome.error)
            return
        assert outcome.rendered is not None
        try:
            check_sections(item.pack, outcome.rendered)
        except HandoutError as exc:
            failures.append(_failure(item.pack, str(exc)))
            log.error("%s", exc)
            return
        cache.put(item.key, outcome.rendered.pdf, outcome.rendered.pages)
        done(item, None, outcome.rendered.pdf, outcome.rendered.pages, False)

    workers = min(options.worker_count, len(todo))
    if workers <= 1:
        for item in todo:
            finish(item, _render_job(jobs[id(item)]))
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            pending: dict[Future[_Outcome], _Prepared] = {
                pool.submit(_render_job, jobs[id(item)]): item for item in todo
            }
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    finish(pending.pop(future), future.result())

    summary = Summary(sorted(built, key=lambda b: b.ref.path), time.perf_counter() - started)
    if failures:
        raise PackFailed(f"配布資料（PDF）{len(failures)} 件を作成できませんでした:\n" + "\n".join(failures))
    log.info("%s", summary)
    return summary


@dataclass
class _Outcome:
    rendered: Rendered | None
    error: str | None
    logs: list[tuple[int, str]]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _render_job(job: RenderJob) -> _Outcome:
    """Worker body: render, and hand back the log lines so the parent logs them in order."""
    collect = _Collect()
    propagate = log.propagate
    log.addHandler(collect)
    log.propagate = False
    try:
        return _Outcome(render(job), None, collect.records)
    except HandoutError as exc:
        return _Outcome(None, str(exc), collect.records)
    except Exception as exc:  # WeasyPrint's own failures: report, never a bare traceback
        return _Outcome(None, f"{job.label}: PDFの作成に失敗しました（{type(exc).__name__}: {exc}）", collect.records)
    finally:
        log.removeHandler(collect)
        log.propagate = propagate


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers start instantly with WeasyPrint already imported.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _label(pack: Pack) -> str:
    return f"{pack.ref.path}（{pack.ref.title}）"


def _failure(pack: Pack, message: str) -> str:
    return f"- {pack.ref.path}「{pack.ref.title}」: {message}（元のファイル: {', '.join(pack.sources)}）"

