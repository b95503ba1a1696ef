"""A municipality's in-house kit: `python build.py kit 131121 [--cohort tokyo-2021]`.

The kit is a small copy of this project that the municipality's trainer unpacks and builds with
the same README commands (`bash scripts/dev.sh site` / `test`). What goes in (decided here):

- the project's code and look: plugins/ (the package only), site_src/, scripts/, pyproject.toml,
  requirements.lock (scripts/dev.sh installs from it), build.py, Makefile, mkdocs.yml (site name changed to the municipality's) and a one-file
  tests/ that checks the kit builds;
- cohort_data/municipalities/ (the project's own reference rows, if any) and one cohort, `inhouse-<FY>`:
  - cohort.yml: title 「<name> 庁内DX研修」, organiser the municipality, the source's aims,
    delivery and channels, and the source's retrospective lessons as improvement_plan;
  - sessions rebased onto the next fiscal year with the rollover's date rule (same weekday of
    the same week of the month), without facilitator notes;
  - groups.yml with the municipality's own group (no members, no mentor) and its proposal as
    the worked example, plus the blank templates of an empty cohort;
- a Japanese README (contents, build, dates, adding groups).

No personal data: members and mentors are never written, and facilitator notes (the
`facilitator_notes` field and `!!! facilitator` blocks) are removed from every file.
The zip is deterministic: sorted entries, fixed timestamps and permissions.

`write_kits` (every kit of a cohort, for the site) reads the project files and rolls the
sessions once per cohort, and zips a kit only when its content changed: zips are kept by
content hash in `.cache/kits/` and linked (or copied) into the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from string import Template

from .. import codes
from ..errors import CohortSiteError
from ..images import image_files
from ..jpdate import fiscal_year_label
from ..loader import DATA_DIR, MUNICIPALITY_DIR
from ..markup import md_text
from ..model import Cohort, Group, Municipality, Project
from ..outputs import kit_filename
from ..profile import redact, strip_facilitator_notes
from ..sources import LocDict, parse_yaml
from ..storage import cache_path, link_or_copy, read_index, write_bytes
from ..yamltext import comment, dump_fragment, plain, replace_key
from .rollover import (
    DateRule,
    carried_over,
    example_files,
    improvement_fragment,
    moved_period,
    roll_sessions,
    same_weekday_of_month,
    split_front_matter,
    template,
)

# Project files copied as they are (folders recursively), relative to the project root.
PROJECT_FOLDERS = ("plugins", "site_src", "scripts")
PROJECT_FILES = ("pyproject.toml", "requirements.lock", "build.py", "Makefile", ".gitignore", "ARCHITECTURE.md")
SKIPPED_PARTS = ("__pycache__", ".pytest_cache", ".DS_Store")
SKIPPED_SUFFIXES = (".pyc", ".egg-info", ".partial")
EXECUTABLE = ("build.py", "scripts/dev.sh")
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip timestamps: local time, no time zone; any fixed value
KIT_CACHE_DIR = ".cache/kits"  # relative to the project root, outside the site
KIT_FORMAT = "1"  # bump when zip_bytes changes how the same files are zipped


class KitError(CohortSiteError, ValueError):
    """A kit that cannot be made; the message is Japanese and names the cause."""


@dataclass(frozen=True)
class KitRequest:
    """Whose kit, from which cohort."""

    project: Project
    cohort: Cohort
    municipality: Municipality

    @property
    def fiscal_year(self) -> int:
        return self.cohort.fiscal_year + 1

    @property
    def cohort_id(self) -> str:
        return f"inhouse-{self.fiscal_year}"

    @property
    def title(self) -> str:
        return f"{self.municipality.name} 庁内DX研修"

    @property
    def group(self) -> Group | None:
        return self.cohort.group_of(self.municipality.code)

    @property
    def folder(self) -> str:
        """The kit's top folder inside the zip, e.g. kit-131121-tokyo-2021."""
        return kit_filename(self.municipality.code, self.cohort.id).removesuffix(".zip")


