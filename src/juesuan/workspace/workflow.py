"""The inspectors' workflow (no Streamlit here): unit-year status with assignee and reviewer sign-off, versions of
one unit-year, decisions carried to a resubmission, bulk triage, "next open finding", excluding/archiving a
document, and the event log.

Unit status (per unit-year, so every version of a disclosure shares it):
  未开始 new → 审核中 in-review (an assignee takes it) → 待复核 to-review (the assignee submits)
  → 已结案 closed (a reviewer other than the assignee signs off); a reviewer may send it back (to-review → in-review);
  a closed unit may be reopened (→ in-review) by a reviewer. Every change is logged with who and when.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from juesuan.store.sqlite import Store, now
from juesuan.store.workflow import DOC_FLAG_STATES, UNIT_STATES, current_doc_flags, log_event
from juesuan.workspace.present import sort_findings
from juesuan.workspace.triage import DecisionResult, record_decision, unit_key_of

UNIT_STATE_LABELS = {"new": "未开始", "in-review": "审核中", "to-review": "待复核", "closed": "已结案"}
DOC_FLAG_LABELS = {"excluded": "已排除", "archived": "已归档", "active": "正常"}
EVENT_LABELS = {
    "sign-in": "登录", "sign-out": "退出", "sign-in-failed": "登录失败", "user-added": "新增用户", "upload": "上传文件",
    "scan": "扫描", "export": "导出报告", "unit-status": "单位状态变更", "doc-flag": "文件排除/归档", "bulk-decision": "批量审核",
    "carry-decisions": "沿用上一版本结论", "weights": "排名权重更新",
}
_ALLOWED = {  # (from, to): who may do it — "assignee", "reviewer" (role reviewer/admin, not the assignee), "any"
    ("new", "in-review"): "any", ("in-review", "to-review"): "assignee", ("to-review", "closed"): "reviewer",
    ("to-review", "in-review"): "reviewer", ("closed", "in-review"): "reviewer", ("in-review", "new"): "assignee",
}


def unit_key(unit: str | None, year: Any, sha: str) -> str:
    """Identity of a unit-year (all versions of one disclosure); a document without a unit name stands alone."""
    return unit_key_of(unit, year, sha)


@dataclass
class UnitStatus:
    status: str = "new"
    assignee: str | None = None
    reviewer: str | None = None
    actor: str | None = None
    at: str | None = None
    comment: str | None = None


def unit_status(store: Store, key: str) -> UnitStatus:
    r = store.conn.execute("SELECT * FROM unit_status WHERE unit_key=? ORDER BY id DESC LIMIT 1", (key,)).fetchone()
    if r is None:
        return UnitStatus()
    return UnitStatus(r["status"], r["assignee"], r["reviewer"], r["actor"], r["at"], r["comment"])


def all_unit_status(store: Store) -> dict[str, UnitStatus]:
    rows = store.conn.execute("SELECT u.* FROM unit_status u JOIN (SELECT unit_key, MAX(id) id FROM unit_status GROUP BY unit_key) m"
                              " ON u.id = m.id").fetchall()
    return {r["unit_key"]: UnitStatus(r["status"], r["assignee"], r["reviewer"], r["actor"], r["at"], r["comment"]) for r in rows}


def unit_status_history(store: Store, key: str) -> list[dict[str, Any]]:
    return [dict(r) for r in store.conn.execute("SELECT * FROM unit_status WHERE unit_key=? ORDER BY id", (key,)).fetchall()]


def allowed_moves(cur: UnitStatus, login: str, role: str) -> list[str]:
    out = []
    for (a, b), who in _ALLOWED.items():
        if a != cur.status:
            continue
        if who == "assignee" and cur.assignee not in (None, login):
            continue
        if who == "reviewer" and (role not in ("reviewer", "admin") or cur.assignee == login):
            continue
        out.append(b)
    return out


def set_unit_status(store: Store, key: str, new: str, login: str, role: str, *, comment: str | None = None) -> str | None:
    """Move the unit-year to ``new``; returns an error message (Chinese) or None when done."""
    if new not in UNIT_STATES:
        return f"未知的单位状态：{new}"
    cur = unit_status(store, key)
    if new not in allowed_moves(cur, login, role):
        if new == "closed" and cur.assignee == login:
            return "结案须由审核人以外的复核人签字确认。"
        return f"不能从“{UNIT_STATE_LABELS[cur.status]}”改为“{UNIT_STATE_LABELS[new]}”（当前用户无此权限或状态不允许）。"
    assignee = login if (cur.status, new) == ("new", "in-review") else cur.assignee
    if new == "new":
        assignee = None
    reviewer = login if new == "closed" else (None if new == "in-review" else cur.reviewer)
    with store.tx() as c:
        c.execute("INSERT INTO unit_status(unit_key, status, assignee, reviewer, actor, comment, at) VALUES (?,?,?,?,?,?,?)",
                  (key, new, assignee, reviewer, login, (comment or "").strip() or None, now()))
        log_event(c, "unit-status", login, key, {"from": cur.status, "to": new, "comment": comment})
    return None


# ------------------------------------------------------------------ documents


def doc_flags(store: Store) -> dict[str, dict[str, Any]]:
    """Documents currently excluded or archived (not ranked, no peers)."""
    return current_doc_flags(store.conn)


def flag_document(store: Store, sha: str, state: str, login: str, reason: str) -> str | None:
    """Exclude / archive a document (reason required) or restore it ("active"); logged. Error message or None."""
    if state not in DOC_FLAG_STATES:
        return f"未知的文件状态：{state}"
    if state != "active" and not (reason or "").strip():
        return "排除或归档文件必须填写理由。"
    with store.tx() as c:
        c.execute("INSERT INTO doc_flags(sha256, state, reason, actor, at) VALUES (?,?,?,?,?)", (sha, state, reason.strip(), login, now()))
        log_event(c, "doc-flag", login, sha, {"state": state, "reason": reason})
    return None


# ------------------------------------------------------------------ findings


def bulk_decide(store: Store, keys: Iterable[str], state: str, inspector: str, *, reason: str | None = None,
                comment: str | None = None) -> list[tuple[str, DecisionResult]]:
    """One decision (e.g. dismiss with one reason) for several findings; each checked like a single decision."""
    keys = list(dict.fromkeys(keys))
    current = store.current_decisions()
    out = []
    for k in keys:
        prev = current.get(k)
        out.append((k, record_decision(store, k, state, inspector, reason=reason, comment=comment,
                                       expected_prev=prev["id"] if prev else None)))
    ok = [k for k, r in out if r.ok]
    if ok:
        with store.tx() as c:
            log_event(c, "bulk-decision", inspector, None, {"state": state, "reason": reason, "findings": ok})
    return out


def next_open(findings: list[dict[str, Any]], after: str | None = None) -> dict[str, Any] | None:
    """The next open finding in the workspace's order (severity, root causes first), after ``after``; wraps around."""
    ordered = sort_findings(findings)
    keys = [f["finding_key"] for f in ordered]
    start = keys.index(after) + 1 if after in keys else 0
    for f in ordered[start:] + ordered[:start]:
        if f["finding_key"] != after and (f.get("triage") or "open") in ("open", "needs-info"):
            return f
    return None


