"""Body rows as read from a grid (``BRow``: cleaned cells, raw cells, position) and the helpers every
table's row extractor shares: numbering stripped, code cells, 栏次 rows, header/body split, values by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.text.normalize import normalize_label, normalize_text, parse_amount, parse_code


@dataclass
class BRow:
    """A body row: normalised cells ("" for blank/merged), verbatim cells, position."""

    cells: list[str]
    raw_cells: list[str]
    page: int | None
    line: int | None

    @property
    def raw(self) -> str:
        return " | ".join(c.strip() for c in self.raw_cells if c and c.strip())

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    def nonempty(self) -> list[str]:
        return [c for c in self.cells if c]


_MULTI_AMOUNT = re.compile(r"^-?[\d,]*\d\.\d+(?:\s+-?[\d,]*\d\.\d+)+$")


def make_brow(cells: list[str | None], raw_cells: list[str | None], page: int | None, line: int | None) -> BRow:
    norm: list[str] = []
    absorb = 0  # blank cells next to a split cell stand for the columns it held
    for c in cells:
        t = normalize_text(c.replace("\n", " ")) if c else ""
        if absorb and not t:
            absorb -= 1
            continue
        absorb = 0
        if _MULTI_AMOUNT.match(t):
            parts = t.split()  # two columns the PDF reader did not separate ("261.20 56.41")
            norm.extend(parts)
            absorb = len(parts) - 1
        else:
            norm.append(t)
    raw = [c if c is not None else "" for c in raw_cells]
    return BRow(norm, raw, page, line)


# 26 类 of the 政府收支分类科目 (支出功能分类), current and older names
LEI_CODES: dict[str, str] = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207", "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208", "社会保险基金支出": "209", "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210", "节能环保支出": "211", "城乡社区支出": "212", "农林水支出": "213",
    "交通运输支出": "214", "资源勘探工业信息等支出": "215", "资源勘探信息等支出": "215",
    "商业服务业等支出": "216", "金融支出": "217", "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220", "国土海洋气象等支出": "220", "住房保障支出": "221",
    "粮油物资储备支出": "222", "国有资本经营预算支出": "223", "灾害防治及应急管理支出": "224",
    "预备费": "227", "其他支出": "229", "转移性支出": "230", "债务还本支出": "231",
    "债务付息支出": "232", "债务发行费用支出": "233", "抗疫特别国债安排的支出": "234",
}

_NUM_PREFIX = re.compile(
    r"^(?:其中[:：]?)?\s*(?:[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]\d{1,2}[）)]|\d{1,2}[、.．](?!\d))\s*"
)
_CODE_NAME = re.compile(r"^\[?\s*(\d{3}(?:\s?\d{2}){0,2})\s*\]?\s*([^\d\s.,].*)$")
_TOTAL = {"合计", "总计", "合计数", "本年合计"}
_HEADER_WORDS = {"收入", "支出", "项目", "行次", "金额", "栏次", "收入项目", "支出项目", "决算数", "合计数"}


def strip_numbering(name: str) -> str:
    s = normalize_label(name)
    prev = None
    while prev != s:
        prev = s
        s = _NUM_PREFIX.sub("", s)
    return s


def is_code_cell(c: str) -> bool:
    return bool(c) and "." not in c and "," not in c and parse_code(c) is not None


_LANCI_LABELS = {"栏次", "栏号", "行次", "甲", "乙", "丙", "丁", "a", "b", "c", "A", "B", "C", "*", "**", "***", "—", "-"}


def is_lanci_row(r: BRow) -> bool:
    """The 栏次 row (column numbers) of a header: "栏次 | | 1 | 2 | 3", "甲 | 乙 | 1 | 2 | 3", "** | 1 | 2",
    "1 | 2 | 3 …", or on a continuation page "7 | 8 | 9" (consecutive numbers from any start)."""
    labs = [normalize_label(c) for c in r.cells if c]
    if not labs:
        return False
    if any(lab.startswith(("栏次", "栏号")) for lab in labs):  # "栏次1" when the reader glued the cells
        return True
    lead = 0
    while lead < len(labs) and labs[lead] in _LANCI_LABELS:
        lead += 1
    nums_s = labs[lead:]
    if len(nums_s) < 2 or not all(re.fullmatch(r"\d{1,2}", c) for c in nums_s):
        return False
    nums = [int(c) for c in nums_s]
    if nums != list(range(nums[0], nums[0] + len(nums))):
        return False
    return bool(lead) or nums[0] in (0, 1) or len(nums) >= 3


def has_amount(r: BRow) -> bool:
    return any(parse_amount(c) is not None for c in r.cells if c)


def split_header(rows: list[BRow]) -> tuple[list[BRow], list[BRow]]:
    """(header rows incl. 栏次, body rows): the header ends at the first row with an
    amount, a code or a total label."""
    for k, r in enumerate(rows):
        if is_lanci_row(r):
            continue
        labs = [normalize_label(c) for c in r.cells if c]
        if has_amount(r) or any(is_code_cell(c) for c in r.cells[:4] if c):
            return rows[:k], rows[k:]
        if len(labs) <= 2 and any(lab in _TOTAL for lab in labs):
            return rows[:k], rows[k:]
        if any(re.match(r"^[一二三四五六七八九十]+、", lab) for lab in labs):
            return rows[:k], rows[k:]  # numbered items (T1/T4) printed without values
    return rows, []


def _vals(cells: list[str], start: int, cols: list[str]) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    for k, col in enumerate(cols):
        j = start + k
        out[col] = parse_amount(cells[j]) if 0 <= j < len(cells) else None
    return out


def _slot_vals(cells: list[str], start: int, slots: list[str]) -> dict[str, Decimal | None]:
    """Values by printed column; parts printed under one column's name are added up."""
    out: dict[str, Decimal | None] = {}
    for k, col in enumerate(slots):
        j = start + k
        v = parse_amount(cells[j]) if 0 <= j < len(cells) else None
        prev = out.get(col)
        out[col] = v if prev is None else (prev + v if v is not None else prev)
    return out


def _code_pieces(cells: list[str], i: int, code: str) -> list[tuple[int, str]]:
    """款/项 digits printed in their own cells after a 类 (or 款) code: "201 | 06 | 01 | 行政运行"."""
    room = {3: 2, 5: 1}.get(len(code), 0)
    out: list[tuple[int, str]] = []
    j = i + 1
    while j < len(cells) and len(out) < room:
        c = cells[j]
        if c and not re.fullmatch(r"\d{2}", c):
            break
        if c:
            out.append((j, c))
        j += 1
    if not out:
        return []
    nxt = next((c for c in cells[out[-1][0] + 1:] if c), "")
    return out if nxt and parse_amount(nxt) is None else []
