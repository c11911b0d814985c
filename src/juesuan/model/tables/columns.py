"""Header rows -> the ordered canonical value columns of a table (catalog names).

Headers come in one to three rows, with merged cells as ``None`` (PDF) or ``""``
(text exports), wrapped words ("基\\n本支出") and spaced words ("合 计"). Two readings:

* positional: each column's labels top-down after a hierarchical forward fill (a blank
  header cell takes its left neighbour's label only inside the same parent span);
  each column is named by its lowest label that maps to a canonical column;
* sequential: every header cell in reading order (for exports that put each header
  cell on a row of its own).

The reading that recognises more columns wins (positional on ties). When neither
recognises anything, the catalog's template order is used.
"""

from __future__ import annotations

import re

from juesuan.text.normalize import normalize_label
from juesuan.vocab.catalog import TABLE_BY_ID

_TOTAL_T3 = r"^(?:本年支出合计|支出合计|合计|小计|总计)$"
_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "T2": [
        ("合计", re.compile(r"^(?:本年收入合计|收入合计|合计|小计|总计)$")),
        ("财政拨款收入", re.compile(r"财政拨款")),
        ("上级补助收入", re.compile(r"上级补助")),
        ("事业收入", re.compile(r"^事业收入")),
        ("经营收入", re.compile(r"^经营收入")),
        ("附属单位上缴收入", re.compile(r"附属单位")),
        ("其他收入", re.compile(r"^其他收入")),
    ],
    "T3": [
        ("合计", re.compile(_TOTAL_T3)),
        ("基本支出", re.compile(r"基本支出")),
        ("项目支出", re.compile(r"项目支出")),
        ("上缴上级支出", re.compile(r"上缴上级")),
        ("经营支出", re.compile(r"^经营支出")),
        ("对附属单位补助支出", re.compile(r"附属单位补助")),
    ],
    "T5": [
        ("合计", re.compile(r"^(?:小计|合计|本年支出合计|支出合计|本年支出|总计)$")),
        ("基本支出", re.compile(r"基本支出")),
        ("项目支出", re.compile(r"项目支出")),
    ],
    "T8": [
        ("年初结转和结余", re.compile(r"年初.*结转")),
        ("本年收入", re.compile(r"^本年收入(?:合计)?$")),
        ("合计", re.compile(r"^(?:小计|合计|本年支出合计|本年支出)$")),
        ("基本支出", re.compile(r"基本支出")),
        ("项目支出", re.compile(r"项目支出")),
        ("年末结转和结余", re.compile(r"年末.*结转")),
    ],
    "T4": [
        ("合计", re.compile(r"^(?:合计|小计)$")),
        ("一般公共预算财政拨款", re.compile(r"一般公共预算")),
        ("政府性基金预算财政拨款", re.compile(r"政府性基金")),
        ("国有资本经营预算财政拨款", re.compile(r"国有资本经营")),
    ],
}
_PATTERNS["T9"] = _PATTERNS["T5"]


_LABEL_COLUMN = {"项目", "类", "款", "项", "栏次", "行次", "功能分类", "经济分类", "代码", "编码", "名称"}


def _patterns(tid: str) -> list[tuple[str, re.Pattern[str]]]:
    """Header patterns of ``tid``: the 决算 tables' here, other tables' from the catalog."""
    if tid not in _PATTERNS and tid in TABLE_BY_ID:
        _PATTERNS[tid] = [(c, re.compile(p)) for c, p in TABLE_BY_ID[tid].header_patterns]
    return _PATTERNS.get(tid, [])


def map_label(tid: str, label: str) -> str | None:
    """One header label -> canonical column of table ``tid`` (None when it names none)."""
    lab = normalize_label(label)
    if not lab:
        return None
    for canon, pat in _patterns(tid):
        if pat.search(lab):
            return canon
    return None


def fill_header(rows: list[list[str | None]]) -> list[list[str]]:
    """Hierarchical forward fill of header rows (see module doc)."""
    width = max((len(r) for r in rows), default=0)
    filled: list[list[str]] = []
    for r, row in enumerate(rows):
        out: list[str] = []
        for j in range(width):
            c = row[j] if j < len(row) else None
            c = normalize_label(c) if c else ""
            if not c and j > 0 and out[j - 1]:
                if r == 0:
                    c = out[j - 1]
                else:
                    up = filled[r - 1]
                    if up[j] and up[j] == up[j - 1]:
                        c = out[j - 1]
            out.append(c)
        filled.append(out)
    return filled