def request(project: Project, cohort: Cohort, code: str, public: Project | None = None) -> KitRequest:
    """`public`: redact(project, "public") when the caller has it already (one per cohort)."""
    code = str(codes.normalise_code(code))
    municipality = project.municipalities.get(code)
    if municipality is None:
        raise KitError(codes.code_problem(code) or f"団体コード {code} は参照データ（全国の自治体と {DATA_DIR}/{MUNICIPALITY_DIR}/）にありません")
    if code not in cohort.participating_codes():
        raise KitError(f"{municipality.name}（{code}）は研修「{cohort.id}」のどのグループにも入っていません")
    # Everything below reads the public view: no members, no mentors, no facilitator notes.
    public = public or redact(project, "public")
    return KitRequest(public, public.cohort(cohort.id) or cohort, municipality)


# --- the project part (the same for every municipality) -------------------------------------


def _skipped(rel: PurePosixPath) -> bool:
    return any(p in SKIPPED_PARTS or p.endswith(SKIPPED_SUFFIXES) for p in rel.parts)


def project_files(root: Path) -> dict[str, bytes]:
    """The code, look and reference data, by path relative to the project root."""
    found: dict[str, bytes] = {}
    for name in PROJECT_FILES:
        if (root / name).is_file():
            found[name] = (root / name).read_bytes()
    for folder in PROJECT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            rel = PurePosixPath(path.relative_to(root).as_posix())
            if path.is_file() and not _skipped(rel):
                found[rel.as_posix()] = path.read_bytes()
    for path in sorted((root / DATA_DIR / MUNICIPALITY_DIR).glob("*.csv")):
        found[f"{DATA_DIR}/{MUNICIPALITY_DIR}/{path.name}"] = path.read_bytes()
    if (root / DATA_DIR / "checker.yml").is_file():
        found[f"{DATA_DIR}/checker.yml"] = (root / DATA_DIR / "checker.yml").read_bytes()
    return found


def _renamed_site(text: str, name: str) -> str:
    """mkdocs.yml with the municipality's site name, written by the YAML emitter (MkDocs reads
    mkdocs.yml with a loader that runs Python tags, so the name must stay a plain string)."""
    line = dump_fragment("site_name", f"{name} 庁内DX研修 資料サイト").rstrip("\n")
    return re.sub(r"(?m)^site_name:.*$", lambda _: line, text, count=1)


def _renamed_home(text: str, kit: KitRequest) -> str:
    """The hand-written home page with the municipality's heading and a line on the source
    (values through `md_text`: shown as written, never Markdown or HTML)."""
    heading = (
        f"# {md_text(kit.title)} 資料サイト\n\n"
        f"{md_text(kit.cohort.title)}（{md_text(kit.cohort.organiser)}）の教材をもとに、"
        f"{md_text(kit.municipality.name)}が庁内で行う研修の資料サイトです。\n"
    )
    return re.sub(r"(?m)^# .*\n?", lambda _: heading, text, count=1)


# --- the cohort part ------------------------------------------------------------------------


def _without_notes(front: str, data: LocDict, file: str) -> str:
    return _notes_out_of_values(replace_key(front, data, "facilitator_notes", None, line_offset=1), file)


def _notes_out_of_values(front: str, file: str) -> str:
    """Front matter (file positions: line_offset 1) without a facilitator block in any value: a
    Markdown field written in the front matter (a proposal's scope, a homework's description)
    can hold one too. Each key whose value held one is written again by the YAML emitter."""
    data, _ = parse_yaml(front, file, 1)
    for key in list(data.key_locs) if isinstance(data, LocDict) else []:
        value = plain(data[key])
        stripped = _stripped(value)
        if stripped != value:
            data, _ = parse_yaml(front, file, 1)
            front = replace_key(front, data, key, dump_fragment(key, stripped), line_offset=1)
    return front


def _stripped(value: object) -> object:
    """Plain data with the facilitator blocks removed from every string in it."""
    if isinstance(value, str):
        kept = strip_facilitator_notes(value)
        return kept if kept == value else kept.rstrip() + ("\n" if value.endswith("\n") else "")
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    return value


