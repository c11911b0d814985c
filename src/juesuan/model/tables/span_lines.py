"""Lines around and inside a table's span in the item stream, for ``builder._scan``: header cells
exported as lines of their own, header words run together on one line (unruled tables), running
page headers at a page break inside a table, and a table code repeated before its title on a
continuation page.
"""

from __future__ import annotations

import re

from juesuan.model.tables.anchors import _Anchor, _anchor_of, _is_meta_item, _Item
from juesuan.model.tables.find import classify_title, is_footnote
from juesuan.text.normalize import normalize_label

_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


def _header_like(it: _Item) -> bool:
    t = normalize_label(it.text)
    return (
        it.kind == "text"
        and 0 < len(t) <= 16
        and re.search(r"[\u4e00-\u9fff]", t) is not None
        and not re.search(r"[，。；：:！？!?,;]", t)
        and not is_footnote(it.text)
        and not _HEADING.match(t)
        and classify_title(it.raw_text) is None
    )


_HEADER_WORDS_RE = re.compile(r"收入|支出|合计|小计|项目|科目|决算|预算|基本|经费|结转|结余|栏次|行次|金额|名称|代码|编码|拨款")


def _header_words_line(items: list[_Item], j: int) -> bool:
    """A longer text line of header words run together, as unruled tables print their wrapped
    header ("本年收入财政拨款上级补事业经营附属单位其他"): only header vocabulary, no punctuation or
    figures, and the table's rows follow within a few lines."""
    it = items[j]
    t = normalize_label(it.text)
    if it.kind != "text" or not (16 < len(t) <= 80) or re.search(r"[，。；：:！？!?,;、\d]", t):
        return False
    if len(_HEADER_WORDS_RE.findall(t)) < 2 or classify_title(it.raw_text) is not None or _HEADING.match(t):
        return False
    for k in range(j + 1, min(j + 8, len(items))):
        if items[k].kind == "row" and items[k].row.nonempty():
            return True
    return False


def _running_header(items: list[_Item], j: int, body: list[_Item], anchor_idx: set[int]) -> bool:
    """Short text lines at a PDF page break (running header/footer) inside a table that
    goes on in the next page's grid with the same number of columns."""
    last = body[-1]
    if last.row.page is None:
        return False
    k = j
    while k < len(items) and k - j < 4:
        it = items[k]
        if it.kind == "row":
            if not it.row.nonempty():
                k += 1
                continue
            return (
                it.grid != last.grid
                and (it.row.page or 0) > (last.row.page or 0)
                and abs(len(it.row.cells) - len(last.row.cells)) <= 1
            )
        t = normalize_label(it.text)
        if k in anchor_idx or len(t) > 40 or is_footnote(it.text) or _HEADING.match(t):
            return False
        k += 1
    return False


def _code_before_title(items: list[_Item], j: int, a: _Anchor, anchor_idx: set[int]) -> bool:
    """A table code on a continuation page right before the same title again (the first page
    printed the title without its code, or the two were not merged)."""
    if a.tid is None:
        return False
    for k in range(j + 1, min(j + 4, len(items))):
        if k in anchor_idx:
            b = _anchor_of(items[k])
            return b is not None and b[0] == a.tid
        if not _is_meta_item(items[k]):
            return False
    return False
