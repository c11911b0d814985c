"""Put values back into their columns when an exporter collapsed the blank cells.

Pipe exports such as "2011399 | 其他商贸事务支出 | 56.41 | 56.41 | ||" drop blank cells
and pad the row at the end: the second 56.41 may be 基本支出 or 项目支出. For function
tables (T2/T3/T5/T8/T9) every row whose values form an unbroken prefix of the value
columns is a suspect; its candidate placements (values kept in order) are those that
satisfy the row identity (合计 = Σ parts; T8 also 年末 = 年初 + 本年收入 − 本年支出).
The placement is then chosen top-down along the code hierarchy (合计 → 类 → 款 → 项) so
that the children's column sums meet the parent's values, ties broken by how often a
column is used in practice (基本/项目支出, 财政拨款收入 first) and, for T2's 合计 row,
by the income lines of T1 when given. A row that no candidate explains keeps its
positional reading (the table is then wrong, and the rules say so).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations, product

from juesuan.model.document import Row

# lower = more often non-blank in real disclosures
_PRIOR: dict[str, dict[str, int]] = {
    "T2": {"合计": 0, "财政拨款收入": 0, "其他收入": 1, "事业收入": 2, "上级补助收入": 3, "经营收入": 4, "附属单位上缴收入": 5},
    "T3": {"合计": 0, "基本支出": 0, "项目支出": 1, "经营支出": 2, "上缴上级支出": 3, "对附属单位补助支出": 4},
    "T5": {"合计": 0, "基本支出": 0, "项目支出": 1},
    "T8": {"合计": 0, "本年收入": 0, "项目支出": 0, "基本支出": 1, "年末结转和结余": 2, "年初结转和结余": 2},
}
_PRIOR["T9"] = _PRIOR["T5"]


def _unit(vals: list[Decimal]) -> Decimal:
    exps = [v.as_tuple().exponent for v in vals if v is not None]
    e = max((x for x in exps if isinstance(x, int)), default=-2)
    return Decimal(1).scaleb(e)


def _close(a: Decimal, b: Decimal, n: int, unit: Decimal) -> bool:
    return abs(a - b) <= unit * (n + 1) / 2


def _holds(tid: str, p: dict[str, Decimal | None]) -> bool:
    z = Decimal(0)
    vals = [v for v in p.values() if v is not None]
    unit = _unit(vals)
    g = {k: (v if v is not None else z) for k, v in p.items()}
    if "合计" not in g:
        return True
    if tid in ("T2", "T3"):
        parts = [v for k, v in g.items() if k != "合计"]
        return _close(g["合计"], sum(parts, z), len(parts), unit)
    if tid in ("T5", "T9"):
        return _close(g["合计"], g.get("基本支出", z) + g.get("项目支出", z), 2, unit)
    if tid == "T8":
        ok = _close(g["合计"], g.get("基本支出", z) + g.get("项目支出", z), 2, unit)
        if "年末结转和结余" in g and "年初结转和结余" in g and "本年收入" in g:
            ok = ok and _close(g["年末结转和结余"], g["年初结转和结余"] + g["本年收入"] - g["合计"], 3, unit)
        return ok
    return True


def placements(tid: str, cols: list[str], seq: list[Decimal]) -> list[dict[str, Decimal | None]]:
    """Every order-keeping placement of ``seq`` into ``cols`` that satisfies the row identity."""
    out: list[dict[str, Decimal | None]] = []
    k = len(cols)
    if not seq or len(seq) > k:
        return out
    for pos in combinations(range(k), len(seq)):
        if "合计" in cols and cols.index("合计") == 0 and pos[0] != 0:
            continue  # the total is printed first and is never blank when parts are not
        p: dict[str, Decimal | None] = dict.fromkeys(cols)
        for i, v in zip(pos, seq, strict=True):
            p[cols[i]] = v
        if _holds(tid, p):
            out.append(p)
    prior = _PRIOR.get(tid, {})
    out.sort(key=lambda p: sum(prior.get(c, 9) for c, v in p.items() if v is not None))
    return out


def _parent(row: Row, by_code: dict[str, int], root: int | None) -> int | None:
    code = row.code
    if not code:
        return None
    if len(code) == 7:
        for pre in (code[:5], code[:3]):
            if pre in by_code:
                return by_code[pre]
    if len(code) == 5 and code[:3] in by_code:
        return by_code[code[:3]]
    return root


def _mismatch(parent: dict[str, Decimal | None], children: list[dict[str, Decimal | None]], cols: list[str]) -> int:
    z = Decimal(0)
    bad = 0
    for c in cols:
        pv = parent.get(c) or z
        vals = [ch.get(c) for ch in children]
        s = sum((v or z for v in vals), z)
        unit = _unit([v for v in [parent.get(c), *vals] if v is not None])
        if not _close(pv, s, len(children), unit):
            bad += 1
    return bad


def resolve(tid: str, cols: list[str], rows: list[Row], seqs: list[list[Decimal] | None],
            hint: dict[str, Decimal | None] | None = None) -> None:
    """Re-place the values of suspect rows in place (see module doc)."""
    if tid not in _PRIOR or not any(seqs):
        return
    options: list[list[dict[str, Decimal | None]]] = []
    for r, seq in zip(rows, seqs, strict=True):
        opts = placements(tid, cols, seq) if seq else []
        options.append(opts or [dict(r.values)])
    by_code = {r.code: i for i, r in enumerate(rows) if r.code}
    root = next((i for i, r in enumerate(rows) if r.code is None and r.name == "合计"), None)
    children: dict[int | None, list[int]] = {}
    for i, r in enumerate(rows):
        if i == root or r.code is None:
            continue
        children.setdefault(_parent(r, by_code, root), []).append(i)
    chosen: dict[int, dict[str, Decimal | None]] = {}
    if root is not None:
        opts = options[root]
        if hint and len(opts) > 1:
            def miss(p: dict[str, Decimal | None]) -> int:
                return sum(1 for c, hv in hint.items() if c in p and (p[c] or 0) != (hv or 0))
            opts = sorted(opts, key=miss)
        chosen[root] = opts[0]
    order = [root] if root is not None else []
    order += [i for i, r in enumerate(rows) if r.code and len(r.code) == 3]
    order += [i for i, r in enumerate(rows) if r.code and len(r.code) == 5]
    seen: set[int] = set()
    queue = list(order)
    while queue:
        p = queue.pop(0)
        if p in seen:
            continue
        seen.add(p)
        if p not in chosen:
            chosen[p] = options[p][0]
        kids = [k for k in children.get(p, []) if k not in chosen]
        if not kids:
            continue
        combos = 1
        for k in kids:
            combos *= len(options[k])
        if combos <= 4096:
            best = min(
                product(*(range(len(options[k])) for k in kids)),
                key=lambda idx: (
                    _mismatch(chosen[p], [options[k][j] for k, j in zip(kids, idx, strict=True)], cols),
                    sum(idx),
                ),
            )
            for k, j in zip(kids, best, strict=True):
                chosen[k] = options[k][j]
        else:
            for k in kids:
                chosen[k] = options[k][0]
        queue.extend(kids)
    # rows outside the hierarchy (no parent found)
    for i in range(len(rows)):
        if i not in chosen:
            chosen[i] = options[i][0]
    for i, r in enumerate(rows):
        if seqs[i]:
            r.values = chosen[i]
