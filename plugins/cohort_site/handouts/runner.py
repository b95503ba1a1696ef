"""Render every pack of the selected cohorts: cached by content hash, in parallel processes.

The same core serves the MkDocs plugin (`on_post_build`) and `python build.py pack`.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..logger import HANDOUTS_LOGGER as log
from ..model import Project
from ..outputs import PackRef, packs_for
from ..profile import redact
from ..results import today
from ..storage import CACHE_KEEP_DAYS, cache_path, link_or_copy, write_bytes
from .cache import HandoutCache, code_fingerprint, environment_fingerprint, image_folders_digest, shown_images
from .errors import HandoutError, PackFailed
from .fonts import FontSet, find_fonts
from .html import image_dirs, pack_html, template_sources
from .options import HandoutOptions
from .packs import Pack, compose
from .render import Layouts, Rendered, RenderJob, fast_path_problem, needs_of, pdf_options, render
from .segments import split
from .twins import BuiltTwin, TwinSource, TwinWriter, build_twins, twin_key, twins_cached
from .verify import check_glyphs, check_links, check_sections


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
    twins: list[BuiltTwin] = field(default_factory=list)  # the Word / PowerPoint twins (options.office)

    @property
    def rendered(self) -> int:
        return sum(not b.cached for b in self.built)

    @property
    def cached(self) -> int:
        return sum(b.cached for b in self.built)

    def __str__(self) -> str:
        twins = f"、Word・PowerPoint {len(self.twins)} 件" if self.twins else ""
        return f"配布資料（PDF）: 作成 {self.rendered} 件、キャッシュ {self.cached} 件{twins}、{self.seconds:.1f} 秒"


@dataclass(frozen=True)
class _Prepared:
    ref: PackRef
    key: str  # the cache key of its PDF
    pack: Pack | None = None  # None, and no html, when the key came from the input index
    html: str = ""
    error: str | None = None  # a character no font has: the pack fails, the others render


def source_date(pack: Pack) -> str:
    """The document date: SOURCE_DATE_EPOCH when set, else the newest date of the data."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
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
        *template_sources(), fonts.fingerprint(), str(options.pdf_variant), options.profile, options.site_url or ""
    )
    cache = HandoutCache(cache_path(root, options.cache_dir) if options.cache_dir else None, environment)
    coverage = fonts.coverage()
    shown = redact(project, options.profile)
    # What a cohort's print HTML is made from: its data, the municipalities, the code and the date.
    common = code_fingerprint() + shown.model_dump_json(include={"municipalities"}) + str(os.environ.get("SOURCE_DATE_EPOCH"))
    # The checker's findings are printed in the intranet proposals.
    common += repr(sorted((file, [str(d) for d in found]) for file, found in options.findings.items()))
    site_images = image_folders_digest(root / "site_src")  # the fetcher may read images there too
    prepared = []
    for cohort in shown.cohorts:
        if cohort_ids is not None and cohort.id not in cohort_ids:
            continue
        refs = [ref for ref in packs_for(shown, cohort) if select is None or select(ref)]
        folder = root / Path(cohort.loc().file).parent
        # Results' statuses are judged on the reference date: a new day may change them.
        judged = str(today()) if cohort.results else ""
        inputs = cache.key(common + judged + cohort.model_dump_json() + image_folders_digest(folder) + site_images)
        known = cache.index(inputs)
        if all(
            ref.path in known and cache.get(known[ref.path]) and (not options.office or twins_cached(cache, ref, known[ref.path]))
            for ref in refs
        ):
            # Nothing this cohort's packs are made from changed: no Markdown, no HTML.
            prepared += [_Prepared(ref, known[ref.path]) for ref in refs]
            continue
        made = []
        for ref in refs:
            pack = compose(shown, cohort, ref, options.profile, options.findings)
            try:
                html = pack_html(pack, fonts, source_date(pack), options.site_url)
                check_links(html, pack)
            except HandoutError as exc:
                raise PackFailed(_failure(pack, str(exc))) from exc
            try:
                check_glyphs(html, pack, coverage)
                error = None
            except HandoutError as exc:
                error = str(exc)
            made.append(_Prepared(ref, cache.key(html + shown_images(root, html)), pack, html, error))
        keys = {item.ref.path: item.key for item in made if item.error is None}
        if options.office:  # the index names the twins too, so the cache keeps them (prune)
            keys |= {item.ref.twin_path(f): twin_key(item.key, f) for item in made if item.error is None for f in item.ref.twin_formats}
        cache.put_index(inputs, keys)
        prepared += made
    return fonts, cache, prepared


