"""Fold repeated identical problems of one document into one finding with a count.

A file of 5,000 copied pages should not give 1,791 duplicate-table findings: findings of one document
with the same rule and the same message once digits are ignored (page and line numbers differ) are one
problem. When such a group has at least ``FOLD_AT`` members it becomes its first finding, with
``values["count"]``, the evidence of the first ``KEEP_EVIDENCE`` members and a message saying so.
Smaller groups are left as they are, so ordinary documents keep one finding per occurrence.
"""

from __future__ import annotations

import re
from typing import Any

FOLD_AT = 20
KEEP_EVIDENCE = 20
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _signature(f: dict[str, Any]) -> tuple[str, str, str]:
    return (str(f.get("rule_id")), str(f.get("severity")), _DIGITS.sub("#", str(f.get("message") or "")))


def fold_repeated(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings with large groups of repeats folded (order kept: a folded group sits at its first member)."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, f in enumerate(findings):
        groups.setdefault(_signature(f), []).append(i)
    folded: dict[int, dict[str, Any]] = {}
    drop: set[int] = set()
    for idx in groups.values():
        if len(idx) < FOLD_AT:
            continue
        members = [findings[i] for i in idx]
        first = dict(members[0])
        evidence = [e for m in members for e in (m.get("evidence") or [])]
        first["evidence"] = evidence[:KEEP_EVIDENCE]
        first["values"] = {**(first.get("values") or {}), "count": len(members)}
        first["message"] = (f"{first.get('message') or ''}（同类问题在本文件中共 {len(members)} 处，已合并为一条；"
                            f"证据列出前 {min(KEEP_EVIDENCE, len(evidence))} 处。）")
        folded[idx[0]] = first
        drop.update(idx[1:])
    return [folded.get(i, f) for i, f in enumerate(findings) if i not in drop]