def _signature(f: dict[str, Any]) -> str:
    ev = [(e.get("table"), e.get("row"), e.get("column"), "".join(str(e.get("text") or "").split())) for e in f.get("evidence") or []]
    return json.dumps([f.get("rule_id"), ev, str((f.get("values") or {}).get("stated"))], ensure_ascii=False, default=str)


def carry_decisions(store: Store, new_sha: str, old_shas: Iterable[str], actor: str = "系统") -> int:
    """Decisions on an earlier version's findings carried to the same findings of a resubmission (same rule,
    evidence and figure) that have no decision yet. Returns how many were carried (each one is a decision)."""
    decisions = store.current_decisions()
    earlier: dict[str, dict[str, Any]] = {}
    for sha in old_shas:
        for f in store.findings(sha, with_state=False):
            d = decisions.get(f["finding_key"])
            if d and d["state"] != "open":
                earlier.setdefault(_signature(f), d)
    n = 0
    for f in store.findings(new_sha, with_state=False):
        if f["finding_key"] in decisions:
            continue
        d = earlier.get(_signature(f))
        if d is None:
            continue
        r = record_decision(store, f["finding_key"], d["state"], actor, reason=d.get("reason") or "沿用上一版本的结论",
                            comment=f"沿用上一版本的结论（{d.get('inspector')}，{d.get('at')}）", expected_prev=None)
        n += int(r.ok)
    if n:
        with store.tx() as c:
            log_event(c, "carry-decisions", actor, new_sha, {"from": list(old_shas), "count": n})
    return n


def events(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    rows = store.conn.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [dict(r) for r in rows]


def log(store: Store, kind: str, actor: str | None, subject: str | None = None, detail: dict[str, Any] | None = None) -> None:
    with store.tx() as c:
        log_event(c, kind, actor, subject, detail)
