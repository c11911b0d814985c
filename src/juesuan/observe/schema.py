"""The observation kinds and which of their fields are intervals (``NAME_lo``/``NAME_hi`` bounds).

A rule's ``assert:`` compares observation fields (``juesuan.rules.relation``); a name listed here is
compared as a printed interval (XBRL Calculations 1.1: the relation holds when the intervals can meet),
every other name as a plain scalar. One home for the vocabulary rule files may use.
"""

from __future__ import annotations

# Every observation that states one figure against another carries ``left`` (the stated figure) and ``right``
# (what the document's other figures make of it, widened by the rounding envelope): fact_make.stated_bounds.
STATED_VS_EXPECTED = frozenset({"left", "right"})

INTERVALS: dict[str, frozenset[str]] = {
    # identity: one instance of a table footnote; left = the stated total, right = Σ parts − Σ minus
    "identity": frozenset({"left", "right"}),
    # crosscheck: the same quantity in two tables (or part ≤ whole); left = table A, right = table B
    "crosscheck": frozenset({"left", "right"}),
    # narr_percent: a stated share/growth/completion (left) and the ratio recomputed from its inputs (right)
    "narr_percent": frozenset({"left", "right"}),
    # narr_line_amount / narr_sangong / narr_total_amount: a claimed amount (left) and the table cell (right)
    "narr_line_amount": frozenset({"left", "right"}),
    "narr_sangong": frozenset({"left", "right"}),
    # perf_exec: stated 执行率 (rate, %) vs executed ÷ budget (exec_rate, %); score vs weight × exec_share
    "perf_exec": frozenset({"rate", "exec_rate", "score", "exec_share", "left", "right"}),
}


def interval_fields(kind: str) -> frozenset[str]:
    """The interval names of an observation kind (``left``/``right`` for any kind not listed)."""
    return INTERVALS.get(kind, STATED_VS_EXPECTED)