def _dedupe(seq: list[str]) -> list[str]:
    out: list[str] = []
    for s in seq:
        if s not in out:
            out.append(s)
    return out


def _grouped_columns(tid: str, filled: list[list[str]]) -> list[str]:
    """Catalog-driven tables (预算): a 小计 under a parent label is the parent's column
    ("本年收入 / 小计" -> 本年收入, "基本支出 / 小计" -> 基本支出), and a label repeated under
    another parent is qualified by it ("上年结转结余 / 一般公共预算" -> "上年结转结余-一般公共预算").
    A value column that names no canonical column (上年执行数, 增减额 …) keeps its place under its
    printed label ("列3:2025年执行数"), so the columns after it stay aligned."""
    seq: list[str] = []
    for j in range(len(filled[0])):
        stack = [filled[r][j] for r in range(len(filled)) if filled[r][j]]
        stack = [lab for k, lab in enumerate(stack) if k == 0 or lab != stack[k - 1]]
        if not stack or any(lab in _LABEL_COLUMN or "科目" in lab for lab in stack):
            continue
        mapped = [(k, c) for k, lab in enumerate(stack) if (c := map_label(tid, lab))]
        if not mapped and not seq and not re.search(r"数|额|执行|预算|%", "".join(stack)):
            continue  # a label column before the values ("单位名称")
        if not mapped or any("执行" in lab or "增减" in lab or "上年" in lab and "结转" not in lab for lab in stack):
            seq.append(f"列{j + 1}:{'/'.join(stack)}")
            continue
        k, canon = mapped[-1]
        parents = [c for kk, c in mapped if kk < k and c != canon]
        if stack[k] in ("小计", "合计") and parents:
            canon = parents[-1]
            parents = parents[:-1]
        if parents and (canon in seq or parents[-1] == "上年结转结余"):
            canon = f"{parents[-1]}-{canon}"
        seq.append(canon if canon not in seq else f"列{j + 1}:{'/'.join(stack)}")
    return seq


_SUBTOTAL = re.compile(r"^(?:小计|合计|总计)$")
SKIP = "\x00"  # prefix of a slot that holds a column the table's catalog does not name


def positional_slots(tid: str, rows: list[list[str | None]]) -> list[str | None]:
    """Per printed value column (label columns left out), its canonical column or None.

    * A subtotal column under a parent header ("财政拨款收入: 小计 | 一般公共预算 | 政府性基金预算")
      takes the parent's canonical column when that names one not yet taken, else its own
      label's; the parts under that parent then name nothing (None) — they are columns of the
      table all the same, and the values after them must not move left.
    * Parts under a parent that names a canonical column, with no subtotal column and no name
      of their own ("基本支出: 人员支出 | 公用经费"), all carry the parent's column: the reader
      adds them up.
    """
    return _slots(tid, rows)[0]


def _slots(tid: str, rows: list[list[str | None]]) -> tuple[list[str | None], bool]:
    """``positional_slots`` and whether the header has subtotal or part columns (a name printed
    again under another parent, parts added up): only then do positions differ from names."""
    filled = fill_header(rows)
    if not filled:
        return [], False
    width = len(filled[0])
    structural = False
    out: list[str | None] = []
    taken: set[str] = set()
    summed: dict[str, str] = {}  # canonical -> the parent label whose parts add up to it
    started = False
    for j in range(width):
        stack = [filled[r][j] for r in range(len(filled)) if filled[r][j]]
        if any(lab in _LABEL_COLUMN or "科目" in lab for lab in stack):
            continue  # a code / name column
        if not any(j < len(r) and r[j] and normalize_label(r[j]) for r in rows):
            if started:
                out.append(None)  # no label of its own (a span filled from the left): holds its place only
            continue
        canon: str | None = None
        lowest = stack[-1] if stack else ""
        # the nearest ancestor label that names a column ("本年收入" over 小计 may name none)
        parent, pc = next(((lab, c) for lab in reversed(stack[:-1]) if lab != lowest
                           and (c := map_label(tid, lab))), ("", None))
        if _SUBTOTAL.match(lowest) and len(stack) > 1:
            canon = pc if pc and pc not in taken else map_label(tid, lowest)
        else:
            canon = map_label(tid, lowest) if lowest else None
            if canon is None and pc:
                if pc not in taken or summed.get(pc) == parent:
                    if pc not in taken:
                        summed[pc] = parent
                    out.append(pc)  # one more part of a parent column without subtotal
                    structural = structural or pc in taken
                    taken.add(pc)
                    started = True
                    continue
                structural = True  # a part under a column its subtotal already gave
        if canon in taken:
            canon, structural = None, True
        if canon:
            taken.add(canon)
            started = True
        if started or canon:
            out.append(canon)
    while out and out[-1] is None:
        out.pop()
    return out, structural


