"""Reading a stored document (its JSON dict) for the statistical features: decimals, tables and rows by
name, amounts in 万元, evidence of a row or a claim, the subject level, and one observation record.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_SANGONG = re.compile(r"三公|出国|公务用车|公务接待|公车")
_ITEM_MARK = re.compile(r"[（(](类|款|项)[)）]")
_UNIT_SUBJECT = re.compile(r"财政拨款|本年支出|支出合计|本年支出合计|整体")
_NUM = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


def _dec(x: Any) -> Decimal | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        d = Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _ev(page: Any, line: Any, text: str | None, table: str | None = None, row: str | None = None,
        column: str | None = None) -> dict[str, Any]:
    return {"page": page, "line": line, "text": (text or "")[:200], "table": table, "row": row, "column": column}


def _claim_ev(c: dict[str, Any]) -> dict[str, Any]:
    return _ev(c.get("page"), c.get("line"), c.get("sentence") or c.get("text"), c.get("table_hint"), c.get("subject_code"))


def _obs(feature: str, value: Decimal, subject: str, level: str, evidence: list[dict[str, Any]], *,
         low_ok: bool = False, **extra: Any) -> dict[str, Any]:
    return {"feature": feature, "value": value, "subject": subject, "level": level, "evidence": evidence,
            "low_ok": low_ok, **extra}


def _pct(a: Decimal, b: Decimal) -> Decimal | None:
    if b == 0:
        return None
    return (a / b * 100).quantize(Decimal("0.01"))


def _table(doc: dict[str, Any], tid: str) -> dict[str, Any] | None:
    for t in doc.get("tables") or []:
        if t.get("id") == tid:
            return t
    return None


def _row(t: dict[str, Any] | None, names: tuple[str, ...], side: str | None = None) -> dict[str, Any] | None:
    if not t:
        return None
    for r in t.get("rows") or []:
        if side is not None and r.get("side") != side:
            continue
        if (r.get("name") or "") in names and not r.get("code"):
            return r
    return None


def _wan(v: Decimal, t: dict[str, Any], doc: dict[str, Any]) -> Decimal:
    return v / Decimal(10000) if (t.get("money_unit") or doc.get("money_unit") or "万元") == "元" else v


def _row_ev(t: dict[str, Any], r: dict[str, Any], column: str) -> dict[str, Any]:
    return _ev(r.get("page"), r.get("line"), r.get("raw") or r.get("name"), t.get("id"), r.get("code") or r.get("name"), column)


def _level(subject: str, code: str | None, projects: set[str]) -> str:
    if any(p and (p in subject or subject in p) for p in projects):
        return "project"
    if code or _ITEM_MARK.search(subject):
        return "item"
    return "unit" if _UNIT_SUBJECT.search(subject) else "item"