def _cohort_yml(kit: KitRequest, period: tuple[dt.date, dt.date], lessons: list[str]) -> str:
    source = kit.cohort
    description = (
        f"{md_text(source.title)}（{md_text(source.organiser)}）の教材をもとに、{md_text(kit.municipality.name)}が庁内で行う研修です。\n"
        "各回のねらい・進行表・宿題は元の研修のものです。自分たちの研修に合わせて書き換えてください。\n"
    )
    if source.sample:
        description = (
            '!!! note "サンプルデータです"\n'
            "    元の研修と同じく、内容はサイト生成ツールの動作確認のための架空のサンプルです。\n\n" + description
        )
    head = comment(
        f"{kit.title}：{source.title}（{source.organiser}）の教材をもとにした庁内研修キットです。",
        f"日付（period と sessions/*.md の date）は{fiscal_year_label(kit.fiscal_year)}の同じ週・同じ曜日に仮置きしています。",
        "回・グループ・提案書・振り返りは同じフォルダの別ファイルに書きます（README.md を参照）。",
    )
    parts = [
        dump_fragment("id", kit.cohort_id),
        dump_fragment("title", kit.title),
        dump_fragment("sample", source.sample),
        dump_fragment("fiscal_year", kit.fiscal_year),
        dump_fragment("period", {"start": period[0], "end": period[1]}),
        dump_fragment("organiser", kit.municipality.name),
        dump_fragment("platform", source.platform) if source.platform else "",
        dump_fragment("delivery", source.delivery),
        dump_fragment("aims", list(source.aims)),
        dump_fragment("channels", [c.model_dump(exclude_defaults=True) for c in source.channels]),
        improvement_fragment(source, lessons),
        dump_fragment("description", description),
    ]
    return head + "".join(parts)


def _groups_yml(kit: KitRequest) -> str:
    group = kit.group
    assert group is not None  # request() made sure
    example = {
        "id": group.id,
        "name": f"{group.name}（{fiscal_year_label(kit.cohort.fiscal_year)}の作成例）",
        "municipalities": list(group.municipalities),
    }
    names = {code: m.name for code, m in kit.project.municipalities.items()}
    groups = re.sub(
        r"""(?m)^(\s+- '(\d{6})')$""", lambda m: f"{m.group(1)}  {comment(names.get(m.group(2), ''))}".rstrip(" #\n"),
        dump_fragment("groups", [example]),
    )
    note = comment(
        f"最初のグループは、{kit.cohort.title}で{kit.municipality.name}が参加したグループです",
        "（提案書の作成例 proposals/ と対になっています）。使わないときは消して構いません。",
    )
    comments = [ln for ln in template("groups.yml").splitlines(keepends=True) if ln.startswith("#")]
    return "".join(comments) + note + groups


def _proposal_md(root: Path, kit: KitRequest) -> tuple[str, str] | None:
    """(file name, text) of the group's proposal as the worked example, without facilitator notes."""
    proposal = kit.cohort.proposal_of(kit.group.id) if kit.group else None
    if proposal is None or kit.group is None:
        return None
    file = proposal.loc().file
    opening, front, rest, _ = split_front_matter((root / file).read_text(encoding="utf-8-sig"), file)
    front = _notes_out_of_values(front, file)
    note = comment(f"作成例：{kit.cohort.title}で{kit.group.name}がまとめた提案書です（内容は当時のまま）。")
    return PurePosixPath(file).name, strip_facilitator_notes(opening + note + front + rest)


@dataclass(frozen=True)
class RolledSessions:
    """The part of a kit's cohort that is the same for every municipality of the source cohort."""

    files: dict[str, str]  # sessions/*.md rebased, without notes, by path in the cohort folder
    period: tuple[dt.date, dt.date]
    first_session: dt.date | None
    lessons: list[str]
    # group id -> its proposal as the worked example, filled by the first kit of the group
    proposals: dict[str, tuple[str, str] | None] = field(default_factory=dict)


