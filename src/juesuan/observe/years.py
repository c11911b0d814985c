"""Year observations (kind ``year``): every year the document states where it must fit the report year.

* ``heading``     — a section heading or table title naming another year than the report's (第三部分 2023年度…
  in a 2024 report); a title that names the previous year only to compare ("与2023年度对比") is fine;
* ``as_of``       — "截至 YYYY年12月31日": a 决算 of year Y states the position at the end of Y; a 预算 of year Y,
  published in spring, can only state the end of Y−1 (the end of Y is in the future);
* ``comparison``  — "比/较/与 YYYY年（年初）预算/决算/执行": a 预算 of year Y compares with Y−1, never with Y itself
  (a 2026 budget "比2026年预算增加" compares the budget with itself); a 决算 compares with Y (its own budget) or
  Y−1, never with a later year.

The report year and kind come from the document model (``Document.year``, ``Document.report_kind``); without
them nothing is observed (the structure checks say that the year or kind could not be read).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.model.document import Document
from juesuan.observe.fact_make import ev, make_fact, register

_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")
_AS_OF = re.compile(r"截[至止]\s*(20\d{2})\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
_COMPARE = re.compile(r"(?:比|较|与|同|对比)\s*(20\d{2})\s*年度?\s*(?:的)?\s*(年初预算|预算|决算|执行数?|实际)")
_COMPARISON_WORDS = re.compile(r"相比|对比|比较|较|同比|比上年|增减|变动")


def _kind(doc: Document) -> str | None:
    kind = getattr(doc, "report_kind", None)
    return kind if kind in ("决算", "预算") else None


def _hits_in_lines(doc: Document, pattern: re.Pattern[str]) -> list[tuple[Any, re.Match[str]]]:
    """Matches in running text (table cells and attached forms are the tables' and attachments' business)."""
    out = []
    for tl in doc.lines:
        raw = tl.raw or ""
        if "\t" in raw or raw.count("|") >= 2 or "\n" in raw:
            continue
        for m in pattern.finditer(tl.text or raw):
            out.append((tl, m))
    return out


def _obs(check: str, k: int, line: Any, m: re.Match[str], fields: dict[str, Any]) -> Any:
    raw = line.raw or line.text or ""
    snippet = raw[max(0, m.start() - 30) : m.end() + 30].strip()
    return make_fact(
        "year", f"{check}:{k}",
        {"check": check, "stated_year": int(m.group(1)), "page": line.page, "line": line.line,
         "where": f"第 {line.page} 页" if line.page is not None else f"第 {line.line} 行", "quote": m.group(0), **fields},
        [ev(snippet, line.page, line.line)], {"stated": Decimal(m.group(1))},
    )


@register("year")
def year_facts(doc: Document) -> list[Any]:
    """One observation per year statement (holding or not); the YEAR-* rules state what must hold."""
    year, kind = doc.year, _kind(doc)
    if not year:
        return []
    out: list[Any] = []
    # headings (table titles are STRUCT-TABLE-YEAR's; cited documents carry their own years)
    titles = [(s.raw or s.title, s.page, s.line) for s in doc.sections if not s.in_toc]
    own = sum(1 for raw, *_ in titles if any(int(y) == year for y in _YEAR.findall(raw)))
    for raw, page, line in titles if own >= 2 else []:  # the report year must be the document's own
        if _COMPARISON_WORDS.search(raw) or re.search(r"关于|通知|意见|办法|规定|《", raw):
            continue
        m = _YEAR.search(raw)
        if not m:
            continue
        y = int(m.group(1))
        ahead = y == year + 1 and re.search(r"安排|计划|打算|思路|目标|重点|展望", raw)
        behind = y == year - 1 and kind != "决算" and re.search(r"情况|完成|回顾|总结|执行|上年", raw)
        if not ahead and not behind:
            out.append(_obs("heading", len(out), _Line(raw, page, line), m, {"report_year": year}))
    if kind:
        latest = year if kind == "决算" else year - 1
        for tl, m in _hits_in_lines(doc, _AS_OF):
            out.append(_obs("as_of", len(out), tl, m, {"report_year": year, "kind_name": kind, "latest_year": latest,
                                                       "earliest_year": year if kind == "决算" else 0}))
        for tl, m in _hits_in_lines(doc, _COMPARE):
            out.append(_obs("comparison", len(out), tl, m, {"report_year": year, "kind_name": kind,
                                                            "latest_year": year if kind == "决算" else year - 1}))
    return out


class _Line:
    """A heading as a line (the evidence helpers read raw/text/page/line)."""

    def __init__(self, raw: str, page: int | None, line: int | None) -> None:
        self.raw = self.text = raw
        self.page, self.line = page, line
