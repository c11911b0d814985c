"""Typography and incomplete-template observations over the narrative (kind ``typography``).

Checks (one fact per check and document, with the count, the first locations and verbatim evidence):

* ``doubled_punct``   — the same mark twice (。。 ，， 、、 ；；), or a comma/period pair (，。); a run of three or
  more is an unfilled enumeration or a 目录 leader, not this;
* ``unbalanced``      — a narrative paragraph whose brackets, quotes or book-title marks do not pair up;
* ``no_final_stop``   — a narrative paragraph that ends (a heading, a table or the end follows) without 。/；/：;
* ``percent_sign``    — a share, growth or completion rate printed without % (“占总支出的 35.6，”);
* ``glyph``           — characters that do not render: U+FFFD, private-use code points, □ boxes, (cid:NN) runs —
  on pages the reader has not already reported as unreadable;
* ``incomplete``      — a sentence cut off where its content belongs: 主要原因是。 主要用于：。

Text checks like these are extractor-level: the pattern *is* the rule, there is no relation between two
observed values to state. Each check is conservative (precision first): tables, headings, 目录 lines and short
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
_INCOMPLETE = re.compile(r"(主要原因(?:是|为|有)?|原因(?:是|为)|主要用于|具体(?:情况)?如下|主要包括|主要有)\s*[:：]?\s*[。；;]")


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


def _unbalanced(paras: list[Para], i: int) -> tuple[str, int] | None:
    """The first mark pair that does not pair up in paragraph ``i`` and is not explained by a neighbour cut off
    by the reading (an unclosed mark just before, or a lone closing mark just after)."""
    text = paras[i].raw
    for opens, closes in _PAIRS:
        n = _excess(text, opens, closes)
        if n == 0:
            continue
        j = i - 1 if n < 0 else i + 1  # a lone closing mark: its opening is before; an open one: its close after
        if 0 <= j < len(paras) and not paras[j].in_table and _excess(paras[j].raw, opens, closes) * n < 0:
            continue
        return opens[0] + closes[0], _stray_at(text, opens, closes, n)
    return None


@register("typography")
def typography_facts(doc: Document) -> list[Any]:
    paras = _narrative(doc)
    bad_pages = {pg for p in doc.problems if p.kind in ("cid", "scanned") for pg in p.pages}
    hits: dict[str, list[tuple[Para, int, str]]] = {k: [] for k in ("doubled_punct", "unbalanced", "no_final_stop", "percent_sign", "glyph", "incomplete")}
    for i, p in enumerate(paras):
        if _SCRAMBLED.search(p.raw):  # marks standing apart from their words: a reading problem, not the author's
            continue
        for m in _DOUBLED.finditer(p.raw):
            hits["doubled_punct"].append((p, m.start(), m.group(0)))
        long_sentence = len(p.text) >= 40 and bool(re.search(r"[，,]", p.text)) and not _HEADING.match(p.text)
        if long_sentence:
            pair = _unbalanced(paras, i) if _complete(paras, i) else None
            if pair:
                hits["unbalanced"].append((p, pair[1], pair[0]))
            if not p.raw.rstrip().endswith(_STOPS) and _ends_paragraph(paras, i) and not re.search(r"[\d.]+\s*(万元|元|%|％)$", p.raw.rstrip()):
                tail = p.raw.rstrip()[-12:]
                hits["no_final_stop"].append((p, len(p.raw.rstrip()) - len(tail), tail))
        for m in _PERCENT.finditer(p.text):
            hits["percent_sign"].append((p, m.start(), m.group(0)))
        if p.page not in bad_pages:
            for m in _GLYPH.finditer(p.raw):
                hits["glyph"].append((p, m.start(), m.group(0)))
        for m in _INCOMPLETE.finditer(p.text):
            hits["incomplete"].append((p, m.start(), m.group(0)))
    return [_fact(check, hs) for check, hs in hits.items() if hs]
