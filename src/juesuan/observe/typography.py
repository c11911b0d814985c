"""Typography observations over the narrative (kind ``typography``).

Pattern checks (one fact per check and document, with the count, the first locations and verbatim evidence)
and mark counts (one observation per paragraph and pair):

* ``doubled_punct``   — the same mark twice (。。 ，， 、、 ；；), or a comma/period pair (，。); a run of three or
  more is an unfilled enumeration or a 目录 leader, not this;
* ``marks``           — for every complete narrative paragraph, how many opening and closing brackets, quotes
  and book-title marks it has (one observation per pair used; the rule states opens = closes);
* ``no_final_stop``   — a narrative paragraph that ends (a heading, a table or the end follows) without 。/；/：;
* ``percent_sign``    — a share, growth or completion rate printed without % (“占总支出的 35.6，”);
* ``glyph``           — per page (text inputs: per document), how many characters do not render: U+FFFD,
  private-use code points, □ boxes, (cid:NN) runs — on pages the reader has not already reported as unreadable
  (the rule states unrendered = 0);

The pattern checks are extractor-level (the pattern *is* the rule, there is no relation between two observed
values to state); the mark counts carry a relation, stated in TYPO-UNBALANCED-MARKS. Each check is conservative (precision first): tables, headings, 目录 lines and short
lines are left alone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document
from juesuan.model.narrative.textscan import Para, paragraphs
from juesuan.observe.fact_make import ev, make_fact, register

_DOUBLED = re.compile(r"(?<![。，、；])(?:([。，、；：！？])\1|，。|。，|、。|；。)(?![。，、；])")
_SCRAMBLED = re.compile(r"[、，；,]\s+[、，；,]\s+[、，；,]")
_PAIRS = (("（(", "）)"), ("“", "”"), ("《", "》"), ("【", "】"))
_STOPS = tuple("。；;：:！？!?…”’）)》】")
_HEADING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]|附件|附表|注[：:])")
_TOC = re.compile(r"(\.{4,}|…{2,}|。{4,}|·{4,})\s*\d*\s*$")
_PERCENT = re.compile(
    r"(占[^，。；,;]{0,14}?(?:的|比重|比例)?(?:为|是|达)?|比重(?:为|是)?|比例(?:为|是)?|增长|下降|增幅(?:为|是)?|降幅(?:为|是)?|"
    r"完成[^，。；,;]{0,10}?的|执行率(?:为|是|达)?)\s*(?!0(?![.\d]))(\d{1,3}(?:\.\d{1,2})?)(?![\d.]|,\d)(?=\s*(?:[，。；、,;]|$))"
)
_GLYPH = re.compile(r"[\ufffd\ue000-\uf8ff\u25a1]|\(cid:\d+\)")


def _narrative(doc: Document) -> list[Para]:
    return [p for p in paragraphs(doc) if not p.in_table and not _TOC.search(p.raw)]


def _fact(check: str, hits: list[tuple[Para, int, str]], extra: dict[str, Any] | None = None) -> Any:
    first = hits[0][0]
    locs = "、".join(str(p.page if p.page is not None else p.line) for p, _, _ in hits[:5])
    evidence = [ev(p.raw[max(0, at - 40) : at + len(m) + 40].strip(), p.page, p.line) for p, at, m in hits[:3]]
    samples = "、".join(dict.fromkeys(m for _, _, m in hits))[:60]
    return make_fact(
        "typography", check,
        {"check": check, "status": "found", "count": len(hits), "samples": samples, "locations": locs,
         "loc_kind": "页" if first.page is not None else "行", "page": first.page, "line": first.line, **(extra or {})},
        evidence, {"stated": Decimal(len(hits))},
    )


def _ends_paragraph(paras: list[Para], i: int) -> bool:
    """A heading on the same page follows the paragraph (it really ended; across a page break or before a table
    the reading may have cut it)."""
    if i + 1 >= len(paras):
        return False
    nxt = paras[i + 1]
    return not nxt.in_table and len(nxt.text) <= 40 and bool(_HEADING.match(nxt.text)) and nxt.page == paras[i].page


def _complete(paras: list[Para], i: int) -> bool:
    """The paragraph starts a sentence and ends one (so its marks must pair up within it)."""
    p = paras[i]
    if not p.raw.rstrip().endswith(_STOPS) or p.raw.lstrip()[:1] in "）)”》】，,、。；":
        return False
    if i == 0:
        return True
    prev = paras[i - 1]
    return prev.in_table or bool(_HEADING.match(prev.text)) or prev.raw.rstrip().endswith(_STOPS)


def _excess(text: str, opens: str, closes: str) -> int:
    return sum(text.count(c) for c in opens) - sum(text.count(c) for c in closes)


def _stray_at(text: str, opens: str, closes: str, n: int) -> int:
    """Where the mark without its partner stands: the first close that has no open, or the last unclosed open."""
    depth, last_open = 0, 0
    for k, ch in enumerate(text):
        if ch in opens:
            depth, last_open = depth + 1, k
        elif ch in closes:
            depth -= 1
            if depth < 0 and n < 0:
                return k
    return last_open


def _mark_counts(paras: list[Para], i: int) -> list[tuple[str, int, int, int]]:
    """(pair, opens, closes, where) for each mark pair used in paragraph ``i``. A neighbour the reading cut off
    (an unclosed mark just before a lone closing one, or the reverse) is counted with the paragraph: the
    sentence is the span, not the reader's line."""
    text = paras[i].raw
    out = []
    for opens, closes in _PAIRS:
        o, c = sum(text.count(x) for x in opens), sum(text.count(x) for x in closes)
        if o == c == 0:
            continue
        n = o - c
        j = i - 1 if n < 0 else i + 1
        if n and 0 <= j < len(paras) and not paras[j].in_table and _excess(paras[j].raw, opens, closes) * n < 0:
            o += sum(paras[j].raw.count(x) for x in opens)
            c += sum(paras[j].raw.count(x) for x in closes)
        out.append((opens[0] + closes[0], o, c, _stray_at(text, opens, closes, n) if n else 0))
    return out