def roll_for_kit(root: Path, kit: KitRequest) -> RolledSessions:
    rule = DateRule(years=kit.fiscal_year - kit.cohort.fiscal_year)
    sessions, moves, _ = roll_sessions(root, kit.cohort, rule, edit=_without_notes)
    period_start, period_end, _ = moved_period(kit.cohort, rule, moves)
    return RolledSessions(
        {path: strip_facilitator_notes(text) for path, text in sessions.items()},
        (period_start, period_end), moves[0].new if sessions else None, carried_over(kit.cohort),
    )


def cohort_files(root: Path, kit: KitRequest, rolled: RolledSessions | None = None) -> dict[str, str | bytes]:
    """The kit's cohort folder, by path relative to the project root."""
    rolled = rolled or roll_for_kit(root, kit)
    files: dict[str, str | bytes] = dict(rolled.files)
    files.update(example_files())
    files.update(image_files(root, kit.cohort.loc().file, kit.cohort.id))
    files["cohort.yml"] = _cohort_yml(kit, rolled.period, rolled.lessons)
    files["groups.yml"] = _groups_yml(kit)
    group_id = kit.group.id if kit.group else ""
    if group_id not in rolled.proposals:
        rolled.proposals[group_id] = _proposal_md(root, kit)
    proposal = rolled.proposals[group_id]
    if proposal is not None:
        files[f"proposals/{proposal[0]}"] = proposal[1]
    found = {f"{DATA_DIR}/{kit.cohort_id}/{path}": text for path, text in files.items()}
    found["README.md"] = _readme(kit, len(rolled.files), proposal is not None, rolled.first_session)
    found["tests/test_kit_site.py"] = template("kit_test_site.py")
    return found


def _readme(kit: KitRequest, session_count: int, has_proposal: bool, first_session: dt.date | None) -> str:
    group = kit.group
    next_start = same_weekday_of_month(first_session, 1)[0] if first_session else None
    values = {
        "title": md_text(kit.title),
        "name": md_text(kit.municipality.name),
        "code": kit.municipality.code,
        "cohort_id": kit.cohort_id,
        "source_title": md_text(kit.cohort.title),
        "source_organiser": md_text(kit.cohort.organiser),
        "session_count": session_count,
        "fiscal_year": kit.fiscal_year,
        "fiscal_label": fiscal_year_label(kit.fiscal_year),
        "name_hint": f"inhouse-{kit.fiscal_year + 1}",
        "sample_note": "\n> この研修の内容は、サイト生成ツールの動作確認のための**架空のサンプル**です。\n"
        if kit.cohort.sample
        else "",
        "example_group_note": f"{md_text(kit.municipality.name)}が参加した「{md_text(group.name)}」を作成例として入れています（氏名などは含みません）"
        if group
        else "",
        "example_proposal_note": f"「{md_text(group.name)}」の提案書（作成例）。" if group and has_proposal else "",
    }
    text = Template(template("kit_README.md")).substitute(values)
    return text.replace("2026-10-13", next_start.isoformat()) if next_start else text


# --- putting it together --------------------------------------------------------------------


def own_files(
    root: Path, kit: KitRequest, common: dict[str, bytes], rolled: RolledSessions | None = None
) -> dict[str, bytes]:
    """The files that are this municipality's own (they replace or join the common ones)."""
    site_config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    found = {"mkdocs.yml": _renamed_site(site_config, kit.municipality.name).encode()}
    home = "site_src/index.md"
    if home in common:
        found[home] = _renamed_home(common[home].decode("utf-8"), kit).encode()
    found.update({
        path: text if isinstance(text, bytes) else text.encode("utf-8")
        for path, text in cohort_files(root, kit, rolled).items()
    })
    return found


