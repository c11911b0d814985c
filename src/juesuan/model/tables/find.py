"""Identify the nine standard tables: titles, table codes, money units, empty statements.

* ``classify_title(text)`` -> ``(table id, score, code)`` when a short line is the title
  of one of T1..T9 (aliases from ``juesuan.vocab.catalog``, the longest alias wins, jellyfish
  similarity as a fallback for near misses); narrative headings ("…决算情况说明") and
  sentences are rejected.
* ``parse_table_code(text)`` -> ``(number, printed code)`` for "公开01表", "公开表01",
  "公开 01 表", "表1", "（表 1）".
* ``classify_header(text, number)`` -> table id from a table's header words, used when
  only a code identifies a table (the 7th/8th/9th tables differ by template); the
  header must agree with one of the tables the number can stand for.
* ``money_unit(text)``, ``empty_statement(text, tid, near)``.

The document kind (决算 | 预算, ``document_kind``) selects the catalog: under 预算 the
titles are matched against the budget aliases (Y1..Y9) and every answer is a Y id; the
keyword checks work on the table's 决算 layout id (``base_id``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from juesuan.text.normalize import normalize_label
from juesuan.text.similarity import jaro_winkler
from juesuan.vocab.catalog import BUDGET_TABLES, TABLES, base_id, table_id_for

# alias (normalised label) -> table id, longest first
_ALIASES: list[tuple[str, str]] = sorted(
    {(normalize_label(a), t.id) for t in TABLES for a in (t.canonical, *t.aliases)},
    key=lambda p: -len(p[0]),
)
# extra spellings seen in the wild
_ALIASES_EXTRA: list[tuple[str, str]] = [
    (normalize_label("一般公共预算财政拨款三公经费支出决算表"), "T7"),
    (normalize_label("三公经费支出决算表"), "T7"),
    (normalize_label("三公经费支出表"), "T7"),
    (normalize_label("部门收支决算总表"), "T1"),
    (normalize_label("收入支出决算总表"), "T1"),
    (normalize_label("一般公共预算财政拨款基本支出决算明细表"), "T6"),
    (normalize_label("一般公共预算基本支出决算表"), "T6"),
    (normalize_label("一般公共预算财政拨款支出决算明细表"), "T5"),
    (normalize_label("政府性基金预算财政拨款收支决算表"), "T8"),
    (normalize_label("国有资本经营预算财政拨款收支决算表"), "T9"),
    (normalize_label("财政拨款收支决算总表"), "T4"),
]
_ALL_ALIASES = sorted(set(_ALIASES + _ALIASES_EXTRA), key=lambda p: -len(p[0]))
_BUDGET_ALIASES: list[tuple[str, str]] = sorted(
    {(normalize_label(a), t.id) for t in BUDGET_TABLES for a in (t.canonical, *t.aliases)},
    key=lambda p: -len(p[0]),
)

_KIND: ContextVar[str] = ContextVar("juesuan_document_kind", default="决算")


@contextmanager
def document_kind(kind: str | None) -> Iterator[None]:
    """Within the block, titles and headers are matched against the catalog of ``kind``."""
    token = _KIND.set(kind or "决算")
    try:
        yield
    finally:
        _KIND.reset(token)

_CODE_PATTERNS = (
    re.compile(r"公开\s*0?(\d{1,2})\s*表"),
    re.compile(r"公开\s*表\s*0?(\d{1,2})"),
    re.compile(r"[（(]\s*表\s*(\d{1,2})\s*[）)]"),
    re.compile(r"^\s*表\s*(\d{1,2})\s*$"),
    re.compile(r"^\s*附?表\s*(\d{1,2})\s*[:：\s]"),
)
_NUMBERING = re.compile(
    r"^(?:[-*#>\s]+)?(?:第[一二三四五六七八九十]+部分)?\s*"
    r"(?:[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]\d{1,2}[）)]|\d{1,2}[、.．](?!\d))?\s*"
)
_LEADERS = re.compile(r"(?:[.．。·…⋯_\-—]{3,}|…+)\s*\d*\s*$")
_TRAIL_PAGE = re.compile(r"\s+\d{1,3}\s*$")
_BAD_WORDS = ("说明", "情况", "解释", "为空表", "无数据", "详见", "见附", "附件")
_SENTENCE = re.compile(r"[，。；！？,;]")
_QUALIFIER = r"(财政拨款|预算|基金|资本经营|采购|项目|经费|运行|基本|专项|财政|人员|公用|债务|转移支付|社保|保险|资产|国库)$"
# under 预算 a title's prefix names the kind of budget ("预算单位收入预算总表", "部门预算收支总表")
_QUALIFIER_BUDGET = _QUALIFIER.replace("|预算|", "|").replace("(财政拨款|", "(财政拨款|拨款|其他|政府采购|")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")


def _budget_keywords_agree(label: str, tid: str) -> bool:
    """A budget title naming 三公 / 政府性基金 / 国有资本经营 is that table, and only it
    ("政府性基金预算拨款支出预算表" is Y8, not the 支出预算表 Y3)."""
    base = base_id(tid)
    if base in ("T1", "T2", "T4"):
        return "三公" not in label
    if ("三公" in label) != (base == "T7"):
        return False
    general = "一般公共预算" in label
    if not general and ("政府性基金" in label) != (base == "T8"):
        return False
    return general or ("国有资本经营" in label) == (base == "T9")


@lru_cache(maxsize=8192)
def parse_table_code(text: str) -> tuple[int, str] | None:
    """The table number and the code as printed ("公开01表", "表1"), or None."""
    t = (text or "").strip()
    if len(t) > 80:
        return None
    for pat in _CODE_PATTERNS:
        m = pat.search(t)
        if m:
            n = int(m.group(1))
            if 1 <= n <= 12:
                return n, re.sub(r"\s+", "", m.group(0)).strip("（）()：: ")
    return None


def is_toc_line(raw: str) -> bool:
    """A 目录 entry: leader dots or a trailing page number."""
    s = (raw or "").rstrip()
    return bool(_LEADERS.search(s)) or bool(re.search(r"[…\.·]{2,}\s*\d+\s*$", s))


def _strip_title(text: str) -> str:
    s = (text or "").strip()
    s = re.sub(r"\*\*|__", "", s)
    s = _LEADERS.sub("", s)
    s = _TRAIL_PAGE.sub("", s) if re.search(r"[表]\s+\d{1,3}\s*$", s) else s
    for pat in _CODE_PATTERNS:
        s = pat.sub(" ", s)
    s = _NUMBERING.sub("", s, count=1)
    s = re.sub(r"[（(]?\s*(?:金额)?单位\s*[:：]?\s*(?:人民币)?(?:万元|元)\s*[）)]?", "", s)
    # a title cell that also holds the table's meta line ("…收支预算总表编制单位:某某局 单位:元")
    s = re.sub(r"\s*(?:编制单位|编制部门|预算单位|部门名称|单位名称)\s*[:：].*$", "", s)
    s = re.sub(r"[（(]\s*(?:19|20)\d{2}\s*年度?\s*[）)]\s*$", "", s)
    return normalize_label(s)


def classify_title(text: str) -> tuple[str, float, str | None] | None:
    """(table id, similarity score, printed table code) when ``text`` is a table title
    (of the current ``document_kind``)."""
    return _classify_title(text, _KIND.get())


@lru_cache(maxsize=16384)
def _classify_title(text: str, kind: str) -> tuple[str, float, str | None] | None:
    raw = (text or "").strip()
    budget = kind == "预算"
    aliases = _BUDGET_ALIASES if budget else _ALL_ALIASES
    if not raw or len(raw) > 90:
        return None
    label = _strip_title(raw)
    if not label or len(label) < 4 or len(label) > 60:
        return None
    # budget titles end in "…情况表" ("收支总体情况表", "一般公共预算支出情况表（按功能分类科目）")
    checked = re.sub(r"情况表(?:[（(].{0,12}[)）])?$", "表", label) if budget else label
    if any(w in checked for w in _BAD_WORDS):
        return None
    if raw.rstrip().endswith(("。", "；", ";")):
        return None
    code = parse_table_code(raw)
    code_s = code[1] if code else None
    for alias, tid in aliases:
        pos = label.find(alias)
        if pos < 0:
            continue
        prefix, suffix = label[:pos], label[pos + len(alias):]
        if _SENTENCE.search(prefix) or len(prefix) > 40:
            return None
        if suffix and not re.fullmatch(r"[（(]?(?:万元|元|续表?|续)?[）)]?|[（(]?续[）)]?", suffix):
            return None
        prefix_rest = _YEAR.sub("", prefix)
        # a generic title ("支出决算表") qualified by a budget kind or a spending type is
        # another table ("政府采购支出决算表", "项目支出决算表"): not one of the nine
        if len(alias) <= 8 and re.search(_QUALIFIER_BUDGET if budget else _QUALIFIER, prefix_rest):
            return None
        if budget and not _budget_keywords_agree(label, tid):
            continue
        return tid, 1.0, code_s
    # fuzzy fallback on the part ending in 决算表/明细表
    tail_re = r"(.{4,40}?(?:预算(?:总|明细)?表|总表|支出表))$" if budget else r"(.{4,40}?(?:决算(?:总|明细)?表|支出表))$"
    m = re.search(tail_re, label)
    if not m or _SENTENCE.search(label):
        return None
    tail = _YEAR.sub("", m.group(1))
    best: tuple[float, str] | None = None
    for alias, tid in aliases:
        for cand in {tail, tail[-len(alias):]}:
            score = jaro_winkler(cand, alias)
            if best is None or score > best[0]:
                best = (score, tid)
    if best and best[0] >= 0.93:
        # keywords must agree: 三公 only in T7, 基金 only in T8, 资本经营 only in T9 ...
        tid = best[1]
        base = base_id(tid)
        if ("三公" in label) != (base == "T7"):
            return None
        if ("政府性基金" in label) != (base == "T8"):
            return None
        if ("资本经营" in label) != (base == "T9"):
            return None
        return tid, round(best[0], 3), code_s
    return None


_CODE_CANDIDATES: dict[int, tuple[str, ...]] = {
    1: ("T1",), 2: ("T2",), 3: ("T3",), 4: ("T4",), 5: ("T5",), 6: ("T6",),
    7: ("T7", "T8"), 8: ("T8", "T9"), 9: ("T9", "T7"),
}


def classify_header(text: str, number: int | None = None) -> str | None:
    """Which table a header (words of its first rows) belongs to."""
    s = normalize_label(text)
    cands = _CODE_CANDIDATES.get(number or 0)
    guess: str | None = None
    if "因公出国" in s or "公务接待" in s or "三公" in s:
        guess = "T7"
    elif "人员经费" in s and "公用经费" in s:
        guess = "T6"
    elif "行次" in s or ("收入" in s and "支出" in s and "项目" in s and "金额" in s):
        guess = "T4" if ("政府性基金预算" in s or "一般公共预算财政拨款" in s and "事业收入" not in s) else "T1"
    elif "年初结转和结余" in s and "本年收入" in s:
        guess = "T8"
    elif "上级补助收入" in s or "事业收入" in s or "本年收入合计" in s:
        guess = "T2"
    elif "上缴上级支出" in s or "对附属单位补助" in s or "经营支出" in s:
        guess = "T3"
    elif "收入" in s and "支出" in s and "项目" in s and "决算数" in s:
        guess = "T4" if ("政府性基金预算" in s or "一般公共预算财政拨款" in s) else "T1"
    elif "基本支出" in s and "项目支出" in s:
        guess = "T5" if number in (None, 5) else "T9"
    if number is not None:
        # a code alone identifies a table only when its header agrees ("详见附表1" before
        # some other grid must not make that grid T1)
        guess = guess if cands and guess in cands else None
    return table_id_for(_KIND.get(), guess) if guess else None


_UNIT = re.compile(r"单位\s*[:：]?\s*[(（]?\s*(?:人民币)?\s*(万元|亿元|千元|元)(?![\u4e00-\u9fff])")
_UNIT_BARE = re.compile(r"^[(（]?\s*(万元|元)\s*[)）]?$")


def money_unit(text: str) -> str | None:
    """"金额单位：万元" / "单位：元" / "(单位:万元)" -> the unit, else None."""
    t = (text or "").replace(" ", "")
    m = _UNIT.search(t)
    if m:
        return m.group(1)
    m = _UNIT_BARE.match(t)
    return m.group(1) if m else None


_META = re.compile(
    r"^(?:(?:部门|单位|编制单位|单位名称|填报单位|预算单位|部门名称)\s*[:：]|(?:金额)?单位\s*[:：]|[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[）)]?$)"
)
_FURNITURE = re.compile(r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页.*|共\s*\d+\s*页|续表?\s*\d*|[（(]续[表]?[）)])$")


def is_meta_text(text: str) -> bool:
    """Lines between a title and its table: code, unit, unit name, year, page furniture."""
    t = (text or "").strip()
    if not t or not re.search(r"[0-9A-Za-z\u4e00-\u9fff]", t):
        return True  # blank or punctuation only ("“ ”" left over from a split title)
    if parse_table_code(t) and len(normalize_label(t)) <= 12:
        return True
    if money_unit(t):
        return True
    if _META.match(t):
        return True
    return bool(_FURNITURE.match(t))


def is_footnote(text: str) -> bool:
    t = (text or "").strip()
    return bool(
        re.match(r"^(?:注|说明|备注|填表说明)\s*\d*\s*[:：.、]", t)
        or re.match(r"^注\s*\d", t)
        or re.match(r"^\d+\s*(?:行|栏)(?:各行)?\s*=", t)
    )


_EMPTY = re.compile(
    r"(无数据|空表|无此[项类表]|没有.{0,40}?(?:收入|支出|经费|拨款|安排|数据)|"
    r"无.{0,40}?(?:收入|支出|经费|拨款)|未发生.{0,20}(?:支出|经费)|未安排.{0,30}(?:支出|经费|拨款)|不涉及)"
)
_TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "T7": ("三公",),
    "T8": ("政府性基金",),
    "T9": ("国有资本经营",),
    "T1": ("收入支出决算总表",),
    "T2": ("收入决算表",),
    "T3": ("支出决算表",),
    "T4": ("财政拨款收入支出决算总表",),
    "T5": ("一般公共预算财政拨款支出决算表",),
    "T6": ("基本支出决算",),
}


def _sentences(raw: str) -> list[str]:
    parts = re.split(r"(?<=[。！？!?])", raw)
    return [p.strip() for p in parts if p.strip()]


def empty_statement(raw: str, tid: str, near: bool) -> str | None:
    """The verbatim sentence of ``raw`` declaring table ``tid`` empty, or None.

    ``near``: the text stands right by the table, so "本表无数据" is enough; otherwise
    the sentence must name the table (三公 / 政府性基金 / 国有资本经营 / its title).
    """
    for sent in _sentences(raw or ""):
        lab = normalize_label(sent)
        if not _EMPTY.search(lab):
            continue
        tid = base_id(tid)
        keys = _TABLE_KEYS.get(tid, ())
        if _KIND.get() == "预算":
            keys = tuple(k.replace("决算", "") for k in keys)
        named = any(k in lab for k in keys)
        if tid in ("T7", "T8", "T9"):
            # must not name another of the often-empty tables instead
            others = [k for t, ks in _TABLE_KEYS.items() if t in ("T7", "T8", "T9") and t != tid for k in ks]
            if not named and any(k in lab for k in others):
                continue
        if named or (near and ("本表" in lab or "此表" in lab or "该表" in lab or len(lab) <= 40)):
            if tid in ("T7", "T8", "T9") and not named and not near:
                continue
            return sent
    return None
