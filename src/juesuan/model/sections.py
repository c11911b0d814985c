"""Section structure of a disclosure: headings, their level, the 目录 (table of contents) and the body.

Levels: 1 = 第X部分, 2 = 一、, 3 = （一）/(一), 4 = 1. / 1、

Only running-text blocks (``TextLine``) are considered: grids are tables. Numbered list items
inside paragraphs ("1、负责贯彻落实…，…", "（一）一般公共预算财政拨款收入：指…") are not headings: a heading is
short, has no sentence punctuation inside, no definition colon and no amount; T1 item labels
flattened into text ("一、一般公共预算财政拨款收入") are not headings either.

The 目录 runs from a "目录"/"目 录" line until the body starts: where the first 目录 heading is
repeated (same level and number), else after the last dotted-leader/page-number entry, else at the
first heading followed by running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.ingest.raw import Grid, RawDocument, TextLine
from juesuan.model.document import Section
from juesuan.model.subjects import similarity
from juesuan.text.normalize import normalize_label, normalize_text
from juesuan.vocab.catalog import T1_EXPENSE_TOTALS, T1_INCOME_ITEMS, T4_EXPENSE_TOTALS, T4_INCOME_ITEMS

CN_NUM = "一二三四五六七八九十百零〇两"

# the 26 function classes of the T1/T4 spending side (labels a flattened table prints as "一、…支出")
FUNCTION_CLASSES: tuple[str, ...] = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "债务还本支出", "债务付息支出",
    "抗疫特别国债安排的支出",
)
TABLE_LABELS: frozenset[str] = frozenset(
    normalize_label(x)
    for x in (*T1_INCOME_ITEMS, *T1_EXPENSE_TOTALS, *T4_INCOME_ITEMS, *T4_EXPENSE_TOTALS, *FUNCTION_CLASSES,
              "国有资本经营财政拨款", "使用非财政拨款结余和专用结余")
)

# Mandatory sections (GUIDE §2 A): canonical name -> (keywords any of which identifies it, aliases for similarity)
MANDATORY_SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "名词解释": (("名词解释", "名词说明", "专业名词"), ("名词解释", "专业名词解释", "相关名词解释")),
    "三公经费": (
        ("三公",),
        ("财政拨款三公经费支出决算情况说明", "一般公共预算财政拨款三公经费支出决算情况说明", "三公经费支出情况说明"),
    ),
    "机关运行经费": (("机关运行经费", "运行经费"), ("机关运行经费支出情况说明", "机关运行经费支出说明", "机关运行经费情况")),
    "政府采购": (("政府采购",), ("政府采购支出情况说明", "政府采购支出说明", "政府采购情况说明")),
    "国有资产占用": (("国有资产", "资产占用"), ("国有资产占用情况说明", "国有资产占用情况", "国有资产信息")),
    "预算绩效": (
        ("预算绩效", "绩效评价情况", "绩效管理情况", "绩效情况说明"),
        ("预算绩效情况说明", "预算绩效管理情况说明", "预算绩效评价情况说明", "绩效评价情况说明"),
    ),
}

_MD = re.compile(r"^(?:[-*+•●◆■□]\s+|#{1,6}\s*|>\s*)+")
_LEADER_PAGE = re.compile(r"\s*(?:[.…·•．。\-_—]{2,}|…+)\s*\d{1,3}\s*$")
_TRAIL_PAGE = re.compile(r"(?<=[明况表责置释件能成])\s*\d{1,3}\s*$")
_L1 = re.compile(rf"^(第[{CN_NUM}\d]+部分)\s*(.*)$")
_L2 = re.compile(rf"^([{CN_NUM}]+)\s*[、.]\s*(.+)$")
_L3 = re.compile(rf"^[(（]\s*([{CN_NUM}]+)\s*[)）]\s*(.*)$")
_L4 = re.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*(\S.*)$")
_AMOUNT = re.compile(r"\d\s*(?:万元|亿元|元|%)")
_ENDINGS = ("表", "说明", "概况", "解释", "附件", "情况", "职责", "设置", "构成", "职能")


@dataclass
class _Cand:
    idx: int  # block index
    section: Section
    leader: bool  # printed with dotted leaders / a page number (目录 style)
    last: int = -1  # last block index of the heading (a 第X部分 title may wrap onto following lines)


def clean_line(text: str) -> str:
    """Normalised line without markdown list/emphasis markers."""
    t = normalize_text(text)
    t = _MD.sub("", t).replace("**", "").replace("__", "")
    return t.strip()


def _strip_leader(t: str) -> tuple[str, bool]:
    m = _LEADER_PAGE.search(t)
    if m:
        return t[: m.start()].rstrip(), True
    return t, False


def _valid_title(title: str, level: int) -> bool:
    if title.endswith((";", "；")):
        return False  # an item of an enumeration
    core = title.rstrip("。.:：;；")
    if not core:
        return level == 1
    if len(core) > (60 if level == 1 else 45 if level < 4 else 30):
        return False
    if re.search(r"[。;；!?！？]", core):
        return False
    if level > 1 and re.search(r"[,，]", core):
        return False
    m = re.search(r"[:：]", core)
    if m and len(core) - m.end() >= 6:
        return False
    if _AMOUNT.search(core) or re.search(r"\d+\.\d{1,2}$|\d{1,3}(?:,\d{3})+", core):
        return False
    if re.search(r"[=＝+]", core):
        return False
    if level == 4 and re.search(r"本表|本套报表|反映", core):
        return False  # a table note ("注：1. 本表反映…  2. 本套报表…")
    return True


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int | None:
    """"十二" -> 12, "3" -> 3; None when not a small number."""
    s = s.strip().strip("第部分（）()")
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c not in "十百" for c in s):
        return None
    total, cur = 0, 0
    for c in s:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _CN_DIGITS[c]
    return total + cur


def numbered(text: str) -> tuple[int, int] | None:
    """(level, ordinal) of a numbered line, heading or list item alike ("（二）承办…" -> (3, 2))."""
    t = clean_line(text)
    for level, rx in ((1, _L1), (3, _L3), (2, _L2), (4, _L4)):
        m = rx.match(t)
        if m:
            v = cn_to_int(m.group(1))
            return (level, v) if v is not None else None
    return None


def _table_label(title: str) -> bool:
    """A T1/T4 item label flattened into text ("一、一般公共预算财政拨款 21.63", "二、政府性基金预算财政拨")."""
    t = normalize_label(title.rstrip("。."))
    t = re.sub(r"[\d.,，]+$", "", t)
    if t in TABLE_LABELS:
        return True
    if re.search(r"[一二三四五六七八九十]、", t):
        return True  # two flattened cells of a two-sided table: "一般公共预算财政拨款收入一、一般公共服务支出"
    return len(t) >= 6 and any(lbl.startswith(t) for lbl in TABLE_LABELS)


def parse_heading(text: str) -> Section | None:
    """The heading a line prints, or None (no position set)."""
    t = clean_line(text)
    if not t or len(t) > 90:
        return None
    t, leader = _strip_leader(t)
    if not leader:
        t = _TRAIL_PAGE.sub("", t)
    for level, rx in ((1, _L1), (3, _L3), (2, _L2), (4, _L4)):
        m = rx.match(t)
        if not m:
            continue
        num, title = m.group(1), m.group(2).strip()
        if level == 2 and title.startswith(("、", ".")):
            return None
        if not _valid_title(title, level):
            return None
        if level == 2 and _table_label(title):
            return None
        number = {1: num, 2: num, 3: f"（{num}）", 4: num}[level]
        return Section(title=t, level=level, number=number)
    return None


def _is_toc_marker(t: str) -> bool:
    s = re.sub(r"\s+", "", clean_line(t))
    return s in ("目录", "目次", "目錄")


def _heading_title_body(s: Section) -> str:
    """The title without its numbering (for comparisons)."""
    t = s.title
    for rx in (_L1, _L3, _L2, _L4):
        m = rx.match(t)
        if m:
            return m.group(2).strip()
    return t


def _candidates(raw: RawDocument) -> list[_Cand]:
    blocks = raw.blocks
    out: list[_Cand] = []
    n = len(blocks)
    i = 0
    # last numbered line per level: (ordinal, accepted as heading, block index)
    last: dict[int, tuple[int, bool, int]] = {}
    while i < n:
        b = blocks[i]
        if not isinstance(b, TextLine):
            i += 1
            continue
        num = numbered(b.text or b.raw)
        sec = parse_heading(b.text or b.raw)
        if sec is not None and num is not None and num[1] > 1 and sec.level > 1:
            prev = last.get(num[0])
            # "（二）承办…。" after a long "（一）…" list item is the next list item, not a heading
            if prev and prev[0] == num[1] - 1 and not prev[1] and i - prev[2] <= 40:
                sec = None
        if num is not None:
            last[num[0]] = (num[1], sec is not None, i)
        if sec is None:
            i += 1
            continue
        _, leader = _strip_leader(clean_line(b.text or b.raw))
        raw_text = b.raw
        consumed = i
        if sec.level == 1:
            body = _heading_title_body(sec)
            # a 第X部分 whose title wraps onto the next line(s)
            j = i + 1
            joined = 0
            while j < n and joined < 2 and not body.endswith(_ENDINGS):
                nb = blocks[j]
                if isinstance(nb, Grid):
                    break
                nt = clean_line(nb.text or nb.raw)
                if not nt:
                    j += 1
                    continue
                if parse_heading(nt) is not None or len(nt) > 40 or _is_toc_marker(nt):
                    break
                if body and len(nt) > 6 and not nt.endswith(_ENDINGS):
                    break
                nt2, ld = _strip_leader(nt)
                leader = leader or ld
                body = (body + " " + nt2).strip() if body else nt2
                raw_text = raw_text.rstrip() + " " + nb.raw.strip()
                consumed = j
                joined += 1
                j += 1
            sec.title = normalize_text(f"{sec.number} {body}") if body else sec.number
        sec.page, sec.line, sec.raw = b.page, b.line, raw_text.strip()
        out.append(_Cand(i, sec, leader, consumed))
        i = consumed + 1
    return out


def _toc_range(raw: RawDocument, cands: list[_Cand]) -> tuple[int, int] | None:
    """(start, end) block indexes of the 目录 (end exclusive), or None."""
    blocks = raw.blocks
    limit = max(60, len(blocks) // 3)
    start = None
    for i, b in enumerate(blocks[:limit]):
        if isinstance(b, TextLine) and _is_toc_marker(b.text or b.raw):
            start = i
            break
    if start is None:
        # a 目录 without its title: a run of ≥ 3 dotted-leader headings near the top …
        lead = [c for c in cands if c.leader and c.idx < limit]
        if len(lead) >= 3:
            start = lead[0].idx - 1
        else:
            # … or a list of 第X部分 headings whose first one is repeated before any running text
            firsts = [c for c in cands if c.idx < limit and c.section.level == 1]
            if not firsts:
                return None
            c0 = firsts[0]
            rep = next((c for c in cands if c.idx > c0.idx and c.section.level == 1
                        and c.section.number == c0.section.number), None)
            if rep is None or _has_long_text(blocks, c0.idx, rep.idx):
                return None
            return c0.idx - 1, rep.idx
    after = [c for c in cands if c.idx > start]
    if not after:
        return None
    first = after[0].section
    first_body = _heading_title_body(first)
    for c in after[1:]:
        s = c.section
        if s.level == first.level and s.number == first.number and not c.leader:
            if first.level == 1 or similarity(_heading_title_body(s), first_body) >= 0.8:
                return start, c.idx
    leaders = [c for c in after if c.leader]
    if leaders:
        # the last leader entry of the first contiguous run of entries
        end = leaders[0].idx
        for c in after:
            if c.leader:
                end = c.idx
            elif c.idx > end and _has_text_between(blocks, end, c.idx):
                break
        return start, end + 1
    # no repeat and no leaders: the 目录 ends at the last heading before the first running text
    prev = start
    for i in range(start + 1, len(blocks)):
        b = blocks[i]
        if isinstance(b, TextLine):
            t = clean_line(b.text or b.raw)
            if len(t) >= 40 and parse_heading(t) is None:
                heads = [c for c in after if c.idx < i]
                return start, (heads[-1].idx if heads else prev + 1)
            prev = i
    return start, start + 1


def _has_long_text(blocks: list, a: int, b: int) -> bool:
    """Running text (not headings) of paragraph length between block indexes a and b."""
    for k in range(a + 1, b):
        x = blocks[k]
        if isinstance(x, TextLine):
            t = clean_line(x.text or x.raw)
            if len(t) >= 40 and parse_heading(t) is None:
                return True
    return False


def _has_text_between(blocks: list, a: int, b: int) -> bool:
    for k in range(a + 1, b):
        x = blocks[k]
        if isinstance(x, Grid):
            return True
        if isinstance(x, TextLine) and len(clean_line(x.text or x.raw)) >= 20:
            return True
    return False


def sections_with_blocks(raw: RawDocument) -> list[tuple[Section, int]]:
    """Every heading with the index of its block in ``raw.blocks``."""
    cands = _candidates(raw)
    toc = _toc_range(raw, cands)
    out: list[tuple[Section, int]] = []
    for c in cands:
        if toc and toc[0] < c.idx < toc[1]:
            c.section.in_toc = True
        out.append((c.section, c.idx))
    return out


def heading_blocks(raw: RawDocument) -> dict[int, Section]:
    """Block index -> heading, for every block a heading occupies (wrapped 第X部分 titles included)."""
    out: dict[int, Section] = {}
    for c in _candidates(raw):
        for k in range(c.idx, max(c.idx, c.last) + 1):
            out[k] = c.section
    return out


def extract_sections(raw: RawDocument) -> list[Section]:
    """Headings in document order (目录 entries flagged ``in_toc``)."""
    return [s for s, _ in sections_with_blocks(raw)]


def toc_range(raw: RawDocument) -> tuple[int, int] | None:
    """Block index range (start inclusive, end exclusive) of the 目录, or None."""
    return _toc_range(raw, _candidates(raw))


def block_index(raw: RawDocument, sections: list[Section]) -> list[tuple[Section, int]]:
    """Each section with the index of its heading's block (sections whose line is not a block are left out)."""
    pos: dict[tuple[int | None, int | None], int] = {}
    for i, b in enumerate(raw.blocks):
        if isinstance(b, TextLine):
            pos.setdefault((b.page, b.line), i)
    out = []
    for s in sections:
        i = pos.get((s.page, s.line))
        if i is not None:
            out.append((s, i))
    return out


def section_lines(raw: RawDocument, sections: list[Section]) -> dict[int, list[TextLine]]:
    """Body lines of each body section, keyed by the section's index in ``sections``: the text lines
    after the heading up to the next heading of the same or a higher level (sub-section text included).
    目录 entries get no lines."""
    located = block_index(raw, sections)
    idx_of = {id(s): k for k, s in enumerate(sections)}
    body = [(s, i) for s, i in located if not s.in_toc]
    heading_blocks = {i for _, i in located}
    out: dict[int, list[TextLine]] = {}
    for n, (s, i) in enumerate(body):
        end = len(raw.blocks)
        for s2, i2 in body[n + 1:]:
            if s2.level <= s.level:
                end = i2
                break
        out[idx_of[id(s)]] = [
            b for k, b in enumerate(raw.blocks[i + 1: end], start=i + 1)
            if isinstance(b, TextLine) and k not in heading_blocks
        ]
    return out


def section_text(raw: RawDocument, sections: list[Section]) -> dict[int, str]:
    """Body text of each body section (lines joined by newlines), keyed by index in ``sections``."""
    return {k: "\n".join(b.text for b in v) for k, v in section_lines(raw, sections).items()}


