"""How a finding reads in the workspace and the reports (no Streamlit here): the one-line summary, the labelled
values, the order of findings, grouping of repeated findings of one rule, and local time.

* ``finding_summary`` — what is wrong in one line: table, row, column and both numbers
  ("支出决算表 · 201 一般公共服务支出 · 基本支出：列报 231.63，应为 288.04，差 -56.41"), else the message's first sentence.
* ``value_items`` — the finding's values with Chinese labels. Statistical findings are labelled for what they are
  (本单位数值 / 同类中位数 / 离散度 MAD / 稳健 z 值 …), never "应为"/"尾数容差"; empty values are left out.
* ``sort_findings`` — severity, then root causes first (file reading, structure, then the checks that depend on
  them), then rule and document order. ``group_by_rule`` keeps repeated findings of one rule together.
* ``local_time`` — a stored UTC timestamp in Asia/Shanghai ("2026-12-01 10:50").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from juesuan.text.format import fmt_value
from juesuan.vocab.catalog import TABLES
from juesuan.vocab.labels import CATEGORIES, SEVERITIES

TZ = ZoneInfo("Asia/Shanghai")
TABLE_TITLES = {t.id: t.canonical for t in TABLES}

_RULE_LABELS = {"stated": "列报数", "expected": "应为", "difference": "差额", "envelope": "尾数容差"}
_STAT_LABELS = {"stated": "本单位数值", "expected": "同类中位数", "difference": "与中位数之差", "envelope": "离散度（MAD）"}
_OTHER_LABELS = {
    "z": "稳健 z 值", "peer_group": "比较组", "peer_n": "同类单位数", "peer_usable": "同类组样本充足",
    "domain_range": "业务合理区间", "iforest_score": "孤立森林得分", "lof_score": "LOF 值", "peer_median": "同类中位数",
    "pages": "涉及页码", "fatal": "无法读取", "count": "数量", "ratio": "比率", "rate": "比率", "share": "占比",
    "year": "年度", "unit": "单位", "money_unit": "金额单位", "table": "表", "tables": "表", "missing": "缺少",
    "expected_year": "应为年度", "stated_year": "所写年度", "factor": "倍数", "weight": "权重", "score": "得分",
}
_HIDDEN = {"peers", "peer_values", "features"}


def _present(v: Any) -> bool:
    return v is not None and v != "" and v != [] and v != {}


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    return fmt_value(v)


def value_items(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) for every value the finding carries, main values first; statistical ones labelled as such."""
    values = f.get("values") or {}
    stat = f.get("category") == "statistical"
    main = dict(_STAT_LABELS if stat else _RULE_LABELS)
    if stat and values.get("peer_usable") is False:
        main["expected"] = "参考值（合理区间边界或全体中位数）"
        main["difference"] = "与参考值之差"
    out = [(lab, _text(values.get(k))) for k, lab in main.items() if _present(values.get(k))]
    shown = set(main)
    if stat and _present(values.get("expected")):
        shown.add("peer_median")  # the same number as 同类中位数
    for k, v in values.items():
        if k in shown or k in _HIDDEN or not _present(v):
            continue
        out.append((_OTHER_LABELS.get(str(k), str(k)), _text(v)))
    return out


def main_value_items(f: dict[str, Any]) -> list[tuple[str, str]]:
    keys = ("stated", "expected", "difference", "envelope")
    labels = _STAT_LABELS if f.get("category") == "statistical" else _RULE_LABELS
    values = f.get("values") or {}
    return [(labels[k], _text(values[k])) for k in keys if _present(values.get(k))]


def _first_sentence(msg: str, n: int = 90) -> str:
    msg = " ".join((msg or "").split())
    m = re.match(r"(.+?[。；;])", msg)
    s = m.group(1) if m else msg
    return s if len(s) <= n else s[: n - 1] + "…"


def finding_summary(f: dict[str, Any]) -> str:
    """What is wrong, in one line: where (table, row, column) and the numbers; else the message's first sentence."""
    values = f.get("values") or {}
    where = ""
    for e in f.get("evidence") or []:
        if e.get("table"):
            parts = [TABLE_TITLES.get(str(e["table"]), str(e["table"]))]
            if e.get("row"):
                parts.append(str(e["row"]))
            if e.get("column"):
                parts.append(str(e["column"]))
            where = " · ".join(parts)
            break
    stated, expected = values.get("stated"), values.get("expected")
    nums = ""
    if _present(stated) and _present(expected) and not isinstance(stated, (list, dict)):
        lab = _STAT_LABELS if f.get("category") == "statistical" else {"stated": "列报", "expected": "应为", "difference": "差"}
        nums = f"{lab['stated']} {_text(stated)}，{lab['expected']} {_text(expected)}"
        if _present(values.get("difference")):
            nums += f"，{'差' if f.get('category') != 'statistical' else lab['difference']} {_text(values['difference'])}"
    if where and nums:
        return f"{where}：{nums}"
    head = _first_sentence(str(f.get("message") or ""))
    if nums and (f.get("category") == "statistical" or not any(ch.isdigit() for ch in head)):
        return f"{head}（{nums}）"
    return head


def _sev(f: dict[str, Any]) -> int:
    s = f.get("severity")
    return SEVERITIES.index(s) if s in SEVERITIES else len(SEVERITIES)


def _cat(f: dict[str, Any]) -> int:
    c = f.get("category")
    return CATEGORIES.index(c) if c in CATEGORIES else len(CATEGORIES)


def sort_findings(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most severe first; within a severity, root causes (reading, structure) before the checks built on them."""
    indexed = list(enumerate(findings))
    indexed.sort(key=lambda t: (_sev(t[1]), _cat(t[1]), str(t[1].get("rule_id") or ""), t[0]))
    return [f for _, f in indexed]


def group_by_rule(findings: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Sorted findings grouped by rule (a group's position is that of its most important finding)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in sort_findings(findings):
        groups.setdefault(str(f.get("rule_id") or "?"), []).append(f)
    return list(groups.items())


def local_time(ts: str | None, *, seconds: bool = False) -> str:
    """A stored UTC ISO timestamp shown in Asia/Shanghai; "" for none, the input when it cannot be read."""
    if not ts:
        return ""
    try:
        d = datetime.fromisoformat(str(ts).replace("Z", "+00:00"))
    except ValueError:
        return str(ts)
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def display(v: Any, empty: str = "") -> str:
    """A value for a table cell: never Python's ``None``."""
    return empty if v is None else _text(v)
