from openpyxl import Workbook

from juesuan import ingest
from juesuan.ingest.raw import Grid, TextLine


def test_xlsx_sheet_gives_title_lines_and_a_grid_with_merged_cells_as_none(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "公开03表"
    ws.append(["支出决算表"])
    ws.append(["金额单位：万元"])
    ws.append(["项目", None, "本年支出合计", "基本支出", "项目支出"])
    ws.merge_cells("A3:B3")
    ws.append(["科目代码", "科目名称"])
    ws.append([None, "合计", 317.61, 261.2, 56.41])
    ws.append(["2011350", "事业运行", 231.63, 231.63, None])
    p = tmp_path / "t.xlsx"
    wb.save(p)
    raw = ingest.read(p)
    assert raw.kind == "xlsx" and not raw.problems
    lines = [b.text for b in raw.blocks if isinstance(b, TextLine)]
    assert lines[:3] == ["公开03表", "支出决算表", "金额单位:万元"]
    grid = next(b for b in raw.blocks if isinstance(b, Grid))
    assert grid.rows[0].cells[:3] == ["项目", None, "本年支出合计"]
    assert grid.rows[2].cells == ["", "合计", "317.61", "261.20", "56.41"]
    assert grid.rows[3].line == 6


def test_corrupt_xlsx_is_an_ingest_problem(tmp_path):
    p = tmp_path / "bad.xlsx"
    p.write_bytes(b"PK\x03\x04garbage")
    raw = ingest.read(p)
    assert raw.problems and raw.problems[0].fatal
