"""Reading a goal statement or a KPI indicator: method or outcome, output or use/effect.

A goal is read at its head, the final predicate, with the analyser of japanese.py:
- an action of the organisation (導入する, 開設する, 〜の推進, 〜化) makes it a method;
- using or doing something (活用する, 行う) is a method as a plan (生成AIを全庁で活用する), and an
  outcome only as a person's state (職員が生成AIを活用できている);
- a state whose subject is a tool or a provision (電子申請が使える状態, 〜できる環境が整っている) is a
  method dressed as a state;
- a person's state (住民が…できている) or a quantity's change (…が減っている, …以内になっている) is an
  outcome, whatever tool is named as its means (電子申請により、保護者が…終えられている).
A KPI is read at the act nearest its measure word: an output act (導入, 開催, 受講) or a count of
tools is an output; a resident's or staff member's act (利用, 来庁, 残業) or a rate, time or
satisfaction is use or effect.

The word lists come from the checker's configuration (defaults.yml, cohort_data/checker.yml).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..japanese import Morpheme, analyse
from .config import LEXICONS, CheckerConfig

_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9\-\.+&]*$")
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
_TAIL_VERBS = {"いる", "おる", "ある", "いく", "くる", "しまう", "おく", "みる", "なる", "する", "できる", "済む", "もらう"}
_POTENTIAL = {"できる", "られる", "れる", "える", "得る"}
_NEGATION = {"ない", "ず", "ぬ", "ん"}
_SUBJECT_PARTICLES = {"が", "は", "も"}


@dataclass(frozen=True)
class Lexicon:
    """The configured word lists, looked up by name (see defaults.yml)."""

    lists: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, config: CheckerConfig) -> Lexicon:
        return cls({name: config.words(name) for name in LEXICONS})

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.lists[name]


@dataclass(frozen=True)
class Reading:
    """What the checker read in a statement: its verdict and the words that decided it."""

    is_method: bool  # for a KPI: counts outputs
    head: str = ""  # the deciding word as written (導入する, オンライン化, 使える, a checker.yml keyword)
    why: str = ""  # "keyword", "action" (the organisation acts), "ka" (〜化), "thing" (a tool's state)
    tools: tuple[str, ...] = ()  # tools and technologies named (AIチャットボット, kintone)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word that makes it a method, tools first."""
        return tuple(dict.fromkeys([*self.tools, self.head])) if self.head else self.tools


# --- goals ---------------------------------------------------------------------------------------

@dataclass
class _Head:
    index: int  # position of the head morpheme
    state: bool = False  # ている, できる, られる, なる, 状態 …: describes a state, not a plan
    negated: bool = False


def read_goal(text: str, lex: Lexicon) -> Reading:
    """Is this goal statement a method? The head of the sentence decides."""
    norm = _norm(text)
    extra = [k for k in lex["method_keywords"] if k in norm]
    if extra:
        return Reading(True, extra[0], "keyword")
    ms = [m for m in analyse(norm) if m.pos[0] not in ("補助記号", "空白") or m.surface in "、,-・"]
    while ms and ms[-1].surface in "、,":
        ms.pop()
    if not ms:
        return Reading(False)
    return _judge(ms, _find_head(ms, lex), lex)


def _find_head(ms: list[Morpheme], lex: Lexicon) -> _Head:
    """The final predicate, past auxiliaries and transparent nouns (状態, よう), and through
    wrappers (待ち時間の短縮を目指す -> 短縮)."""
    head = _Head(len(ms) - 1)
    i = len(ms) - 1
    while i > 0:
        m = ms[i]
        if m.pos[0] in ("助動詞", "助詞") or (m.pos[0] in ("動詞", "形容詞") and m.pos[1] == "非自立可能" and m.lemma in _TAIL_VERBS | {"ない", "よい", "いい"}):
            if m.lemma in _NEGATION or (m.pos[0] == "形容詞" and m.lemma == "ない"):
                head.negated = True
            if m.lemma in _POTENTIAL or m.lemma in {"いる", "おる", "なる", "ある", "済む"}:
                head.state = True
            i -= 1
            continue
        if m.lemma in lex["transparent_nouns"] and i > 0 and ms[i - 1].pos[0] in ("動詞", "助動詞", "形容詞", "助詞"):
            head.state = True
            i -= 1
            continue
        break
    head.index = i
    m = ms[i]
    if m.lemma in lex["wrapper_predicates"]:
        obj = _marked_before(ms, i, {"を", "の"})
        if obj is not None:
            return _Head(obj, head.state, head.negated)
    if m.pos[0] == "動詞" and m.normalized != m.lemma:
        head.state = True  # a potential verb (使える -> 使う) describes what can be done
    return head


