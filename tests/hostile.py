"""Hostile text in every text field: walk the model's classes and objects (no hand-written list of
fields, so a new field is covered the day it is added), write the changed model back as a
project, and read built HTML the way a browser would (attributes, script elements)."""

from __future__ import annotations

import csv
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml
from pydantic import BaseModel

from cohort_site import model as M
from cohort_site.loader import load_project
from site_helpers import ROOT

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    '"><script>',
    "{{ 7*7 }}",
    "{% raw %}",
]

# Strings that would become code in the other formats the project writes (issue 21): a YAML tag
# that runs a command under a tag-running loader (MkDocs reads mkdocs.yml with one), YAML
# break-outs, spreadsheet formulas and a DDE-style call, a CR/LF pair. `{marker}` is the file
# the command would create. (NUL and U+202E are refused by the loader: test_control_characters.)
FORMAT_HOSTILE = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    "x\n  evil: 1",
    '" #',
    "=1+1",
    "@SUM(A1)",
    '=HYPERLINK("http://127.0.0.1:9/","x")',
    "a\r\nb",
]

# String fields that are not text but references the checker resolves (a group id, a file path)
# or values the loader derives (the prefecture comes from the CSV's file name).
NOT_TEXT = {
    ("Proposal", "group"), ("Material", "file"), ("Municipality", "prefecture"), ("Municipality", "code"),
    ("KpiResult", "kpi"),  # a KPI id of the group's proposal
}
# Reference data only named in checker messages, never shown on a page or in a PDF.
NOT_SHOWN = {"Ward"}


def text_fields(cls: type[BaseModel]) -> list[str]:
    """The fields declared as text (model.text_kind: one line, several lines or Markdown); a pattern,
    a normaliser (municipality codes), a Literal or a plain `str` (a reference) is not text."""
    return [
        name for name, info in cls.model_fields.items()
        if (cls.__name__, name) not in NOT_TEXT and M.text_kind(info.annotation, info.metadata) is not None
    ]


def all_text_fields() -> set[tuple[str, str]]:
    """Every (class, field) of the model that holds text."""
    classes = [
        c for c in vars(M).values()
        if isinstance(c, type) and issubclass(c, M.Node) and c is not M.Node and c.__name__ not in NOT_SHOWN
    ]
    return {(c.__name__, f) for c in classes for f in text_fields(c)}


def fitting(value: str, kind: str | None) -> str:
    """`value` as a field of this kind can hold it: a one-line field refuses line breaks (the
    checker's `one-line` error), so there they are spaces; multi-line and Markdown keep them."""
    if kind != M.ONE_LINE:
        return value
    return "".join(" " if char in M.LINE_BREAKS else char for char in value)


def poison(node: M.Node, value: str, seen: set[tuple[str, str]]) -> M.Node:
    """A copy of `node` with `value` in every text field, recursively; records what it changed."""
    update: dict[str, object] = {}
    texts = set(text_fields(type(node)))
    for name in type(node).model_fields:
        current = getattr(node, name)
        if name in texts:
            info = type(node).model_fields[name]
            text = fitting(value, M.text_kind(info.annotation, info.metadata))
            update[name] = [text] * max(len(current), 1) if isinstance(current, list) else text  # None too
            seen.add((type(node).__name__, name))
        elif isinstance(current, M.Node):
            update[name] = poison(current, value, seen)
        elif isinstance(current, (list, tuple)) and current and isinstance(current[0], M.Node):
            update[name] = type(current)(poison(item, value, seen) for item in current)
    return node.model_copy(update=update)


def _dump(node: BaseModel, exclude: set[str] = frozenset()) -> dict:
    return node.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=exclude)


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_project(project: M.Project, dest: Path) -> Path:
    """The project as files (config and hand-written pages copied from the sample)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", dest / "site_src")
    data = dest / "cohort_data"
    (data / "municipalities").mkdir(parents=True)
    with (data / "municipalities" / "13_tokyo.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["code", "name", "kana", "type", "population_2020_preliminary"])
        for m in project.municipalities.values():
            out.writerow([m.code, m.name, m.kana, m.kind, m.population])
    for cohort in project.cohorts:
        folder = data / cohort.id
        source = ROOT / Path(cohort.loc().file).parent
        if (source / "images").is_dir():
            shutil.copytree(source / "images", folder / "images")
        parts = {"sessions", "groups", "proposals", "retrospectives", "faq", "cases", "id", "results", "attendance"}
        _write(folder / "cohort.yml", _yaml(_dump(cohort, parts)))
        for s in cohort.sessions:
            _write(folder / "sessions" / Path(s.loc().file).name, f"---\n{_yaml(_dump(s, {'body'}))}---\n{s.body}")
        for p in cohort.proposals:
            _write(folder / "proposals" / Path(p.loc().file).name, f"---\n{_yaml(_dump(p, {'body'}))}---\n{p.body}")
        for r in cohort.retrospectives:
            _write(folder / "retrospectives" / Path(r.loc().file).name, _yaml(_dump(r)))
        for res in cohort.results:  # results/<code>.yml: the file name is the municipality
            _write(folder / "results" / Path(res.loc().file).name, _yaml(_dump(res, {"municipality"})))
        for a in cohort.attendance:
            _write(folder / "attendance" / Path(a.loc().file).name, _yaml(_dump(a)))
        _write(folder / "groups.yml", _yaml({"groups": [_dump(g) for g in cohort.groups]}))
        _write(folder / "faq.yml", _yaml({"faq": [_dump(x) for x in cohort.faq], "cases": [_dump(x) for x in cohort.cases]}))
    return dest


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hostile_project(value: str, dest: Path) -> tuple[Path, set[tuple[str, str]]]:
    """The sample project with `value` in every text field; returns (root, fields changed)."""
    sample = load_project(ROOT).project
    seen: set[tuple[str, str]] = set()
    municipalities = {code: poison(m, value, seen) for code, m in sample.municipalities.items()}
    cohorts = tuple(poison(c, value, seen) for c in sample.cohorts)
    changed = sample.model_copy(update={"municipalities": municipalities, "cohorts": cohorts})
    return write_project(changed, dest), seen


class Active(HTMLParser):
    """What in a page could run: script elements (inline text or src), event-handler attributes,
    and URL attributes with a script scheme."""

    URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcdoc"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.embedded: list[str] = []  # iframe/object/embed elements
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
            self.scripts.append(dict(attrs).get("src") or "")
        if tag in ("iframe", "object", "embed", "frame"):
            self.embedded.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in self.URL_ATTRS and value and re.match(r"\s*(java|vb)script:", value, re.I):
                self.script_urls.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and self.scripts:
            self.scripts[-1] += data


def active(html: str) -> Active:
    parser = Active()
    parser.feed(html)
    return parser
