"""T7 (三公经费) rows: one wide row of 预算数/决算数 blocks, or one row per item; item names canonicalised.
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.model.document import Row
from juesuan.model.tables.brow import _TOTAL, BRow, has_amount, is_lanci_row, strip_numbering
from juesuan.model.tables.columns import fill_header
from juesuan.text.normalize import normalize_label, parse_amount

# --------------------------------------------------------------------------- T7

_SG_ORDER = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费",
             "会议费", "培训费")


def sangong_item(label: str) -> str | None:
    lab = strip_numbering(label)
    lab = re.sub(r"^其中[:：]?", "", lab)
    lab = strip_numbering(lab)
    if not lab or parse_amount(lab) is not None:
        return None
    if lab in _TOTAL or lab.endswith("合计") and len(lab) <= 8:
        return "合计"
    if "出国" in lab or "出境" in lab:
        return "因公出国（境）费"
    if "购置" in lab and "运行" in lab or lab in ("小计", "公务用车小计"):
        return "公务用车购置及运行费"
    if "购置" in lab:
        return "公务用车购置费"
    if "运行" in lab:
        return "公务用车运行费"
    if "接待" in lab:
        return "公务接待费"
    if "会议" in lab:
        return "会议费"
    if "培训" in lab:
        return "培训费"
    return None


def _measures(text: str) -> list[str]:
    pos = {m: text.find(m[:2]) for m in ("预算数", "决算数")}
    found = [m for m in ("预算数", "决算数") if pos[m] >= 0]
    return sorted(found, key=lambda m: pos[m]) or ["预算数", "决算数"]


def _block(text: str) -> list[str]:
    h = text
    block: list[str] = []
    if "合计" in h or "总计" in h:
        block.append("合计")
    if "出国" in h:
        block.append("因公出国（境）费")
    rest = re.sub(r"购置[及和与]运行(?:维护)?费?", "", h)
    if "小计" in h or re.search(r"购置[及和与]运行", h):
        block.append("公务用车购置及运行费")
    if "购置" in rest:
        block.append("公务用车购置费")
    if "运行" in rest:
        block.append("公务用车运行费")
    if "接待" in h:
        block.append("公务接待费")
    if "会议" in h:
        block.append("会议费")
    if "培训" in h:
        block.append("培训费")
    return block


def _sangong_positions(header: list[BRow]) -> list[tuple[str | None, str | None]] | None:
    """(item, measure) of every column when the header names them positionally, else None."""
    rows = [r.cells for r in header if not is_lanci_row(r) and r.nonempty()]
    if not rows:
        return None
    filled = fill_header(rows)
    out: list[tuple[str | None, str | None]] = []
    for j in range(len(filled[0])):
        stack = [filled[r][j] for r in range(len(filled)) if filled[r][j]]
        measure = next((("预算数" if "预算" in lab else "决算数") for lab in reversed(stack)
                        if "预算" in lab or "决算" in lab), None)
        item = None
        for lab in reversed(stack):
            if lab.startswith(("预算", "决算", "全年预算", "年初预算")):
                continue
            item = sangong_item(lab)
            if item:
                break
        out.append((item, measure))
    pairs = [p for p in out if p[0] and p[1]]
    if len(pairs) < 2 or len(set(pairs)) != len(pairs):
        return None
    by_m: dict[str, set[str]] = {}
    for it, m in pairs:
        by_m.setdefault(m, set()).add(it)
    sets = list(by_m.values())
    if any(s != sets[0] for s in sets) or "合计" not in sets[0]:
        return None
    return out


def sangong_rows(header: list[BRow], body: list[BRow]) -> tuple[list[str], list[Row]]:
    hdr = normalize_label(" ".join(r.text for r in header if not is_lanci_row(r)))
    data = [r for r in body if not is_lanci_row(r)]
    item_rows = [r for r in data if r.nonempty() and sangong_item(r.nonempty()[0])]
    if len(item_rows) >= 2:
        measures = _measures(hdr)
        found: dict[str, Row] = {}
        for r in item_rows:
            cells = r.cells
            li = next(i for i, c in enumerate(cells) if c)
            item = sangong_item(cells[li]) or ""
            amts = [c for c in cells[li + 1:]]
            if len([c for c in amts if c]) < len(measures):
                amts = [c for c in amts if c] + [""] * len(measures)
            vals = {m: parse_amount(amts[k]) if k < len(amts) else None for k, m in enumerate(measures)}
            if item not in found:
                found[item] = Row(code=None, name=item, values=vals, page=r.page, line=r.line, raw=r.raw)
        order = [it for it in _SG_ORDER if it in found]
        return measures, [found[it] for it in order]
    amount_rows = [r for r in data if has_amount(r)]
    pos = _sangong_positions(header)
    if pos and len(amount_rows) == 1:
        r = amount_rows[0]
        filled_cells = [j for j, c in enumerate(r.cells) if c]
        if filled_cells and max(filled_cells) < len(pos) + 1 and len(r.cells) >= len(pos) - 1:
            values_p: dict[str, dict[str, Decimal | None]] = {}
            for j, (it, m) in enumerate(pos):
                if it is None or m is None:
                    continue
                values_p.setdefault(it, {})[m] = parse_amount(r.cells[j]) if j < len(r.cells) else None
            measures_p = [m for m in ("预算数", "决算数") if any(m in v for v in values_p.values())]
            order = [it for it in _SG_ORDER if it in values_p]
            return measures_p, [Row(code=None, name=it, values={m: values_p[it].get(m) for m in measures_p},
                                    page=r.page, line=r.line, raw=r.raw) for it in order]
    block = _block(hdr)
    if not amount_rows:
        return _measures(hdr), []
    if not block:
        n = max(sum(1 for c in r.cells if parse_amount(c) is not None) for r in amount_rows)
        block = list(_SG_ORDER[:6])
        measures = ["预算数", "决算数"] if n >= 12 else ["决算数"]
    else:
        measures = _measures(hdr)
    total_row = next((r for r in amount_rows if r.nonempty() and sangong_item(r.nonempty()[0]) == "合计"), None)
    if block and "预算" not in hdr and "决算" not in hdr:
        # no measure in the header: one measure unless the row holds two blocks of values
        n = sum(1 for c in (total_row or amount_rows[0]).cells if parse_amount(c) is not None)
        measures = ["预算数", "决算数"] if n > len(block) else ["决算数"]
    per_measure_rows = [r for r in amount_rows if r.nonempty() and normalize_label(r.nonempty()[0])[:2] in ("预算", "决算")]
    values: dict[str, dict[str, Decimal | None]] = {it: {} for it in block}
    src: BRow = amount_rows[0]
    if per_measure_rows:
        for r in per_measure_rows:
            cells = r.cells
            li = next(i for i, c in enumerate(cells) if c)
            m = "预算数" if normalize_label(cells[li]).startswith("预算") else "决算数"
            seq = cells[li + 1:]
            for k, it in enumerate(block):
                values[it][m] = parse_amount(seq[k]) if k < len(seq) else None
        measures = _measures(" ".join(normalize_label(r.nonempty()[0]) for r in per_measure_rows))
        src = per_measure_rows[0]
    else:
        r = total_row or amount_rows[0]  # one row per unit: the 合计 row is the table's
        src = r
        cells = r.cells
        first = next((i for i, c in enumerate(cells) if c and parse_amount(c) is not None), 0)
        lead = [c for c in cells[:first] if c]
        start = first if lead else 0
        need = len(block) * len(measures)
        seq = cells[start:]
        filled = [c for c in seq if c]
        if len(seq) < need and len(filled) == len(seq):
            seq = seq + [""] * (need - len(seq))
        for mi, m in enumerate(measures):
            for k, it in enumerate(block):
                j = mi * len(block) + k
                values[it][m] = parse_amount(seq[j]) if j < len(seq) else None
    rows = [Row(code=None, name=it, values={m: values[it].get(m) for m in measures}, page=src.page,
                line=src.line, raw=src.raw) for it in block]
    return measures, rows