def positional_columns(tid: str, rows: list[list[str | None]]) -> list[str]:
    if tid in TABLE_BY_ID and TABLE_BY_ID[tid].kind == "预算":  # budget headers: grouped by parent label
        filled = fill_header(rows)
        return _grouped_columns(tid, filled) if filled else []
    return _dedupe([c for c in positional_slots(tid, rows) if c])


def value_slots(tid: str, header_rows: list[list[str | None]]) -> list[str] | None:
    """The value columns in printed order when the header has columns between named ones that
    a consecutive reading by ``ordered_columns`` would lose (every later value one column off):
    unnamed columns (subtotal parts) as ``SKIP + index`` placeholders, parts of one column
    repeated under its name (to be added up). None when ``ordered_columns`` reads the header right."""
    slots, structural = _slots(tid, header_rows)
    named = [c for c in slots if c]
    if not structural:
        return None  # unnamed columns alone: read as before (the catalog may lack a name)
    if len(set(named)) < max(2, len(sequential_columns(tid, header_rows))):
        return None
    return [c if c else f"{SKIP}{k}" for k, c in enumerate(slots)]


def sequential_columns(tid: str, rows: list[list[str | None]]) -> list[str]:
    seq = [map_label(tid, c) for row in rows for c in row if c]
    return _dedupe([s for s in seq if s])


def ordered_columns(tid: str, header_rows: list[list[str | None]]) -> list[str]:
    """The canonical value columns of a table in printed order."""
    spec = TABLE_BY_ID[tid].columns
    if tid == "T4":
        spec = ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    pos = positional_columns(tid, header_rows)
    seq = sequential_columns(tid, header_rows)
    if len(pos) >= max(2, len(seq)) or (len(pos) >= 2 and TABLE_BY_ID[tid].kind == "预算"):
        return pos
    if len(seq) >= 2:
        if set(seq) <= set(spec):
            return [c for c in spec if c in seq]
        return seq
    return list(spec)


_LABELISH = re.compile(r"代码|编码|名称|科目|^(?:项目|类|款|项|栏次|行次|功能分类|经济分类)$")
_UNIT_KEY = re.compile(r"^(?:部门|单位|预算单位)(?:代码|编码|名称)$")


def label_columns(header_rows: list[list[str | None]]) -> tuple[int, bool]:
    """How many leading columns of the header are label columns (code, name), and whether the
    rows are keyed by unit (部门代码 / 单位名称 …) rather than by function code."""
    filled = fill_header(header_rows)
    if not filled:
        return 0, False
    n = 0
    unit = False
    for j in range(len(filled[0])):
        stack = [filled[r][j] for r in range(len(filled)) if filled[r][j]]
        if not stack or not any(_LABELISH.search(lab) for lab in stack[-2:]):
            break
        unit = unit or any(_UNIT_KEY.match(lab) for lab in stack)
        n += 1
    return n, unit


def split_code_positions(header_rows: list[list[str | None]]) -> tuple[int, int, int] | None:
    """Column indexes of 类 | 款 | 项 when the code is printed over three columns."""
    for row in header_rows:
        labs = [normalize_label(c) if c else "" for c in row]
        for j in range(len(labs) - 2):
            if labs[j] == "类" and labs[j + 1] == "款" and labs[j + 2] == "项":
                return j, j + 1, j + 2
    return None