def _marked_before(ms: list[Morpheme], i: int, particles: set[str]) -> int | None:
    """Index of the last noun of the phrase marked by one of `particles` right before `i`."""
    if i > 1 and ms[i - 1].surface in particles and ms[i - 2].pos[0] in ("名詞", "接尾辞"):
        return i - 2
    if i > 0 and ms[i - 1].pos[0] in ("名詞", "接尾辞"):  # 〜の実現 (noun + サ変 noun)
        return i - 1
    return None


def _clause_start(ms: list[Morpheme], i: int) -> int:
    """Start of the clause that ends at `i`: after a comma that closes an earlier clause."""
    j = i - 1
    while j >= 0:
        if ms[j].surface in "、," and j > 0 and ms[j - 1].pos[0] in ("動詞", "形容詞", "助動詞") and ms[j - 1].lemma not in {"よる", "だ"}:
            return j + 1
        j -= 1
    return 0


def _subject(ms: list[Morpheme], start: int, i: int) -> list[Morpheme] | None:
    """The phrase marked by が/は/も nearest before the head (within the clause)."""
    for j in range(i - 1, start, -1):
        if ms[j].surface in _SUBJECT_PARTICLES and ms[j].pos[0] == "助詞":
            k = j
            while k > start and ms[k - 1].surface in _SUBJECT_PARTICLES:
                k -= 1
            phrase = _phrase_before(ms, k, start)
            if phrase:
                return phrase
    return None


def _phrase_before(ms: list[Morpheme], j: int, start: int) -> list[Morpheme]:
    k = j
    while k > start and (ms[k - 1].pos[0] in ("名詞", "接尾辞", "接頭辞", "代名詞") or ms[k - 1].surface in "-・"):
        k -= 1
    return ms[k:j]


def _judge(ms: list[Morpheme], head: _Head, lex: Lexicon) -> Reading:
    h = ms[head.index]
    start = _clause_start(ms, head.index)
    clause = ms[start:head.index + 1]
    tools = _tools(clause, lex)
    subject = _subject(ms, start, head.index)
    people = subject is not None and _is_people(subject, lex)
    written = _as_written(ms, head.index)

    def method(why: str, named: list[str] = tools) -> Reading:
        return Reading(True, written, why, tuple(t for t in named if t != written))

    ka = _ka_stem(ms, head.index)
    if ka is not None:
        return Reading(False) if _is_effect_stem(ka, lex) else method("ka")
    if _in(h, lex["effect_predicates"]):
        owner = _owner(ms, start, head.index)
        if owner and kpi_is_output(owner, lex):
            return method("thing", _tools(owner, lex))
        return Reading(False)
    if _in(h, lex["activity_predicates"]):
        if people and head.state:
            return Reading(False)
        if not head.state:
            return method("action")
        return method("thing") if _is_thing(subject, lex) or tools else Reading(False)
    if _in(h, lex["method_predicates"]):
        if head.state and subject and _is_thing(subject, lex):  # 体制が整っている
            return method("thing", [*_tools(subject, lex), *_provisions(subject, lex)])
        return method("action")
    if h.pos[0] == "名詞" and (_tools([h], lex) or _in(h, lex["provision_nouns"])):
        return method("thing")
    if head.state or h.pos[0] in ("動詞", "形容詞", "名詞"):
        if people:
            return Reading(False)
        if subject and _is_thing(subject, lex):
            return method("thing", [*_tools(subject, lex), *_provisions(subject, lex)])
        if subject is None and tools and not head.negated and h.pos[0] != "形容詞":
            return method("thing")
    return Reading(False)


def _owner(ms: list[Morpheme], start: int, i: int) -> list[Morpheme] | None:
    """What changes, with the words that qualify it: 電子申請が使える手続き(が増えている)."""
    for j in range(i - 1, start, -1):
        if ms[j].surface in _SUBJECT_PARTICLES | {"を"} and ms[j].pos[0] == "助詞":
            return ms[start:j] or None
    return None


def _is_thing(phrase: list[Morpheme] | None, lex: Lexicon) -> bool:
    """A tool, a provision or a 〜化 as the subject of a state."""
    if not phrase:
        return False
    last = phrase[-1]
    ka = _ka_stem(phrase, len(phrase) - 1)
    return bool(_tools(phrase, lex)) or _in(last, lex["provision_nouns"]) or (ka is not None and not _is_effect_stem(ka, lex))


def _provisions(phrase: list[Morpheme], lex: Lexicon) -> list[str]:
    return [m.surface for m in phrase if _in(m, lex["provision_nouns"])]


def _is_effect_stem(stem: str, lex: Lexicon) -> bool:
    """効率 and 業務効率 (業務効率化) name an effect."""
    return any(stem.endswith(s) for s in lex["effect_ka_stems"])