def kit_files(root: Path, kit: KitRequest, common: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Every file of the kit, by path relative to the kit's top folder."""
    common = common if common is not None else project_files(root)
    return {**common, **own_files(root, kit, common)}


def files_digest(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return digest.hexdigest()


def zip_bytes(folder: str, files: dict[str, bytes]) -> bytes:
    """A deterministic zip: one top folder, sorted entries, fixed times and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=FIXED_TIME)
            mode = 0o755 if path in EXECUTABLE else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.create_system = 3  # Unix, so the permissions are read back
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path], compresslevel=9)
    return out.getvalue()


# A municipality's code -> files added to its kit: the editable handouts (handouts/twins.kit_twins),
# given by the caller, as exports/ never imports handouts/.
ExtraFiles = Callable[[str], dict[str, bytes]]


def build_kit(
    root: Path, project: Project, cohort: Cohort, code: str, common: dict[str, bytes] | None = None,
    extra_files: ExtraFiles | None = None,
) -> tuple[str, bytes]:
    """(file name, zip bytes) of one municipality's kit."""
    kit = request(project, cohort, code)
    files = kit_files(root, kit, common) | (extra_files(kit.municipality.code) if extra_files else {})
    return kit_filename(kit.municipality.code, cohort.id), zip_bytes(kit.folder, files)


def write_kit(
    root: Path, project: Project, cohort: Cohort, code: str, out_dir: Path, extra_files: ExtraFiles | None = None
) -> Path:
    name, data = build_kit(Path(root), project, cohort, code, extra_files=extra_files)
    target = Path(out_dir) / name
    write_bytes(target, data)
    return target


def write_kits(
    project_root: Path | str, project: Project, cohort: Cohort, out_dir: Path | str,
    cache_dir: Path | None = None, extra_files: ExtraFiles | None = None,
) -> list[Path]:
    """Every participating municipality's kit of `cohort` into `out_dir` (the site's kits/).

    A kit is zipped only when its files changed: the zip is kept under the hash of its files
    in `cache_dir` (default `<root>/.cache/kits`) and linked or copied into `out_dir`. An index
    keyed by what the kits are made from (the project's files, the cohort's folder and model)
    names those zips, so when nothing changed no kit's files are even made. `extra_files` adds
    files to each kit (made only when the index misses; the index knows whether they were asked for).
    """
    root = Path(project_root)
    cache = cache_dir or cache_path(root, KIT_CACHE_DIR)
    common = project_files(root)
    common_digest = files_digest(common)
    codes_ = [code for code in dict.fromkeys(cohort.participating_codes()) if code in project.municipalities]
    # (the checker reports unknown codes; the downloads page has no pack for them either)
    inputs = _kit_inputs(root, project, cohort, codes_, common_digest) + ("+extra" if extra_files else "")
    index = cache / "index" / f"{hashlib.sha256(inputs.encode()).hexdigest()}.json"
    known = read_index(index)
    if known is None or any(not (cache / key[:2] / f"{key}.zip").is_file() for key in known.values()):
        known = {}
        public = redact(project, "public")
        rolled: RolledSessions | None = None
        for code in codes_:
            kit = request(project, cohort, code, public)
            rolled = rolled or roll_for_kit(root, kit)
            own = own_files(root, kit, common, rolled) | (extra_files(code) if extra_files else {})
            key = hashlib.sha256(f"{KIT_FORMAT}\0{kit.folder}\0{common_digest}\0{files_digest(own)}".encode()).hexdigest()
            cached = cache / key[:2] / f"{key}.zip"
            if not cached.is_file():
                write_bytes(cached, zip_bytes(kit.folder, {**common, **own}))
            known[kit_filename(code, cohort.id)] = key
        write_bytes(index, json.dumps(known, sort_keys=True).encode())
    written = []
    for filename, key in known.items():
        target = Path(out_dir) / filename
        link_or_copy(cache / key[:2] / f"{key}.zip", target)
        written.append(target)
    return written


def _kit_inputs(root: Path, project: Project, cohort: Cohort, codes_: list[str], common_digest: str) -> str:
    """Hash of everything a cohort's kits are made from: the project's files (code, look,
    reference data), the site config, every file of the cohort's folder, its model and its
    municipalities. The public view and the rolled sessions are functions of these and the code."""
    digest = hashlib.sha256(f"{KIT_FORMAT}\0{common_digest}\0".encode())
    digest.update((root / "mkdocs.yml").read_bytes() if (root / "mkdocs.yml").is_file() else b"")
    folder = (root / cohort.loc().file).parent
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(cohort.model_dump_json().encode())
    digest.update("".join(project.municipalities[code].model_dump_json() for code in codes_).encode())
    return digest.hexdigest()
