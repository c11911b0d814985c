"""Text / HTML readers: layout detection on the seeds, line numbers, encodings, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.ingest.html import read_html
from juesuan.ingest.raw import Grid, TextLine
from juesuan.ingest.text import detect_layout, parse_text, read_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = {p.name[:3]: p for p in CORPUS.glob("*.txt")}


def _seed(key: str) -> Path:
    if key not in SEEDS:
        pytest.skip(f"seed {key} absent")
    return SEEDS[key]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize(
    "key,layout,source",
    [("000", "tsv", "tsv"), ("001", "tsv", "tsv"), ("002", "tsv", "tsv"), ("003", "cells", "cells"), ("004", "pipe", "pipe")],
)
def test_layout_detected_per_seed(key: str, layout: str, source: str) -> None:
    p = _seed(key)
    assert detect_layout(_lines(p)) == layout
    raw = read_text(str(p))
    assert not raw.problems
    grids = [b for b in raw.blocks if isinstance(b, Grid)]
    assert grids and all(g.source == source for g in grids)
    assert all(b.page is None for b in raw.blocks)


def test_tsv_rows_and_line_numbers_000() -> None:
    raw = read_text(str(_seed("000")))
    rows = {r.line: r for b in raw.blocks if isinstance(b, Grid) for r in b.rows}
    # line 84: 一、一般公共预算财政拨款收入\t1\t317.61\t一、一般公共服务支出\t32\t288.04
    r = rows[84]
    assert r.cells == ["一、一般公共预算财政拨款收入", "1", "317.61", "一、一般公共服务支出", "32", "288.04"]
    assert r.raw_cells == r.cells
    # line 92: leading empty cell kept
    assert rows[92].cells[:3] == ["", "9", ""]
    # the blank line 102 inside 收入支出决算总表 does not split the grid
    g = next(b for b in raw.blocks if isinstance(b, Grid) and b.line == 81)
    assert [r.line for r in g.rows][:3] == [81, 82, 83] and 115 in [r.line for r in g.rows]
    texts = {b.line: b for b in raw.blocks if isinstance(b, TextLine)}
    assert texts[73].raw == "收入支出决算总表"
    assert texts[79].text == "金额单位:万元" and texts[79].raw == "金额单位：万元"


def test_cells_layout_003() -> None:
    raw = read_text(str(_seed("003")))
    rows = {r.line: r for b in raw.blocks if isinstance(b, Grid) for r in b.rows}
    # lines 111-116: six cell lines form one row; the row's line is its first cell line
    assert rows[111].cells == ["一、一般公共预算财政拨款收入", "1", "6,398.35", "一、一般公共服务支出", "32", "1,225.58"]
    # lines 167-172: "　" placeholders are blank cells, verbatim in raw_cells
    assert rows[167].cells[0] == "" and rows[167].raw_cells[0] == "\u3000"
    assert rows[167].cells[1:] == ["9", "", "九、卫生健康支出", "40", "591.32"]
    # lines 2788-2791: a cell wrapped over lines without TAB ("绩\n效\n指\n标"), then the row goes on
    assert rows[2788].raw_cells[:2] == ["绩\n效\n指\n标", "一级指标"]


def test_pipe_layout_004() -> None:
    raw = read_text(str(_seed("004")))
    rows = {r.line: r for b in raw.blocks if isinstance(b, Grid) for r in b.rows}
    # line 37: "9 | 九、卫生健康支出 | 40 | 0.0 | ||" (empty cells collapsed by the exporter)
    assert rows[37].cells[:4] == ["9", "九、卫生健康支出", "40", "0.0"]
    assert rows[24].cells[0] == "公开表01"
    texts = {b.line: b for b in raw.blocks if isinstance(b, TextLine)}
    assert texts[224].raw == "(本单位今年没有政府性基金预算财政拨款)"


def test_multiline_tsv_cells_002() -> None:
    raw = read_text(str(_seed("002")))
    rows = {r.line: r for b in raw.blocks if isinstance(b, Grid) for r in b.rows}
    # lines 128-133: one row whose cells wrap over physical lines (spreadsheet debris)
    cells = rows[128].cells
    assert "B\n预算执行金额3\n(万元)" in cells
    assert any(c and c.startswith("预算执行率") for c in cells)
    assert 129 not in rows and 130 not in rows


def test_markdown_pipe_table_and_separator() -> None:
    text = "# 收入决算表\n\n| 项目 | 合计 |\n|---|---:|\n| 合计 | 1.00 |\n\n正文。\n"
    blocks = parse_text(text)
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert len(grids) == 1 and [r.cells for r in grids[0].rows] == [["项目", "合计"], ["合计", "1.00"]]
    assert [r.line for r in grids[0].rows] == [3, 5]
    assert [b.line for b in blocks if isinstance(b, TextLine)] == [1, 7]


def test_space_aligned_columns() -> None:
    text = "\n".join([
        "支出决算表",
        "科目代码   科目名称            合计      基本支出    项目支出",
        "合计                         317.61    261.20      56.41",
        "201        一般公共服务支出    288.04    231.63      56.41",
        "2011350    事业运行            231.63    231.63      0.00",
        "正文结束。",
    ])
    blocks = parse_text(text)
    g = next(b for b in blocks if isinstance(b, Grid))
    assert g.source == "spaces"
    assert g.rows[0].cells[0] == "科目代码" and g.rows[2].cells == ["201", "一般公共服务支出", "288.04", "231.63", "56.41"]
    assert g.rows[2].line == 4


def test_csv_file(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text('收入决算表\n项目,合计\n合计,"6,398.35"\n', encoding="utf-8")
    raw = read_text(str(p))
    g = next(b for b in raw.blocks if isinstance(b, Grid))
    assert g.rows[-1].cells == ["合计", "6,398.35"] and g.rows[-1].line == 3


def test_gbk_round_trip(tmp_path: Path) -> None:
    src = "收入决算表\n\n项目\t合计\n合计\t317.66\n"
    p = tmp_path / "gbk.txt"
    p.write_bytes(src.encode("gbk"))
    raw = read_text(str(p))
    assert not raw.problems
    assert raw.blocks[0].raw == "收入决算表"
    g = next(b for b in raw.blocks if isinstance(b, Grid))
    assert g.rows[1].cells == ["合计", "317.66"] and g.rows[1].line == 4


def test_utf8_bom(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff支出决算表\n".encode())
    raw = read_text(str(p))
    assert raw.blocks[0].raw == "支出决算表" and raw.blocks[0].line == 1


def test_zero_byte_file_is_fatal_problem(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    raw = read_text(str(p))
    assert [(x.kind, x.fatal) for x in raw.problems] == [("empty", True)]
    h = tmp_path / "empty.html"
    h.write_bytes(b"")
    assert [(x.kind, x.fatal) for x in read_html(str(h)).problems] == [("empty", True)]


def test_garbage_file_is_fatal_problem(tmp_path: Path) -> None:
    p = tmp_path / "garbage.txt"
    p.write_bytes(bytes(range(256)) * 40)
    raw = read_text(str(p))
    assert raw.problems and raw.problems[0].kind == "encoding" and raw.problems[0].fatal
    assert raw.blocks == []


def test_missing_file_is_problem_not_exception(tmp_path: Path) -> None:
    raw = read_text(str(tmp_path / "nope.txt"))
    assert raw.problems and raw.problems[0].fatal


def test_html_table_with_spans(tmp_path: Path) -> None:
    p = tmp_path / "t.html"
    p.write_text(
        """<html><head><meta charset="utf-8"><title>x</title></head><body>
