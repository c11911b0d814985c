"""Narrative text as the D/E checks read it: paragraphs with positions, numbers with their labels.

* ``paragraphs(doc)``: running-text paragraphs (a sentence wrapped over two lines is joined),
  plus sentence-like cells of table rows (e.g. a 偏差原因 cell quoting budget and execution).
* ``tokens(text)``: every amount (万元/元/亿元), percentage and score in a text, with the
  ~14 characters before it (its label: 年初预算为 / 决算为 / 增加 / 占 ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from juesuan.model.document import Document
from juesuan.text.normalize import normalize_text


@dataclass
class Para:
    text: str  # normalised text (matching)
    raw: str  # verbatim text (evidence)
    page: int | None
    line: int | None
    in_table: bool = False  # a sentence-like cell of a table row
    index: int = 0


_END = tuple("。；;：:！？!?）)")
_HEADING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _is_table_line(raw: str) -> bool:
    return " | " in raw or "\t" in raw or raw.count("|") >= 2


_PARA_CACHE: dict[int, tuple[object, list[Para]]] = {}


def paragraphs(doc: Document) -> list[Para]:
    """Running-text paragraphs of ``doc`` (computed once per document: every narrative extractor uses them)."""
    hit = _PARA_CACHE.get(id(doc))
    if hit is not None and hit[0] is doc.lines:
        return hit[1]
    out = _paragraphs(doc)
    if len(_PARA_CACHE) > 16:
        _PARA_CACHE.clear()
    _PARA_CACHE[id(doc)] = (doc.lines, out)
    return out


def _paragraphs(doc: Document) -> list[Para]:
    out: list[Para] = []
    pending: Para | None = None
    for tl in doc.lines:
        raw = tl.raw or ""
        if not raw.strip():
            continue
        if _is_table_line(raw):
            if pending is not None:
                out.append(pending)
                pending = None
            cells = re.split(r"\s*\|\s*|\t+", raw)
            for c in cells:
                c = c.strip()
                c = re.sub(r"</?p>", " ", c).strip()
                if len(c) >= 20 and re.search(r"[，,。]", c) and re.search(r"\d", c):
                    out.append(Para(normalize_text(c), c, tl.page, tl.line, in_table=True))
            continue
        text = tl.text or normalize_text(raw)
        if pending is not None:
            # a sentence wrapped over lines: previous line long, not ended, this one not a heading
            if (
                not _HEADING.match(text)
                and len(pending.text) >= 25
                and not pending.text.endswith(_END)
                and not re.search(r"(万元|元|%|％|分)$", pending.text)
            ):
                pending = Para(pending.text + text, pending.raw + raw.strip(), pending.page, pending.line)
                continue
            out.append(pending)
        pending = Para(text, raw.strip(), tl.page, tl.line)
    if pending is not None:
        out.append(pending)
    for i, p in enumerate(out):
        p.index = i
    return out


# --------------------------------------------------------------------------- numbers

_NUM = r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_TOKEN = re.compile(_NUM + r"\s*(万元|亿元|千元|元|万(?![人次件张份个家户元亩吨台])|%|％|分|个|家|项|人次|人|辆|批次|批|次)")


@dataclass
class Tok:
    value: Decimal
    unit: str  # 万元 | 元 | 亿元 | % | 分 | 个 ...
    start: int
    end: int
    label: str  # up to 14 characters before the number (same clause)
    clause: int  # index of the clause (split on ；;。) in the text


def to_dec(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def tokens(text: str) -> list[Tok]:
    """The amounts, percentages and scores of ``text`` (a new list each call; the tokens are shared: read-only).
    Memoised: the narrative checks read the same paragraph many times."""
    return list(_tokens(text))


def clear_caches() -> None:
    """Forget the memoised tokens (benchmarks time a document as a fresh worker would see it)."""
    _tokens.cache_clear()


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Tok, ...]:
    out: list[Tok] = []
    bounds = [m.end() for m in re.finditer(r"[。；;]", text)]
    for m in _TOKEN.finditer(text):
        v = to_dec(m.group(1))
        if v is None:
            continue
        unit = m.group(2).replace("％", "%")
        if unit == "万":
            unit = "万元"
        # a year ("2022 年") or a numbered item is not an amount; the unit regex already requires a unit
        start = m.start()
        clause_start = max([b for b in bounds if b <= start], default=0)
        label = text[max(clause_start, start - 14) : start]
        clause = sum(1 for b in bounds if b <= start)
        out.append(Tok(v, unit, start, m.end(), label, clause))
    return tuple(out)


def money(toks: list[Tok]) -> list[Tok]:
    return [t for t in toks if t.unit in ("万元", "元", "亿元", "千元")]
