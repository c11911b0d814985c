"""Peer groups of similar units: administrative level, unit kind and size band.

* level — 省级 / 市级 / 区县级 from the leading place name (``juesuan.vocab.units.unit_level_region``);
* kind — 行政 (局/委/办/厅/部/室/政府/院(法院/检察院)…) or 事业 (中心/站/所/学校/医院/馆/队…);
* size — band of total spending (T3 合计, else T1 本年支出合计), in 万元.

``group_candidates`` gives keys from the finest to the coarsest; ``juesuan.stats.robust`` uses the first
one with enough members and says honestly which one it used.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.text.normalize import normalize_text
from juesuan.vocab.units import unit_level_region

_SHIYE = re.compile(r"(中心|站|所|学校|中学|小学|幼儿园|大学|学院|医院|卫生院|馆|队|研究院|设计院|科学院|保障院|台|社|场|园)$")
_XINGZHENG = re.compile(r"(局|委员会|委|办公室|办|厅|部|政府|法院|检察院|人大常委会|政协|署|会|处|司)$")
SIZE_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal("500"), "<500万元"),
    (Decimal("5000"), "500–5000万元"),
    (Decimal("Infinity"), "≥5000万元"),
)


def unit_kind(unit: str | None) -> str:
    """行政 / 事业 / 未知 from the unit name's ending (a trailing （本级） etc. is ignored)."""
    s = normalize_text(unit or "").replace(" ", "")
    s = re.sub(r"[(（][^()（）]*[)）]$", "", s)
    if not s:
        return "未知"
    if _SHIYE.search(s):
        return "事业"
    if _XINGZHENG.search(s):
        return "行政"
    return "未知"


def unit_level(unit: str | None) -> str:
    level, _ = unit_level_region(unit)
    return level or "未知"


def _to_wan(v: Decimal, money_unit: str | None) -> Decimal:
    return v / Decimal(10000) if (money_unit or "万元") == "元" else v


def total_spending(doc: dict[str, Any]) -> Decimal | None:
    """Total spending in 万元: T3 合计 row 合计, else T1 本年支出合计 (支出 side)."""
    for t in doc.get("tables") or []:
        if t.get("id") == "T3":
            for r in t.get("rows") or []:
                if (r.get("name") or "") in ("合计", "总计") and not r.get("code"):
                    v = (r.get("values") or {}).get("合计")
                    if v is not None:
                        return _to_wan(Decimal(v), t.get("money_unit") or doc.get("money_unit"))
    for t in doc.get("tables") or []:
        if t.get("id") == "T1":
            for r in t.get("rows") or []:
                if (r.get("name") or "") == "本年支出合计":
                    v = (r.get("values") or {}).get("决算数")
                    if v is not None:
                        return _to_wan(Decimal(v), t.get("money_unit") or doc.get("money_unit"))
    return None


def size_band(total: Decimal | None) -> str:
    if total is None:
        return "规模未知"
    for bound, label in SIZE_BANDS:
        if total < bound:
            return label
    return SIZE_BANDS[-1][1]


def peer_key(doc: dict[str, Any]) -> tuple[str, str, str]:
    return (unit_level(doc.get("unit")), unit_kind(doc.get("unit")), size_band(total_spending(doc)))


def group_candidates(key: tuple[str, str, str]) -> list[tuple[tuple[str, ...], str]]:
    """(group key, Chinese label) from the finest to the whole corpus."""
    level, kind, size = key
    return [
        ((level, kind, size), f"{level}·{kind}单位·{size}"),
        (("*", kind, size), f"{kind}单位·{size}"),
        (("*", kind, "*"), f"{kind}单位"),
        (("*", "*", "*"), "全部单位"),
    ]


def matches(group: tuple[str, ...], key: tuple[str, str, str]) -> bool:
    return all(g == "*" or g == k for g, k in zip(group, key, strict=True))
