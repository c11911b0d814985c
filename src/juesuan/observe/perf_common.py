"""Shared pieces of the group E (performance) facts: evidence and positions of a Performance or one
of its indicators, the fact key, half units and the grade (优/良/中/差) of a score.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.model.document import Indicator, Performance
from juesuan.observe.fact_make import ev
from juesuan.text.intervals import half_unit
from juesuan.text.normalize import normalize_label

_D0 = Decimal(0)
_D100 = Decimal(100)


def _pev(pf: Performance, text: str | None = None) -> Any:
    return ev(text or pf.execution_raw or pf.raw or pf.project, pf.page, pf.line, "绩效自评表", pf.project, None)


def _iev(pf: Performance, ind: Indicator) -> Any:
    return ev(ind.raw or f"{ind.name} {ind.target} {ind.actual} {ind.weight} {ind.score}", ind.page, ind.line, "绩效自评表", ind.name, "得分")


def _pos(pf: Performance) -> dict[str, Any]:
    return {"page": pf.page, "line": pf.line, "project": pf.project, "table_kind": pf.kind}


def _key(pf: Performance) -> str:
    return f"{pf.kind}:{pf.line or 0}:{normalize_label(pf.project)[:30]}"


def _hs(d: Decimal) -> Decimal:
    """Half a unit of a printed score: integers are exact points, so count them as printed to 0.01."""
    exp = d.as_tuple().exponent
    return half_unit(d) if isinstance(exp, int) and exp < 0 else Decimal("0.005")


DEFAULT_GRADE_BANDS = {"优": 90, "良": 80, "中": 60}  # lower bounds; below the lowest: 差


def grade_for(score: Decimal) -> str:
    """The grade of a total score under the profile's ``grade_bands`` (lower bound of each grade)."""
    from juesuan.observe.context import param

    bands = param("grade_bands") or DEFAULT_GRADE_BANDS
    for grade, lower in sorted(bands.items(), key=lambda kv: -Decimal(str(kv[1]))):
        if score >= Decimal(str(lower)):
            return str(grade)
    return "差"