def _is_people(phrase: list[Morpheme], lex: Lexicon) -> bool:
    last = phrase[-1].surface
    if phrase[-1].pos[0] == "接尾辞" and len(phrase) > 1:
        last = phrase[-2].surface + last
    return any(last.endswith(w) for w in lex["people_words"])


def _ka_stem(ms: list[Morpheme], i: int) -> str | None:
    """The stem of a 〜化 head (オンライン化 -> オンライン), or None."""
    m = ms[i]
    if m.surface == "化" and i > 0:
        return ms[i - 1].surface
    if m.pos[0] == "名詞" and len(m.surface) > 1 and m.surface.endswith("化"):
        return m.surface[:-1]
    return None


def _as_written(ms: list[Morpheme], i: int) -> str:
    """The head as the author wrote it (導入 + する -> 導入する, オンライン + 化 -> オンライン化)."""
    m = ms[i]
    if m.surface == "化" and i > 0:
        return ms[i - 1].surface + "化"
    if i + 1 < len(ms) and ms[i + 1].lemma == "する" and m.pos[0] == "名詞":
        return m.surface + "する"
    return m.lemma if m.pos[0] == "動詞" else m.surface


def _in(m: Morpheme, words: tuple[str, ...]) -> bool:
    return m.lemma in words or m.surface in words or m.normalized in words


def _tools(ms: list[Morpheme], lex: Lexicon) -> list[str]:
    """Tool words in these morphemes, each with the compound it is part of, as written
    (生成AI, kintone, LINE公式アカウント, AI-OCR, ペーパーレス会議 …)."""
    found: list[str] = []
    skip = {w.casefold() for w in lex["non_tool_latin"]}
    run: list[Morpheme] = []
    for m in [*ms, None]:
        if m is not None and (m.pos[0] in ("名詞", "接頭辞", "接尾辞") or m.surface in "-・"):
            run.append(m)
            continue
        if any(_is_tool(r, lex, skip) for r in run):
            found.append("".join(r.surface for r in run).strip("-・"))
        run = []
    return list(dict.fromkeys(found))


def _is_tool(m: Morpheme, lex: Lexicon, skip: set[str]) -> bool:
    s = m.surface
    if _LATIN.match(s) and len(s) >= 2:
        return s.casefold() not in skip
    return m.pos[0] == "名詞" and any(_contains(s, w) for w in lex["tool_words"])


def _contains(surface: str, word: str) -> bool:
    if word.isascii():
        return re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", surface, re.I) is not None
    return word in surface


# --- KPIs ----------------------------------------------------------------------------------------

def read_kpi(indicator: str, lex: Lexicon) -> Reading:
    """Does this KPI count outputs (things made, installed, held, distributed)?"""
    norm = _norm(indicator)
    extra = [k for k in lex["output_kpi_keywords"] if k in norm]
    if extra:
        return Reading(True, extra[0], "keyword")
    ms = [m for m in analyse(_BRACKETS.sub("", norm), "A") if m.pos[0] not in ("補助記号", "空白")]
    if not ms:
        return Reading(False)
    if any(m.surface in lex["duration_measures"] for m in ms[-2:]):
        return Reading(False)
    word = _output_word(ms, lex)
    return Reading(True, word, "action") if word else Reading(False)


def kpi_is_output(ms: list[Morpheme], lex: Lexicon) -> bool:
    """The same reading for a phrase already analysed (the subject of 〜が増えている)."""
    return read_kpi("".join(m.surface for m in ms), lex).is_method


def _output_word(ms: list[Morpheme], lex: Lexicon) -> str:
    """The word that makes this measure a count of outputs, or "" for use/effect."""
    for i in range(len(ms) - 1, -1, -1):
        m = ms[i]
        ka = _ka_stem(ms, i)
        if ka is not None and not _is_effect_stem(ka, lex):
            return _as_written(ms, i)
        if _in(m, lex["wrapper_predicates"]):
            continue
        if m.lemma in lex["outcome_events"] or m.surface in lex["outcome_events"] or _in(m, lex["effect_predicates"]):
            return ""  # not the normalised form: 使える (available) is not 使う (used)
        if _in(m, lex["method_predicates"]) or _in(m, lex["activity_predicates"]):
            return m.surface
    counted = any(m.surface in lex["count_measures"] for m in ms[-2:])
    tools = _tools(ms, lex)
    if counted and tools:  # a count of tools: kintoneアプリ数 -> kintoneアプリ
        tool = tools[0]
        for measure in sorted(lex["count_measures"], key=len, reverse=True):
            if tool.endswith(measure) and len(tool) > len(measure):
                return tool[: -len(measure)]
        return tool
    return ""


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", " ".join(text.split())).strip().rstrip("。．.")