def build_handouts(
    root: Path, project: Project, out_dir: Path, options: HandoutOptions = HandoutOptions(),
    cohort_ids: list[str] | None = None, select: Select | None = None, writer: TwinWriter | None = None,
) -> Summary:
    """Write every pack (or the selected ones) to `out_dir/<ref.path>`.

    With `options.office` and a `writer` (office/handout_twins.OfficeTwins), the Word / PowerPoint
    twins too. Raises FontNotFound before any work, PackFailed naming each failed pack and its sources.
    A failed pack's previous PDF is left as it was.
    """
    started = time.perf_counter()
    root = Path(root).resolve()
    options = options if writer is not None else replace(options, office=False)  # no writer, no twins
    fonts, cache, prepared = prepare(root, project, options, cohort_ids, select)
    total = len(prepared)
    built: list[BuiltPdf] = []
    failures: list[str] = []

    def done(
        item: _Prepared, data_path: Path | None, pdf: bytes | None, pages: int, cached: bool, shared: bool = False
    ) -> None:
        target = out_dir / item.ref.path
        if pdf is None:  # from the cache: linked, not copied (a warm build of 10 cohorts moves 400 PDFs)
            assert data_path is not None
            link_or_copy(data_path, target)
            size = target.stat().st_size
        else:
            write_bytes(target, pdf)
            size = len(pdf)
        built.append(BuiltPdf(item.ref, target, pages, size, cached))
        state = "キャッシュ" if cached else "作成・レイアウト共有" if shared else "作成"
        log.info("%d/%d handouts　%s（%s、%dページ）", len(built) + len(failures), total, item.ref.path, state, pages)

    todo: list[_Prepared] = []
    for item in prepared:
        if item.error is not None:
            assert item.pack is not None  # errors are found while composing, which made the pack
            failures.append(_failure(item.pack, item.error))
            log.error("%d/%d handouts　%s: %s", len(built) + len(failures), total, item.pack.ref.path, item.error)
            continue
        hit = cache.get(item.key)
        if hit is not None:
            done(item, hit.path, None, hit.pages, True)
        elif item.pack is None:
            raise HandoutError(f"{item.ref.path}: キャッシュ（{cache.directory}）が作成中に変更されました。もう一度実行してください")
        else:
            todo.append(item)

    share_layout = options.share_layout
    if share_layout and todo and (problem := fast_path_problem()) is not None:
        log.info("PDF はレイアウトを共有せず、1つずつ丸ごと作成します（WeasyPrint の内部が対応外: %s）", problem)
        share_layout = False
    units = _units(todo, share_layout)
    jobs = {}
    for item in todo:
        assert item.pack is not None  # only composed packs are left to render
        jobs[id(item)] = RenderJob(
            _label(item.ref), item.html, root, fonts, options.pdf_variant,
            timeout=options.render_timeout, largest_part=_largest_part(item), image_dirs=image_dirs(item.pack),
        )

    def finish(item: _Prepared, outcome: _Outcome) -> None:
        assert item.pack is not None  # only packs whose HTML was made are rendered
        for level, message in outcome.logs:
            log.log(level, message)
        if outcome.error is not None:
            failures.append(_failure(item.pack, outcome.error))
            log.error("%d/%d handouts　%s: %s", len(built) + len(failures), total, item.ref.path, outcome.error)
            return
        assert outcome.rendered is not None
        try:
            check_sections(item.pack, outcome.rendered)
        except HandoutError as exc:
            failures.append(_failure(item.pack, str(exc)))
            log.error("%s", exc)
            return
        cache.put(item.key, outcome.rendered.pdf, outcome.rendered.pages)
        done(item, None, outcome.rendered.pdf, outcome.rendered.pages, False, outcome.rendered.shared)

    workers = min(options.worker_count, len(units))
    if workers <= 1:
        for unit in units:
            for item, outcome in zip(unit, _render_unit([jobs[id(item)] for item in unit], share_layout), strict=True):
                finish(item, outcome)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            pending: dict[Future[list[_Outcome]], list[_Prepared]] = {
                pool.submit(_render_unit, [jobs[id(item)] for item in unit], share_layout): unit for unit in units
            }
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    for item, outcome in zip(pending.pop(future), future.result(), strict=True):
                        finish(item, outcome)

    twins: list[BuiltTwin] = []
    if options.office and writer is not None and not failures:
        pages = {b.ref.path: b.pages for b in built}
        sources = [TwinSource(item.ref, item.key, item.pack, item.html) for item in prepared if item.error is None]
        twins = build_twins(root, sources, out_dir, cache, fonts, lambda ref: pages[ref.path], writer)
    summary = Summary(sorted(built, key=lambda b: b.ref.path), time.perf_counter() - started, twins)
    if failures:
        raise PackFailed(f"配布資料（PDF）{len(failures)} 件を作成できませんでした:\n" + "\n".join(failures))
    if removed := cache.prune():
        log.debug("handouts cache: %d files no build used for %d days removed", removed, CACHE_KEEP_DAYS)
    log.info("%s", summary)
    return summary