<h3>收入决算表</h3>
<p>金额单位：万元</p>
<table>
<tr><th colspan="2">项目</th><th rowspan="2">本年收入合计</th><th>财政拨款收入</th></tr>
<tr><td>科目代码</td><td>科目名称</td><td>x</td></tr>
<tr><td>201</td><td>一般公共服务支出</td><td>1.00</td><td>1.00</td></tr>
</table>
<p>注：本表反映收入。</p>
</body></html>""",
        encoding="utf-8",
    )
    raw = read_html(str(p))
    assert not raw.problems
    texts = [b for b in raw.blocks if isinstance(b, TextLine)]
    assert [t.raw for t in texts] == ["收入决算表", "金额单位：万元", "注：本表反映收入。"]
    assert texts[0].line == 2
    g = next(b for b in raw.blocks if isinstance(b, Grid))
    assert g.rows[0].cells == ["项目", None, "本年收入合计", "财政拨款收入"]
    assert g.rows[1].cells == ["科目代码", "科目名称", None, "x"]
    assert g.rows[2].cells == ["201", "一般公共服务支出", "1.00", "1.00"]
    assert g.rows[2].line == 7


def test_html_gbk_declared(tmp_path: Path) -> None:
    p = tmp_path / "g.htm"
    p.write_bytes('<html><head><meta charset="gb2312"></head><body><p>支出决算表</p></body></html>'.encode("gbk"))
    raw = read_html(str(p))
    assert [b.raw for b in raw.blocks] == ["支出决算表"]


def test_space_aligned_layout_export_t6_rows() -> None:
    text = "\n".join([
        "一般公共预算财政拨款基本支出决算表",
        "科目代码  科目名称          决算数   科目代码  科目名称      决算数",
        "301       工资福利支出      234.30   302       商品和服务支出  3.10",
        "30101     基本工资          82.09    30201     办公费",
        "30103     奖金                       30203     咨询费",
        "人员经费合计                258.10   公用经费合计      3.10",
    ])
    blocks = parse_text(text)
    g = next(b for b in blocks if isinstance(b, Grid))
    assert [r.line for r in g.rows] == [2, 3, 4, 5, 6]
    assert g.rows[3].cells == ["30103", "奖金", "30203", "咨询费"]
