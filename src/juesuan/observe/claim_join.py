"""Join a narrative subject (a 类/款/项 chain or a line name) to the table row it speaks about.

``parse_subject("一般公共服务支出（类）商贸事务（款）事业运行（项）")`` gives the level chain;
``resolve(chain, table)`` finds the row: by code when given, else by name similarity
(jellyfish Jaro-Winkler on normalised names) at the stated level, disambiguated by the parent
names; when nothing fits at the stated level, an exact name at another level is accepted
(documents often mislabel 款 as 类).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from juesuan.model.document import Row, Table
from juesuan.text.normalize import normalize_label
from juesuan.text.similarity import subsumed_similarity

LEVEL_LEN = {"类": 3, "款": 5, "项": 7}
_MARK = re.compile(r"[（(]\s*(类|款|项)\s*[)）]")


@dataclass
class Seg:
    name: str
    level: str | None  # 类 | 款 | 项 | None


@lru_cache(maxsize=65536)
def clean_name(s: str) -> str:
    s = normalize_label(s)
    s = re.sub(r"^[\d０-９]+[.、．]?", "", s)
    s = re.sub(r"^[（(][一二三四五六七八九十\d]+[)）]", "", s)
    s = re.sub(r"^[一二三四五六七八九十]+、", "", s)
    s = s.strip("*#-—:：,，.。;； ")
    return s


def parse_subject(text: str) -> list[Seg]:
    """The 类/款/项 chain named in ``text`` (markers required); [] when there is none."""
    segs: list[Seg] = []
    pos = 0
    for m in _MARK.finditer(text):
        name = clean_name(text[pos : m.start()])
        # keep only the last run after a separator
        name = re.split(r"[。：:，,；;、]", name)[-1]
        if name:
            segs.append(Seg(name, m.group(1)))
        pos = m.end()
    return segs


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    s = clean_name(name)
    s = re.sub(r"[（(]\s*(类|款|项)\s*[)）]", "", s)
    return s


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    a, b = _key(a), _key(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    # "一般公共服务" vs "一般公共服务支出", "抚恤支出" vs "抚恤"
    for x, y in ((a, b), (b, a)):
        if x.endswith("支出") and x[:-2] == y:
            return 0.97
    return subsumed_similarity(a, b, 4, 0.9)


def function_rows(table: Table | None) -> list[Row]:
    if table is None:
        return []
    return [r for r in table.rows if r.code and len(r.code) in (3, 5, 7)]


@dataclass
class Match:
    row: Row
    score: float
    level_ok: bool


def resolve(segs: list[Seg], table: Table | None, threshold: float = 0.88) -> Match | None:
    """The row named by the deepest segment of ``segs`` in ``table`` (function-code rows)."""
    rows = function_rows(table)
    if not rows or not segs:
        return None
    target = segs[-1]
    parents = segs[:-1]
    want = LEVEL_LEN.get(target.level or "")

    def parent_bonus(r: Row) -> float:
        if not parents or not r.code:
            return 0.0
        bonus = 0.0
        for p in parents:
            plen = LEVEL_LEN.get(p.level or "")
            if plen and len(r.code) > plen:
                prow = next((x for x in rows if x.code == r.code[:plen]), None)
                if prow is not None and similarity(p.name, prow.name) >= threshold:
                    bonus += 0.05
        return bonus

    best: Match | None = None
    cands = [r for r in rows if want is None or len(r.code or "") == want]
    scored = []
    for r in cands:
        s = similarity(target.name, r.name)
        if s >= threshold:
            scored.append((s + parent_bonus(r), r))
    if scored:
        scored.sort(key=lambda x: (-x[0], x[1].code or ""))
        if len(scored) > 1 and scored[0][0] == scored[1][0] and parents:
            # ambiguous even with parents: refuse rather than guess
            return None
        best = Match(scored[0][1], scored[0][0], True)
        return best
    # fallback: exact (normalised) name at another level
    exact = [r for r in rows if _key(r.name) == _key(target.name)]
    if len(exact) == 1:
        return Match(exact[0], 1.0, False)
    return None


def resolve_name(name: str, table: Table | None, threshold: float = 0.93) -> Match | None:
    """A bare line name (no level marker): only a confident, unique match counts."""
    rows = function_rows(table)
    scored = sorted(
        ((similarity(name, r.name), r) for r in rows), key=lambda x: (-x[0], len(x[1].code or ""))
    )
    if not scored or scored[0][0] < threshold:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and len(scored[1][1].code or "") == len(scored[0][1].code or ""):
        return None
    return Match(scored[0][1], scored[0][0], True)


def ancestors(row: Row, table: Table) -> list[Row]:
    """Parent 款 and 类 rows of a function-code row (nearest first)."""
    out: list[Row] = []
    code = row.code or ""
    for n in (5, 3):
        if len(code) > n:
            p = next((r for r in function_rows(table) if r.code == code[:n]), None)
            if p is not None:
                out.append(p)
    return out


def total_value(row: Row) -> object:
    """The row's total spending (合计/小计 column as canonicalised)."""
    for col in ("合计", "本年支出合计", "小计", "决算数"):
        v = row.values.get(col)
        if v is not None:
            return v
    return None
