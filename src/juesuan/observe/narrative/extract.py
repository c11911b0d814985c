"""Group D facts: the narrative (情况说明) against the tables and against itself.

Each extractor reads ``Document.lines`` (through juesuan.model.narrative.textscan) and the parsed tables, does the
Decimal / interval arithmetic and name resolution in Python, and asserts compact facts; the rule
files in rules/narrative decide which facts are findings. Only contradictions are asserted
(values outside the rounding envelope, GUIDE §3) — a rounding tail is not a fact.

The extractors live in small modules (importing this one registers them all):

* facts_narrative_lines      narr_line_amount (类/款/项 amounts, 项 quoted with its 类 total), narr_total_amount
* facts_narrative_percent    narr_percent (share/growth/completion), narr_direction, narr_reason
* facts_narrative_lists      narr_list_sum (items vs total), narr_repeat (same quantity twice)
* facts_narrative_disclosure narr_count, narr_coverage, narr_glossary
* facts_narrative_sangong    narr_sangong (三公 vs T7), narr_jiguan (机关运行经费 vs T6 公用经费)
"""

from __future__ import annotations

from typing import Any

from juesuan.model.document import Document
from juesuan.observe.narrative.common import label_class
from juesuan.observe.narrative.disclosure import counts, coverage, glossary, project_tables
from juesuan.observe.narrative.lines import line_amounts, total_amounts
from juesuan.observe.narrative.lists import list_sums, repeats
from juesuan.observe.narrative.percent import direction_facts, percent_facts, reasons
from juesuan.observe.narrative.sangong import jiguan, public_expenses, sangong

EXTRACTORS = (
    line_amounts,
    total_amounts,
    percent_facts,
    direction_facts,
    list_sums,
    repeats,
    reasons,
    counts,
    coverage,
    glossary,
    sangong,
    jiguan,
)

__all__ = [
    "EXTRACTORS", "all_facts", "counts", "coverage", "direction_facts", "glossary", "jiguan", "label_class", "line_amounts",
    "list_sums", "percent_facts", "project_tables", "public_expenses", "reasons", "repeats", "sangong", "total_amounts",
]


def all_facts(doc: Document) -> list[Any]:
    out: list[Any] = []
    for fn in EXTRACTORS:
        out.extend(fn(doc))
    return out