def _units(todo: list[_Prepared], share_layout: bool) -> list[list[_Prepared]]:
    """Work units for the workers: the packs with a cover page of one cohort go together, so that
    each part they hold is laid out once (segments.py); every other pack is a unit of its own.

    Largest first, so no worker is left with a long unit at the end.
    """
    units: dict[str, list[_Prepared]] = {}
    for item in todo:
        together = share_layout and split(item.html) is not None
        units.setdefault(f"cohort:{item.ref.cohort}" if together else f"alone:{item.key}", []).append(item)
    # Within a unit, each part is laid out once: its size is about its largest pack's HTML.
    return sorted(units.values(), key=lambda unit: max(len(i.html) for i in unit) * (1 + len(unit) / 10), reverse=True)


@dataclass
class _Outcome:
    rendered: Rendered | None
    error: str | None
    logs: list[tuple[int, str]]


class _Collect(logging.Filter):
    """On the handouts logger during one render: keeps each record for the parent to log, in
    order, and drops it here (a worker shows nothing itself, whatever handlers it inherited)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[int, str]] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.records.append((record.levelno, record.getMessage()))
        return False


def _render_unit(jobs: list[RenderJob], share_layout: bool = True) -> list[_Outcome]:
    """Worker body: the packs of one unit, each part laid out once for all of them."""
    layouts = Layouts(needs_of([job.html for job in jobs])) if share_layout else None
    outcomes = [_render_job(job, layouts) for job in jobs]
    del layouts
    gc.collect()  # laid-out boxes hold cycles: free them before the next unit, not at some later point
    return outcomes


def _render_job(job: RenderJob, layouts: Layouts | None = None) -> _Outcome:
    """Render one pack, and hand back the log lines so the parent logs them in order."""
    collect = _Collect()
    log.addFilter(collect)
    try:
        with _time_limit(job.timeout):
            return _Outcome(render(job, layouts), None, collect.records)
    except _TimeUp:
        return _Outcome(None, (
            f"{job.label}: {job.timeout:g} 秒以内に作成できませんでした（最も大きい部分: {job.largest_part}）。"
            "その部分を短くするか分けてください（上限は mkdocs.yml の cohort-handouts の render_timeout）"
        ), collect.records)
    except HandoutError as exc:
        return _Outcome(None, str(exc), collect.records)
    except Exception as exc:  # WeasyPrint's own failures: report, never a bare traceback
        return _Outcome(None, f"{job.label}: PDFの作成に失敗しました（{type(exc).__name__}: {exc}）", collect.records)
    finally:
        log.removeFilter(collect)


class _TimeUp(HandoutError):
    """The project's own: never taken by render.py for a failure of the shared path."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the render after `seconds` (SIGALRM; only where it exists, in a main thread)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def time_up(_signum: int, _frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _largest_part(item: _Prepared) -> str:
    """The part of the pack with the most print HTML, with its source files."""
    assert item.pack is not None  # only packs whose HTML was made are rendered
    found = ((item.html.find(f'id="{part.anchor}"'), part) for part in item.pack.parts)
    starts = sorted(((at, part) for at, part in found if at >= 0), key=lambda pair: pair[0])
    if not starts:
        return f"{item.pack.ref.title}（約{len(item.html):,}文字）"
    ends = [at for at, _ in starts[1:]] + [len(item.html)]
    size, part = max(((end - at, part) for (at, part), end in zip(starts, ends, strict=True)), key=lambda pair: pair[0])
    return f"「{part.title}」（{', '.join(part.sources)}、約{size:,}文字）"


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers start instantly with WeasyPrint already imported.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _label(ref: PackRef) -> str:
    return f"{ref.path}（{ref.title}）"


def _failure(pack: Pack, message: str) -> str:
    return f"- {pack.ref.path}「{pack.ref.title}」: {message}（元のファイル: {', '.join(pack.sources)}）"

