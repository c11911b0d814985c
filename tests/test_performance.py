"""Self-evaluation tables (绩效自评表) -> Performance / Indicator.

Seed expectations are read off the seed files by hand (line numbers are the source lines);
variant tests build raw block streams in code (PDF-like grids with merged cells as None,
tables split across pages, collapsed pipe rows, full-width ％, 分值 columns, summaries).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest.raw import Grid, GridRow, RawDocument, TextLine
from juesuan.ingest.text import read_text
from juesuan.model.document import Performance
from juesuan.model.performance.parse import extract_performance
from juesuan.text.normalize import normalize_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
D = Decimal


def seed(prefix: str) -> list[Performance]:
    [path] = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    return extract_performance(read_text(str(path)))


def by_name(perfs: list[Performance], name: str, kind: str | None = None) -> Performance:
    found = [p for p in perfs if p.project == name and (kind is None or p.kind == kind)]
    assert len(found) == 1, (name, [(p.kind, p.project) for p in perfs])
    return found[0]


def ind(p: Performance, name: str):
    found = [i for i in p.indicators if i.name == name]
    assert len(found) == 1, (name, [i.name for i in p.indicators])
    return found[0]


# --------------------------------------------------------------------------- raw builders


class Doc:
    """Builds a RawDocument block by block; text inputs get running line numbers, PDFs pages."""

    def __init__(self, kind: str = "text") -> None:
        self.kind = kind
        self.blocks: list = []
        self.line = 1
        self.page = 1 if kind == "pdf" else None

    def text(self, s: str) -> Doc:
        self.blocks.append(TextLine(raw=s, text=normalize_text(s), page=self.page, line=self.line))
        self.line += 1
        return self

    def grid(self, rows: list[list[str | None]], source: str = "tsv") -> Doc:
        grid_rows = []
        start = self.line
        for cells in rows:
            grid_rows.append(GridRow(cells=[None if c is None else normalize_text(c) for c in cells],
                                     raw_cells=list(cells), page=self.page, line=self.line))
            self.line += 1
        self.blocks.append(Grid(rows=grid_rows, page=self.page, line=start, source=source))
        return self

    def new_page(self) -> Doc:
        assert self.page is not None
        self.page += 1
        return self

    def raw(self) -> RawDocument:
        return RawDocument(path="x", name="x", kind=self.kind, sha256="0", blocks=self.blocks)


# --------------------------------------------------------------------------- seed 001


def test_seed001_unit_table() -> None:
    perfs = seed("001")
    unit = by_name(perfs, "武汉市汉阳区企业服务中心", "unit")
    assert (unit.budget, unit.executed, unit.rate, unit.score) == (D("823.24"), D("624.81"), D("75.90"), D("15.18"))
    # the heading says (19分) but the score column is 得分（20分*执行率）: 20 × 75.90 % = 15.18
    assert unit.execution_weight == 20
    assert unit.total_score == D("95.18")
    assert unit.line == 450 and "整体绩效自评表" in unit.raw
    assert "823.24" in unit.execution_raw and "75.90%" in unit.execution_raw
    # five goals with 4 + 7 + 5 + 7 + 4 indicator rows scored 16 + 19 + 20 + 14 + 9 = 78: goal 4 is headed
    # (16 分) but its seven rows score 2 each, so 15.18 + 78 ≠ 95.18 in the document itself
    assert len(unit.indicators) == 27
    assert all(i.score is not None for i in unit.indicators)
    assert sum(i.score for i in unit.indicators if i.score is not None) == 78
    first = unit.indicators[0]
    assert (first.level1, first.level2, first.name, first.target, first.actual, first.score, first.line) == (
        "产出指标", "数量指标", "引进数字类企业数", "2家", "2家", D(4), 458)
    assert first.weight is None  # weights only per goal heading, not per indicator
    v = ind(unit, "组织开展企业志愿活动场数")
    assert (v.level2, v.target, v.actual, v.score) == ("数量指标", "≥4场", "4场", D(3))
    s = ind(unit, "企业员工满意度指标")
    assert (s.level1, s.level2, s.target, s.actual, s.score) == ("满意度指标", "满意度指标", "100%", "100%", D(4))
    q = ind(unit, "为企业技术改造和发展提供资金保障")  # level cells blank: forward-filled
    assert (q.level1, q.level2, q.score) == ("产出指标", "质量指标", D(2))
    last = unit.indicators[-1]
    assert (last.level1, last.level2, last.name, last.score) == ("效益指标", "社会效益指标", "做好下沉干部培训工作", D(2))


SEED001_PROJECTS = [
    # name, budget, executed, rate, score, total, indicator rows
    ("行政事业单位缴纳残保金", "2.50", "2.16", "86.40", "17.28", "97.28", 5),
    ("物资站人员经费", "17.00", "13.28", "78.12", "15.62", "95.62", 5),
    ("住房货币化补贴", "15.38", "15.38", "100.00", "20.00", "100", 4),
    ("退休人员郭国清抚恤金", "15.35", "15.35", "100.00", "20.00", "100", 6),
    ("政府购岗", "13.40", "11.05", "82.46", "16.49", "96.49", 7),
    ("改制企业工作经费", "116.00", "110.16", "94.97", "18.99", "98.99", 6),
    ("政府购买服务、评审等工作经费", "11.17", "4.30", "38.50", "7.70", "87.70", 5),
    ("党建、文明创建、综治、档案、普法、工会及老干经费", "30.00", "20.71", "69.03", "13.81", "93.81", 5),
    ("2022 年春节困难企业解困及维稳支出", "40.00", "40.00", "100.00", "20.00", "100", 6),
]


@pytest.mark.parametrize("name,budget,executed,rate,score,total,n", SEED001_PROJECTS)
def test_seed001_project_tables(name: str, budget: str, executed: str, rate: str, score: str, total: str, n: int) -> None:
    p = by_name(seed("001"), name, "project")
    assert (p.budget, p.executed, p.rate, p.score, p.total_score) == (D(budget), D(executed), D(rate), D(score), D(total))
    assert str(p.budget) == budget  # exponent as printed
    assert p.execution_weight == 20
    assert len(p.indicators) == n
    assert "年度财政" in p.execution_raw


def test_seed001_counts_and_sample_indicators() -> None:
    perfs = seed("001")
    assert [p.kind for p in perfs] == ["unit"] + ["project"] * 9
    cbj = by_name(perfs, "行政事业单位缴纳残保金")
    assert cbj.line == 501 and cbj.raw.startswith("2022 年度行政事业单位缴纳残保金项目自评表")
    a = cbj.indicators[0]
    assert (a.level1, a.level2, a.name, a.target, a.actual, a.score) == ("产出指标", "数量指标", "残保金缴纳完成率", "100%", "100%", D(16))
    assert cbj.indicators[-1].level2 == "可持续影响指标" and cbj.indicators[-1].name == "可持续影响"
    # printed out of place (满意度指标 in the 二级 column under 效益指标): kept as printed, by position
    wz = by_name(perfs, "物资站人员经费").indicators[-1]
    assert (wz.level1, wz.level2, wz.name, wz.score) == ("效益指标", "满意度指标", "可持续影响", D(15))
    fx = ind(by_name(perfs, "退休人员郭国清抚恤金"), "抚恤金发放标准")
    assert fx.target == "14.77 万元/人" and fx.score == 20
    # the last row of this table has no score printed
    dj = by_name(perfs, "党建、文明创建、综治、档案、普法、工会及老干经费").indicators[-1]
    assert dj.name == "体现党和政府对退休老干部的关心和照顾" and dj.target == "提升" and dj.actual == "得到提升"
    assert dj.score is None
    # rows shifted one cell to the left are still read by content
    gz = ind(by_name(perfs, "改制企业工作经费"), "留守人员工资及社保支付及时性")
    assert (gz.level2, gz.target, gz.actual, gz.score) == ("时效指标", "及时", "及时", D(10))


# --------------------------------------------------------------------------- seed 002 (damaged)


def test_seed002_summary_with_div0_does_not_crash() -> None:
    perfs = seed("002")
    summaries = [p for p in perfs if p.kind == "summary"]
    assert [p.project for p in summaries] == ["口岸物流发展补助资金", "赣州海关2021年工作经费", "南康区口岸办"]
    a, b, unit = summaries
    assert (a.budget, a.executed, a.rate) == (D("21009.71"), D("16041.79"), D("76.35"))
    assert (b.budget, b.executed, b.rate) == (D("700.00"), D("700.00"), D("100.00"))
    assert (unit.budget, unit.total_score) == (D("20707.44"), D("96.80"))
    # the ERROR:#DIV/0! rows ("…", "1", "2" with "- 0") and the 合计 rows give no entries
    assert all("合计" not in p.project for p in summaries)


def test_seed002_project_tables() -> None:
    perfs = seed("002")
    assert sorted(p.kind for p in perfs) == ["project", "project", "summary", "summary", "summary", "unit"]
    p = by_name(perfs, "口岸物流发展补助资金", "project")
    assert p.budget == D("21009.710727")  # 全年预算数（A）; 全年执行数 is blank in this export
    assert p.executed is None and p.rate is None
    assert p.execution_weight is None  # the stray "98" under 分值 is not a plausible execution weight
    assert p.total_score == 98
    assert len(p.indicators) == 17  # the "指标2：" / "……" placeholders are skipped
    assert sum(i.weight for i in p.indicators if i.weight is not None) == 100
    assert sum(i.score for i in p.indicators if i.score is not None) == 98
    z = ind(p, "中欧(亚)班列开行列数")
    assert (z.level1, z.level2, z.target, z.actual, z.weight, z.score) == ("产出指标", "数量指标", "360列", "285", D(10), D(10))
    t = ind(p, "提升集装箱场站运行效能,全力打造精品路线;")
    assert (t.level2, t.weight, t.score) == ("时效指标", D(3), D(2))
    # "经济效益\n指标" broken over two export lines is rejoined
    e = ind(p, "促进物流企业扩大经营,增加财政税收")
    assert (e.level1, e.level2, e.target, e.actual, e.weight, e.score) == ("效益指标", "经济效益指标", "100%", "100%", D(3), D(2))
    s = ind(p, "公众投诉率")
    assert (s.level1, s.level2, s.weight, s.score) == ("满意度指标", "服务对象满意度指标", D(5), D(5))

    h = by_name(perfs, "赣州海关工作经费", "project")
    assert h.budget == D(700) and h.total_score == 98 and len(h.indicators) == 9
    r = ind(h, "实验室人员配置")
    assert (r.target, r.actual, r.weight, r.score) == ("5", "5", D(20), D(20))
    g = ind(h, "改善赣州港及辐射区域的投资环境")
    assert (g.level2, g.weight, g.score) == ("经济效益指标", D(8), D(7))


def test_seed002_unit_table() -> None:
    unit = by_name(seed("002"), "南康区口岸办", "unit")
    assert unit.total_score == D("96.8")
    # only funding-source / structure lines (财政拨款, 其他资金, 基本支出, 项目支出) and no total line
    assert unit.budget is None
    assert len(unit.indicators) == 23
    a = unit.indicators[0]
    assert (a.level1, a.level2, a.name, a.weight, a.score) == ("管理指标", "预算编审管理", "预算编制完整性", D(2), D(1))
    f = ind(unit, "固定资产利用率")
    assert (f.level2, f.target, f.weight, f.score) == ("资产管理", "≥95%", D(2), D("1.8"))
    c = ind(unit, "客户满意度")
    assert (c.level1, c.target, c.weight, c.score) == ("满意度指标", "≥95%", D(5), D(5))


# --------------------------------------------------------------------------- seeds 000, 003, 004


def test_seed000_project_table() -> None:
    [p] = seed("000")
    assert (p.kind, p.project) == ("project", "湖北省电子口岸运行维护专项经费项目")
    assert (p.budget, p.executed, p.rate, p.score, p.execution_weight, p.total_score) == (
        D("56.41"), D("56.41"), D(100), D(20), D(20), D(100))
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators] == [
        ("网站运行正常率", "≥99%", "100%", D(25), D(25)),
        ("子系统运行正常率", "≥99%", "100%", D(25), D(25)),
        ("服务满意度", "≥95%", "100%", D(30), D(30)),
    ]
    assert p.indicators[2].level1 == "效益指标" and p.indicators[2].level2 == "社会效益"


SEED003_PROJECTS = [
    ("参展参会", "30", "30", None, "20", "100"),
    ("外经贸发展专项资金", "62", "62", "100", "20", "100"),
    ("惠购湖北·消费券、惠购湖北·家电消费券、惠购湖北·汽车消费券", "1344", "1344", "100", "20", "99"),
    ("促进市场体系建设项目", "200", "200", "100", "20", "98"),
    ("县域商业体系建设项目", "370", "370", "100", "20", "98"),
]


@pytest.mark.parametrize("name,budget,executed,rate,score,total", SEED003_PROJECTS)
def test_seed003_project_tables(name: str, budget: str, executed: str, rate: str | None, score: str, total: str) -> None:
    p = by_name(seed("003"), name, "project")
    assert (p.budget, p.executed, p.score, p.total_score) == (D(budget), D(executed), D(score), D(total))
    assert p.rate == (D(rate) if rate else None)  # 参展参会 prints its 100% only on the 地方资金 sub-line
    assert p.execution_weight == 20  # 预算执行情况（万元）（20分）


def test_seed003_indicators_and_unit_scoring_table() -> None:
    perfs = seed("003")
    assert [p.kind for p in perfs] == ["unit"] + ["project"] * 5 + ["unit"]
    cz = by_name(perfs, "参展参会")
    a = cz.indicators[0]
    # the only indicator under 数量指标（30分）: its weight is the second-level weight
    assert (a.level1, a.level2, a.name, a.target, a.actual, a.weight, a.score) == (
        "产出指标", "数量指标", "组织企业参展", "≥50家", "60", D(30), D(30))
    assert len(cz.indicators) == 9
    # three indicators share 数量指标（30分）: no weight is guessed
    wj = by_name(perfs, "外经贸发展专项资金")
    assert ind(wj, "货物贸易进出口总额(亿元)").weight is None
    units = [p for p in perfs if p.kind == "unit"]
    for u in units:
        assert u.project == "天门市商务局" and u.total_score == 99
        assert len(u.indicators) == 22
        z = u.indicators[0]
        assert (z.level1, z.level2, z.name, z.weight, z.score) == ("投入", "目标设定", "职责明确", D(1), D(1))
        # the weights printed with the names sum to the 100 points of the scoring table
        assert sum(i.weight for i in u.indicators if i.weight is not None) == 100


SEED004_PROJECTS = [
    ("行政审批办公楼租赁及运行", "2057", "1797.77", "87"),
    ("行政审批事务管理", "73.9", "37.64", "50.93"),
    ("购买导办帮办服务", "120", "120", "100"),
    ("证照邮寄费", "10", "2.41", "24.08"),
    ("荆门市政务服务中心大楼信息系统运维服务", "16", "0", "0"),
    ("信息系统租赁云资源", "145", "0", "0"),
    ("荆门市政务信息系统三级等保测评", "125", "0", "0"),
]


@pytest.mark.parametrize("name,budget,executed,rate", SEED004_PROJECTS)
def test_seed004_untitled_project_tables(name: str, budget: str, executed: str, rate: str) -> None:
    p = by_name(seed("004"), name, "project")
    assert (p.budget, p.executed, p.rate) == (D(budget), D(executed), D(rate))
    assert p.score is None and p.total_score is None  # this template prints neither
    assert p.indicators and all(i.weight is not None and i.score is not None for i in p.indicators)


def test_seed004_indicators_collapsed_pipe_rows() -> None:
    perfs = seed("004")
    assert len(perfs) == 7
    p = by_name(perfs, "行政审批办公楼租赁及运行")
    # only the annual self-evaluation block, not the 长期绩效目标 block above it
    assert len(p.indicators) == 8
    acc = ind(p, "证照下发审核准确率")
    assert (acc.level1, acc.level2, acc.unit, acc.target, acc.actual, acc.weight, acc.score) == (
        "产出指标", "质量指标", "%", "100", "415000", D(10), D(10))
    lt = ind(p, "项目持续发挥作用的期限")
    assert (lt.level1, lt.level2, lt.unit, lt.target, lt.actual) == ("效益指标", "可持续影响指标", None, "长期", "达成预期指标")
    # header broken over four export lines (单位 / 目标值(A) / 自评结果 / 完成值(B) 分值 得分)
    yw = by_name(perfs, "荆门市政务服务中心大楼信息系统运维服务")
    assert len(yw.indicators) == 10
    gz = ind(yw, "系统故障率")
    assert (gz.level1, gz.level2, gz.unit, gz.target, gz.actual, gz.weight, gz.score) == (
        "产出指标", "数量指标", "%", "≤1%", "≤1%", D(10), D(10))


# --------------------------------------------------------------------------- variants built in code


def _pdf_project(doc: Doc) -> Doc:
    doc.text("附件2")
    doc.text("2023年度乡村道路养护项目支出绩效自评表")
    doc.grid([
        ["项目名称", "乡村道路养护", None, None, None, None, None, None],
        ["主管部门", "某某交通局", None, None, "实施单位", "某某交通局", None, None],
        ["项目资金\n（万元）", None, "年初预算数", "全年预算数\n（A）", "全年执行数\n（B）", "分值", "执行率\n（B/A）", "得分"],
        [None, "年度资金总额", "100.00", "120.00", "90.00", "10", "75.00％", "7.50"],
        [None, "其中：当年财政拨款", "100.00", "120.00", "90.00", "—", "—", "—"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值\n（A）", "实际完成值\n（B）", "分值", "得分"],
        [None, "产出指标", "数量指标", "养护道路里程", "≥120公里", "118公里", "20", "19.67"],
        [None, None, None, "指标2：", None, None, None, None],
        [None, None, "质量指标", "养护合格率", "≥95%", "96％", "20", "20"],
    ], source="pdf-ruled")
    doc.text("- 12 -")
    doc.new_page()
    doc.grid([
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值\n（A）", "实际完成值\n（B）", "分值", "得分"],
        [None, None, "时效指标", "完成及时率", "100%", "100%", "10", "10"],
        [None, "效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "明显改善", "20", "18"],
        [None, "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "92%", "10", "10"],
        ["总分", None, None, None, None, None, "100", "95.17"],
    ], source="pdf-ruled")
    return doc


def test_variant_pdf_grids_merged_cells_split_pages_fullwidth_percent() -> None:
    [p] = extract_performance(_pdf_project(Doc("pdf")).raw())
    assert (p.kind, p.project) == ("project", "乡村道路养护")
    assert (p.budget, p.executed, p.rate, p.score) == (D("120.00"), D("90.00"), D("75.00"), D("7.50"))
    assert p.execution_weight == 10  # 分值 column of the execution line (national template)
    assert p.total_score == D("95.17") and p.page == 1
    assert [i.name for i in p.indicators] == ["养护道路里程", "养护合格率", "完成及时率", "群众出行条件改善", "沿线群众满意度"]
    a, b, c, d, e = p.indicators
    assert (a.level1, a.level2, a.target, a.actual, a.weight, a.score, a.page) == (
        "产出指标", "数量指标", "≥120公里", "118公里", D(20), D("19.67"), 1)
    assert (b.level1, b.level2, b.actual) == ("产出指标", "质量指标", "96%")
    # page 2 continues the table: merged (None) level cells are forward-filled across the page break
    assert (c.level1, c.level2, c.page) == ("产出指标", "时效指标", 2)
    assert (d.level1, d.level2, d.score) == ("效益指标", "社会效益指标", D(18))
    assert (e.level1, e.level2) == ("满意度指标", "服务对象满意度指标")


def test_variant_rows_split_across_grids_without_repeated_header() -> None:
    doc = Doc()
    doc.text("2023 年度社区养老服务补助项目自评表")
    doc.grid([
        ["预算执行情况(万元)(20分)", "", "", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"],
        ["", "", "年度财政资金总额", "50.00", "45.00", "90.00%", "18.00"],
        ["年度绩效目标1(80分)", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
        ["", "产出指标", "数量指标", "服务老人人数", "≥300人", "320人", "40"],
    ])
    doc.text("")
    doc.grid([
        ["", "", "质量指标", "服务达标率", "≥95%", "97%", "20"],
        ["", "满意度指标", "满意度指标", "老人满意度", "≥90%", "95%", "20"],
        ["总分", "", "98.00", "", "", "", ""],
    ])
    [p] = extract_performance(doc.raw())
    assert p.project == "社区养老服务补助"  # from the title: no 项目名称 row
    assert (p.budget, p.executed, p.rate, p.score, p.execution_weight, p.total_score) == (
        D("50.00"), D("45.00"), D("90.00"), D("18.00"), D(20), D("98.00"))
    assert [(i.level1, i.level2, i.name, i.score) for i in p.indicators] == [
        ("产出指标", "数量指标", "服务老人人数", D(40)),
        ("产出指标", "质量指标", "服务达标率", D(20)),
        ("满意度指标", "满意度指标", "老人满意度", D(20)),
    ]


def test_variant_collapsed_pipe_cells_with_weight_column() -> None:
    doc = Doc()
    doc.text("附件3：2023年度城乡环境整治项目支出绩效自评表")
    doc.grid([
        ["项目名称", "城乡环境整治"],
        ["预算执行情况（万元）", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
        ["年度资金总额", "80", "60", "10", "75%", "7.5"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "清运垃圾量", "≥1000吨", "900吨", "30", "27", "天气原因"],
        ["质量指标", "清运及时率", "100%", "100%", "20", "20"],          # 一级 cell collapsed
        ["效益指标", "生态效益指标", "环境改善", "明显", "明显", "20", "20"],
        ["服务对象满意度指标", "群众满意度", "≥90%", "93%", "10", "10"],   # level1 collapsed too
        ["总分", "100", "94.5"],
        ["自评等级", "优"],
    ], source="pipe")
    [p] = extract_performance(doc.raw())
    assert (p.project, p.budget, p.executed, p.rate, p.score, p.execution_weight) == (
        "城乡环境整治", D(80), D(60), D(75), D("7.5"), D(10))
    assert p.total_score == D("94.5") and p.grade == "优"
    rows = [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators]
    assert rows == [
        ("产出指标", "数量指标", "清运垃圾量", "≥1000吨", "900吨", D(30), D(27)),
        ("产出指标", "质量指标", "清运及时率", "100%", "100%", D(20), D(20)),
        ("效益指标", "生态效益指标", "环境改善", "明显", "明显", D(20), D(20)),
        ("效益指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", D(10), D(10)),
    ]


def test_variant_unit_table_named_from_title_with_grade_and_total_line() -> None:
    doc = Doc()
    doc.text("2023年度某某市统计局部门整体支出绩效自评表")
    doc.grid([
        ["整体支出规模（万元）", "年初预算数", "调整后预算数（A）", "执行数（B）", "执行率（B/A）", "得分（10分）"],
        ["部门整体支出总额", "500.00", "520.00", "468.00", "90.00%", "9.00"],
        ["其中：基本支出", "400.00", "400.00", "380.00", "95.00%", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "统计调查项目数", "≥12项", "12项", "45", "45"],
        ["效益指标", "社会效益指标", "数据发布及时", "及时", "及时", "45", "40"],
        ["总分", "", "", "", "", "100", "94.00"],
        ["自评等级", "优"],
    ])
    [p] = extract_performance(doc.raw())
    assert (p.kind, p.project) == ("unit", "某某市统计局")
    assert (p.budget, p.executed, p.rate, p.score) == (D("520.00"), D("468.00"), D("90.00"), D("9.00"))
    assert p.execution_weight == 10  # "得分（10分）"
    assert (p.total_score, p.grade) == (D("94.00"), "优")
    assert [i.weight for i in p.indicators] == [D(45), D(45)]


def test_variant_goal_block_without_results_and_placeholders_ignored() -> None:
    doc = Doc()
    doc.text("2023年度档案数字化项目绩效自评表")
    doc.grid([
        ["项目名称", "档案数字化", "", "", "", "", ""],
        ["长期绩效目标", "", "", "", "", "", ""],
        ["目标名称", "一级指标", "二级指标", "三级指标", "单位", "目标值", "目标值确定依据"],
        ["长期目标", "产出指标", "数量指标", "数字化档案卷数", "卷", "5000", "历年数据"],
        ["年度绩效目标及完成情况自评", "", "", "", "", "", ""],
        ["目标名称", "一级指标", "二级指标", "三级指标", "目标值(A)", "完成值(B)", "得分"],
        ["年度目标", "产出指标", "数量指标", "数字化档案卷数", "1000", "1200", "50"],
        ["", "", "", "指标2：", "", "", ""],
        ["", "", "", "……", "", "", ""],
        ["", "效益指标", "社会效益指标", "查阅便利程度", "提升", "提升", "40"],
    ])
    [p] = extract_performance(doc.raw())
    assert [(i.name, i.target, i.actual, i.score) for i in p.indicators] == [
        ("数字化档案卷数", "1000", "1200", D(50)),
        ("查阅便利程度", "提升", "提升", D(40)),
    ]
    assert p.budget is None and p.total_score is None


def test_variant_summary_table_with_spreadsheet_debris() -> None:
    doc = Doc()
    doc.text("2023年度项目支出绩效自评情况汇总表")
    doc.grid([
        ["序号", "主管部门", "项目名称", "预算数（万元）", "执行数（万元）", "执行率", "自评得分", "自评等级"],
        ["1", "某局", "春季植树", "10.00", "8.00", "80.00％", "92", "优"],
        ["2", "某局", "防汛物资", "5.00", "5.00", "100.00%", "88.5", "良"],
        ["3", "", "", "- 0", "", "ERROR:#DIV/0!", "", ""],
        ["合计", "", "", "15.00", "13.00", "86.67%", "", ""],
    ])
    perfs = extract_performance(doc.raw())
    assert [(p.kind, p.project, p.budget, p.executed, p.rate, p.total_score, p.grade) for p in perfs] == [
        ("summary", "春季植树", D("10.00"), D("8.00"), D("80.00"), D(92), "优"),
        ("summary", "防汛物资", D("5.00"), D("5.00"), D("100.00"), D("88.5"), "良"),
    ]
    assert perfs[0].line == 3 and "春季植树" in perfs[0].execution_raw


def test_variant_weights_in_names_scoring_table() -> None:
    doc = Doc()
    doc.text("2023年度某某局整体绩效评价自评价表")
    doc.grid([
        ["一级指标", "二级指标", "三级指标", "评分标准", "得分"],
        ["投入（20分）", "目标设定（10分）", "绩效目标合理性（5分）", "符合得满分", "5"],
        ["", "", "绩效指标明确性（5分）", "明确得满分", "4"],
        ["", "预算配置（10分）", "在职人员控制率（10分）", "≤100%得满分", "10"],
        ["总分", "", "", "", "19"],
    ])
    [p] = extract_performance(doc.raw())
    assert (p.kind, p.project, p.total_score) == ("unit", "某某局", D(19))
    assert [(i.level1, i.level2, i.name, i.weight, i.score) for i in p.indicators] == [
        ("投入", "目标设定", "绩效目标合理性", D(5), D(5)),
        ("投入", "目标设定", "绩效指标明确性", D(5), D(4)),
        ("投入", "预算配置", "在职人员控制率", D(10), D(10)),
    ]


def test_no_self_evaluation_tables() -> None:
    doc = Doc()
    doc.text("收入支出决算总表")
    doc.grid([["项目", "决算数"], ["一般公共预算财政拨款收入", "100.00"], ["本年收入合计", "100.00"]])
    doc.text("根据预算绩效管理要求，我单位组织对2022年度一般公共预算项目支出全面开展绩效自评，共涉及项目 8 个。")
    doc.text("附件：项目支出绩效自评表")  # announced (e.g. in the 目录) but not printed
    doc.text("第五部分 名词解释")
    assert extract_performance(doc.raw()) == []
    assert extract_performance(Doc().raw()) == []


def test_variant_grade_and_total_printed_as_text_under_the_grid() -> None:
    doc = Doc()
    doc.text("2023年度社区矫正项目绩效自评表")
    doc.grid([
        ["项目名称", "社区矫正", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "矫正对象人数", "≥50人", "52人", "90"],
    ])
    doc.text("自评得分：90分")
    doc.text("自评等级：优")
    [p] = extract_performance(doc.raw())
    assert (p.project, p.total_score, p.grade) == ("社区矫正", D(90), "优")


def test_stray_title_over_a_budget_table_gives_nothing() -> None:
    doc = Doc()
    doc.text("附件：部门整体支出绩效自评表")
    doc.grid([
        ["项目", "年初预算数", "调整预算数", "决算数", "执行率"],
        ["一般公共服务支出", "100.00", "120.00", "110.00", "91.67%"],
    ])
    assert extract_performance(doc.raw()) == []


# --------------------------------------------------------------------------- a real PDF (reportlab -> pdfplumber)


def _build_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    head = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    rows = [
        ["项目名称", "校园安全设施改造", "", "", "", "", "", ""],
        ["项目资金（万元）", "", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        ["", "年度资金总额", "200.00", "150.00", "10", "75.00%", "7.50", ""],
        head,
    ]
    spans = [("SPAN", (1, 0), (7, 0)), ("SPAN", (0, 1), (1, 1)), ("SPAN", (0, 4), (0, 4 + 39))]
    body = []
    for k in range(40):  # long enough to run over a page break
        body.append(["", "产出指标" if k == 0 else "", "数量指标" if k == 0 else "", f"改造点位{k + 1}", "1处", "1处", "2", "2"])
    spans.append(("SPAN", (1, 4), (1, 4 + 39)))
    spans.append(("SPAN", (2, 4), (2, 4 + 39)))
    rows += body
    rows.append(["总分", "", "", "", "", "", "90", "87.50"])
    t = Table(rows, repeatRows=0)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 8), ("GRID", (0, 0), (-1, -1), 0.5, colors.black), *spans]))
    style = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("2023年度校园安全设施改造项目支出绩效自评表", style), t])


def _pdf_to_raw(path: Path) -> RawDocument:
    import pdfplumber

    blocks: list = []
    line = 0
    with pdfplumber.open(str(path)) as pdf:
        for pn, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            top = min((tb.bbox[1] for tb in tables), default=page.height)
            for s in (page.crop((0, 0, page.width, max(top, 1))).extract_text() or "").splitlines():
                line += 1
                blocks.append(TextLine(raw=s, text=normalize_text(s), page=pn, line=line))
            for tb in tables:
                grid_rows = []
                for cells in tb.extract():
                    line += 1
                    grid_rows.append(GridRow(cells=[None if c is None else normalize_text(c) for c in cells],
                                             raw_cells=list(cells), page=pn, line=line))
                blocks.append(Grid(rows=grid_rows, page=pn, source="pdf-ruled", bbox=tb.bbox))
    return RawDocument(path=str(path), name=path.name, kind="pdf", sha256="0", blocks=blocks, page_count=pn)


@pytest.mark.pdf
def test_real_pdf_table_over_two_pages_with_merged_cells(tmp_path: Path) -> None:
    pdf = tmp_path / "zp.pdf"
    _build_pdf(pdf)
    raw = _pdf_to_raw(pdf)
    assert raw.page_count == 2 and any(isinstance(b, Grid) and b.page == 2 for b in raw.blocks)
    [p] = extract_performance(raw)
    assert (p.kind, p.project) == ("project", "校园安全设施改造")
    assert (p.budget, p.executed, p.rate, p.score, p.execution_weight) == (D("200.00"), D("150.00"), D("75.00"), D("7.50"), D(10))
    assert p.total_score == D("87.50") and p.page == 1
    assert len(p.indicators) == 40
    assert all((i.level1, i.level2, i.weight, i.score) == ("产出指标", "数量指标", D(2), D(2)) for i in p.indicators)
    assert p.indicators[-1].name == "改造点位40" and p.indicators[-1].page == 2


def test_variant_inline_name_score_suffix_and_result_summary_title() -> None:
    doc = Doc()
    doc.text("某某项目绩效自评表（2023年度）")
    doc.grid([
        ["项目名称：老旧小区改造", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分"],
        ["产出指标", "数量指标", "改造小区数", "10个", "9个", "20分", "18分"],
        ["满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "无", "10", "0"],
    ])
    doc.text("第二部分 其他")
    doc.text("2023年度项目支出绩效自评结果汇总表")
    doc.grid([
        ["序号", "项目名称", "预算数", "执行数", "执行率", "自评得分"],
        ["1", "老旧小区改造", "300.00", "270.00", "90.00%", "88"],
    ])
    p, s = extract_performance(doc.raw())
    assert (p.kind, p.project) == ("project", "老旧小区改造")
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators] == [
        ("改造小区数", "10个", "9个", D(20), D(18)),
        ("居民满意度", "≥90%", "无", D(10), D(0)),
    ]
    assert (s.kind, s.project, s.budget, s.executed, s.rate, s.total_score) == (
        "summary", "老旧小区改造", D("300.00"), D("270.00"), D("90.00"), D(88))


def test_name_from_title_variants() -> None:
    from juesuan.model.performance.parse import _name_from_title
    from juesuan.model.performance.rows import Item

    def t(s: str) -> Item:
        return Item("text", [normalize_text(s)], [s], None, 1)

    assert _name_from_title([t("2022 年度行政事业单位缴纳残保金项目自评表")]) == "行政事业单位缴纳残保金"
    assert _name_from_title([t("附件2 项目支出绩效自评表（口岸物流资金）")]) == "口岸物流资金"
    assert _name_from_title([t("某某项目绩效自评表（2023年度）")]) == "某某"
    assert _name_from_title([t("附件1，2023年度天门市商务局部门整体支出绩效自评表")]) == "天门市商务局"
    assert _name_from_title([t("项目支出绩效自评表")]) is None


def test_variant_title_repeated_on_the_next_page_continues_the_table() -> None:
    doc = Doc("pdf")
    doc.text("项目支出绩效自评表")
    doc.grid([
        ["项目名称", "河道保洁", None, None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "保洁河道长度", "30公里", "30公里", "40", "40"],
    ], source="pdf-ruled")
    doc.new_page()
    doc.text("项目支出绩效自评表")
    doc.grid([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        [None, "质量指标", "水面清洁达标率", "≥95%", "97%", "30", "30"],
        ["总分", None, None, None, None, "70", "70"],
    ], source="pdf-ruled")
    doc.new_page()
    doc.text("项目支出绩效自评表")
    doc.grid([
        ["项目名称", "绿化养护", None, None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "养护面积", "5万平方米", "5万平方米", "40", "38"],
    ], source="pdf-ruled")
    a, b = extract_performance(doc.raw())
    assert (a.project, a.total_score) == ("河道保洁", D(70))
    assert [(i.level1, i.level2, i.name, i.page) for i in a.indicators] == [
        ("产出指标", "数量指标", "保洁河道长度", 1), ("产出指标", "质量指标", "水面清洁达标率", 2)]
    assert (b.project, [i.name for i in b.indicators]) == ("绿化养护", ["养护面积"])


# --------------------------------------------------------------------------- format invariance


def _signature(perfs: list[Performance]) -> list[tuple]:
    return [(p.kind, p.project, p.budget, p.executed, p.rate, p.score, p.execution_weight, p.total_score, p.grade,
             tuple((i.level1, i.level2, i.name, i.unit, i.target, i.actual, i.weight, i.score) for i in p.indicators))
            for p in perfs]


_KNOWN_LAYOUT_MISSES = {
    # 物资站人员经费 prints 满意度指标 in the 二级 column under 效益指标: only the column position tells
    # the levels apart, and pipe exports drop the blank cells that give it
    ("001", "pipe"), ("001", "pipe-collapsed"), ("001", "markdown"),
    # the 002 export breaks cells over lines ("经济效益\n指标", "项目资金\n（万元）"); the repair relies on
    # the tab layout of that export, re-rendered elsewhere the fragments are rows of their own
    ("002", "pipe"), ("002", "pipe-collapsed"), ("002", "cells"), ("002", "markdown"), ("002", "html"),
}


def _layout_cases() -> list:
    from tests.reformat import STYLES

    cases = []
    for s in ("000", "001", "002", "003", "004"):
        for style in STYLES:
            marks = [pytest.mark.xfail(reason="layout-dependent source defect", strict=True)] if (s, style) in _KNOWN_LAYOUT_MISSES else []
            cases.append(pytest.param(s, style, marks=marks, id=f"{s}-{style}"))
    return cases


@pytest.mark.parametrize("prefix,style", _layout_cases())
def test_same_self_evaluations_in_every_export_layout(prefix: str, style: str, tmp_path: Path) -> None:
    from juesuan import ingest
    from tests.reformat import write

    [path] = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    raw = ingest.read(str(path))
    copy = write(raw, style, tmp_path, prefix)
    assert _signature(extract_performance(ingest.read(str(copy)))) == _signature(extract_performance(raw))


def test_variant_title_inside_the_grid_next_to_the_annex_number() -> None:
    doc = Doc("pdf")
    doc.grid([
        ["附件2", "2023年度食品抽检项目支出绩效自评表", None, None, None],
        ["项目名称", "食品抽检", None, None, None],
        ["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["抽检批次", "≥500批", "520批", "50", "50"],
    ], source="pdf-ruled")
    [p] = extract_performance(doc.raw())
    assert (p.project, p.raw) == ("食品抽检", "附件2 | 2023年度食品抽检项目支出绩效自评表")
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators] == [("抽检批次", "≥500批", "520批", D(50), D(50))]


def test_indicator_named_like_a_grade_is_not_the_grade() -> None:
    doc = Doc()
    doc.text("2023年度窗口服务项目绩效自评表")
    doc.grid([
        ["项目名称", "窗口服务", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "质量指标", "服务等级", "优", "优", "90"],
        ["总分", "", "", "", "", "90"],
    ])
    [p] = extract_performance(doc.raw())
    assert p.grade is None and p.indicators[0].target == "优" and p.total_score == 90