@register("typography")
def typography_facts(doc: Document) -> list[Any]:
    paras = _narrative(doc)
    bad_pages = {pg for p in doc.problems if p.kind in ("cid", "scanned") for pg in p.pages}
    hits: dict[str, list[tuple[Para, int, str]]] = {k: [] for k in ("doubled_punct", "no_final_stop", "percent_sign")}
    glyphs: dict[int | None, list[tuple[Para, int, str]]] = {}
    marks: list[tuple[Para, str, int, int, int]] = []
    for i, p in enumerate(paras):
        if _SCRAMBLED.search(p.raw):  # marks standing apart from their words: a reading problem, not the author's
            continue
        for m in _DOUBLED.finditer(p.raw):
            hits["doubled_punct"].append((p, m.start(), m.group(0)))
        long_sentence = len(p.text) >= 40 and bool(re.search(r"[，,]", p.text)) and not _HEADING.match(p.text)
        if long_sentence:
            if _complete(paras, i):
                marks.extend((p, *counts) for counts in _mark_counts(paras, i))
            if not p.raw.rstrip().endswith(_STOPS) and _ends_paragraph(paras, i) and not re.search(r"[\d.]+\s*(万元|元|%|％)$", p.raw.rstrip()):
                tail = p.raw.rstrip()[-12:]
                hits["no_final_stop"].append((p, len(p.raw.rstrip()) - len(tail), tail))
        for m in _PERCENT.finditer(p.text):
            hits["percent_sign"].append((p, m.start(), m.group(0)))
        if p.page not in bad_pages:
            for m in _GLYPH.finditer(p.raw):
                glyphs.setdefault(p.page, []).append((p, m.start(), m.group(0)))
            glyphs.setdefault(p.page, [])
    out = [_fact(check, hs, {"what": _WHAT[check]}) for check, hs in hits.items() if hs]
    for k, (p, pair, o, c, at) in enumerate(marks):  # every paragraph's marks, pairing up or not
        out.append(make_fact(
            "typography", f"marks:{p.index}:{k}",
            {"check": "marks", "pair": pair, "opens": o, "closes": c, "page": p.page, "line": p.line,
             "where": f"第 {p.page} 页" if p.page is not None else f"第 {p.line} 行"},
            [ev(p.raw[max(0, at - 40) : at + 40].strip(), p.page, p.line)], {"stated": Decimal(o), "expected": Decimal(c)},
        ))
    for page, gs in sorted(glyphs.items(), key=lambda kv: kv[0] or 0):  # every page read: its text renders or not
        first = gs[0] if gs else None
        out.append(make_fact(
            "typography", f"glyph:{page}",
            {"check": "glyph", "unrendered": len(gs), "page": page, "line": first[0].line if first else None,
             "samples": "、".join(dict.fromkeys(g for _, _, g in gs))[:40],
             "where": f"第 {page} 页" if page is not None else "正文"},
            [ev(q.raw[max(0, at - 40) : at + 40].strip(), q.page, q.line) for q, at, _ in gs[:3]], {"stated": Decimal(len(gs))},
        ))
    return out


_WHAT = {"doubled_punct": "标点重复", "no_final_stop": "段落结尾缺少句号", "percent_sign": "比率缺少“%”"}
