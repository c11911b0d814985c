"""build_tables on the five seed exports. Expected values were read off the seed files
by hand (line numbers in the comments), not produced by the parser."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest.text import read_text
from juesuan.model.document import Table
from juesuan.model.tables.builder import build_tables

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = {p.name[:3]: p for p in CORPUS.glob("*.txt")}
_cache: dict[str, tuple[dict[str, Table], list[str]]] = {}


def tables(key: str) -> dict[str, Table]:
    if key not in SEEDS:
        pytest.skip(f"seed {key} absent")
    if key not in _cache:
        ts, notes = build_tables(read_text(str(SEEDS[key])))
        _cache[key] = ({t.id: t for t in ts}, notes)
    return _cache[key][0]


def D(s: str | None) -> Decimal | None:
    return None if s is None else Decimal(s)


def vals(row, cols: list[str]) -> list[str | None]:
    return [None if row.values.get(c) is None else str(row.values[c]) for c in cols]


T2C = ["合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
T3C = ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
T4E = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
T5C = ["合计", "基本支出", "项目支出"]
T8C = ["年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余"]
SG = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"]
LEI_26 = [
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"),
    ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"), ("231", "债务还本支出"), ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
]


# ----------------------------------------------------------------------------- seed 000 (tab separated)


def test_000_all_nine_tables_present_with_units() -> None:
    t = tables("000")
    assert sorted(t) == [f"T{i}" for i in range(1, 10)]
    assert all(x.money_unit == "万元" for x in t.values())
    # T7 (三公) stands 9th (公开09表), T8/T9 are 公开07/08表 in this template
    assert (t["T7"].code, t["T8"].code, t["T9"].code) == ("公开09表", "公开07表", "公开08表")
    assert t["T1"].line == 73 and t["T1"].title == "收入支出决算总表"
    assert _cache["000"][1] == []


def test_000_T1_every_row() -> None:
    t1 = tables("000")["T1"]
    assert t1.columns == ["决算数"]
    income = [  # lines 84-115, left side
        ("一般公共预算财政拨款收入", "317.61", 84), ("政府性基金预算财政拨款收入", None, 85),
        ("国有资本经营预算财政拨款收入", None, 86), ("上级补助收入", None, 87), ("事业收入", None, 88),
        ("经营收入", None, 89), ("附属单位上缴收入", None, 90), ("其他收入", "0.05", 91),
        ("本年收入合计", "317.66", 111), ("使用非财政拨款结余", None, 112), ("年初结转和结余", None, 113),
        ("总计", "317.66", 115),
    ]
    expense_values = {"一般公共服务支出": "288.04", "社会保障和就业支出": "29.57"}
    got_inc = [(r.name, vals(r, ["决算数"])[0], r.line) for r in t1.rows if r.side == "收入"]
    assert got_inc == income
    assert all(r.code is None for r in t1.rows if r.side == "收入")
    exp = [r for r in t1.rows if r.side == "支出"]
    assert [(r.code, r.name) for r in exp[:26]] == LEI_26
    for r in exp[:26]:
        assert vals(r, ["决算数"])[0] == expense_values.get(r.name)
    assert exp[0].line == 84 and exp[25].line == 110
    assert [(r.code, r.name, vals(r, ["决算数"])[0], r.line) for r in exp[26:]] == [
        (None, "本年支出合计", "317.61", 111), (None, "结余分配", "0.05", 112),
        (None, "年末结转和结余", None, 113), (None, "总计", "317.66", 115),
    ]
    assert len(t1.rows) == 42
    assert t1.rows[0].raw == "一、一般公共预算财政拨款收入 | 1 | 317.61 | 一、一般公共服务支出 | 32 | 288.04"


def test_000_T3_every_row() -> None:
    t3 = tables("000")["T3"]
    assert t3.columns == T3C
    expected = [  # lines 155-163
        (None, "合计", ["317.61", "261.20", "56.41", None, None, None], 155),
        ("201", "一般公共服务支出", ["288.04", "231.63", "56.41", None, None, None], 156),
        ("20113", "商贸事务", ["288.04", "231.63", "56.41", None, None, None], 157),
        ("2011350", "事业运行", ["231.63", "231.63", None, None, None, None], 158),
        ("2011399", "其他商贸事务支出", ["56.41", None, "56.41", None, None, None], 159),
        ("208", "社会保障和就业支出", ["29.57", "29.57", None, None, None, None], 160),
        ("20805", "行政事业单位养老支出", ["29.57", "29.57", None, None, None, None], 161),
        ("2080505", "机关事业单位基本养老保险缴费支出", ["24.57", "24.57", None, None, None, None], 162),
        ("2080506", "机关事业单位职业年金缴费支出", ["5.00", "5.00", None, None, None, None], 163),
    ]
    assert [(r.code, r.name, vals(r, T3C), r.line) for r in t3.rows] == expected
    assert not t3.empty


def test_000_T5_every_row() -> None:
    t5 = tables("000")["T5"]
    assert t5.columns == T5C
    expected = [  # lines 225-233
        (None, "合计", ["317.61", "261.20", "56.41"]),
        ("201", "一般公共服务支出", ["288.04", "231.63", "56.41"]),
        ("20113", "商贸事务", ["288.04", "231.63", "56.41"]),
        ("2011350", "事业运行", ["231.63", "231.63", None]),
        ("2011399", "其他商贸事务支出", ["56.41", None, "56.41"]),
        ("208", "社会保障和就业支出", ["29.57", "29.57", None]),
        ("20805", "行政事业单位养老支出", ["29.57", "29.57", None]),
        ("2080505", "机关事业单位基本养老保险缴费支出", ["24.57", "24.57", None]),
        ("2080506", "机关事业单位职业年金缴费支出", ["5.00", "5.00", None]),
    ]
    assert [(r.code, r.name, vals(r, T5C)) for r in t5.rows] == expected
    assert [r.line for r in t5.rows] == list(range(225, 234))


# lines 247-275 of seed 000, three code/name/value triples per printed row (blank line 264 skipped)
T6_000 = """
301 工资福利支出 234.30|302 商品和服务支出 3.10|307 债务利息及费用支出 -
30101 基本工资 82.09|30201 办公费 -|30701 国内债务付息 -
30102 津贴补贴 10.88|30202 印刷费 -|30702 国外债务付息 -
30103 奖金 -|30203 咨询费 -|310 资本性支出 -
30106 伙食补助费 -|30204 手续费 -|31001 房屋建筑物购建 -
30107 绩效工资 96.76|30205 水费 -|31002 办公设备购置 -
30108 机关事业单位基本养老保险缴费 24.57|30206 电费 -|31003 专用设备购置 -
30109 职业年金缴费 5.00|30207 邮电费 -|31005 基础设施建设 -
30110 职工基本医疗保险缴费 -|30208 取暖费 -|31006 大型修缮 -
30111 公务员医疗补助缴费 -|30209 物业管理费 -|31007 信息网络及软件购置更新 -
30112 其他社会保障缴费 -|30211 差旅费 -|31008 物资储备 -
30113 住房公积金 15.00|30212 因公出国（境）费用 -|31009 土地补偿 -
30114 医疗费 -|30213 维修（护）费 -|31010 安置补助 -
30199 其他工资福利支出 -|30214 租赁费 -|31011 地上附着物和青苗补偿 -
303 对个人和家庭的补助 23.80|30215 会议费 -|31012 拆迁补偿 -
30301 离休费 -|30216 培训费 -|31013 公务用车购置 -
30302 退休费 23.80|30217 公务接待费 -|31019 其他交通工具购置 -
30303 退职（役）费 -|30218 专用材料费 -|31021 文物和陈列品购置 -
30304 抚恤金 -|30224 被装购置费 -|31022 无形资产购置 -
30305 生活补助 -|30225 专用燃料费 -|31099 其他资本性支出 -
30306 救济费 -|30226 劳务费 -|399 其他支出 -
30307 医疗费补助 -|30227 委托业务费 -|39907 国家赔偿费用支出 -
30308 助学金 -|30228 工会经费 3.10|39908 对民间非营利组织和群众性自治组织补贴 -
30309 奖励金 -|30229 福利费 -|39909 经常性赠与 -
30310 个人农业生产补贴 -|30231 公务用车运行维护费 -|39910 资本性赠与 -
30311 代缴社会保险费 -|30239 其他交通费用 -|39999 其他支出 -
30399 其他对个人和家庭的补助 -|30240 税金及附加费用 -
30299 其他商品和服务支出 -
"""


def test_000_T6_every_row() -> None:
    t6 = tables("000")["T6"]
    expected = []
    for line in T6_000.strip().splitlines():
        for triple in line.split("|"):
            code, name, v = triple.split()
            side = "人员经费" if code[:3] in ("301", "303") else "公用经费"
            expected.append((side, code, name, None if v == "-" else v))
    expected += [("人员经费", None, "人员经费合计", "258.10"), ("公用经费", None, "公用经费合计", "3.10")]
    got = [(r.side, r.code, r.name, vals(r, ["决算数"])[0]) for r in t6.rows]
    assert got == expected
    assert len(t6.rows) == 83
    assert t6.rows[0].line == 247 and t6.rows[-1].line == 276


def test_000_T7_empty_with_statement() -> None:
    t7 = tables("000")["T7"]
    # lines 310-323: header only, no body row; the 注 declares the table empty
    assert t7.rows == [] and t7.empty
    assert t7.empty_statement == "本单位无“三公”经费支出，无本表无数据。"
    assert t7.empty_statement_line == 323 and t7.empty_statement_page is None
    assert t7.title == "财政拨款“三公”经费支出决算表"


def test_000_samples_other_tables() -> None:
    t = tables("000")
    t2 = t["T2"]
    assert len(t2.rows) == 9 and t2.columns == T2C
    assert (t2.rows[0].name, vals(t2.rows[0], T2C)) == ("合计", ["317.66", "317.61", None, None, None, None, "0.05"])
    assert (t2.rows[3].code, vals(t2.rows[3], T2C)) == ("2011350", ["231.68", "231.63", None, None, None, None, "0.05"])
    assert (t2.rows[-1].code, t2.rows[-1].name, vals(t2.rows[-1], ["合计"])) == ("2080506", "机关事业单位职业年金缴费支出", ["5.00"])
    t4 = t["T4"]
    assert len(t4.rows) == 38
    inc = {r.name: vals(r, ["决算数"])[0] for r in t4.rows if r.side == "收入"}
    assert inc["一般公共预算财政拨款"] == "317.61" and inc["国有资本经营预算财政拨款"] is None  # printed 国有资本经营财政拨款
    assert inc["本年收入合计"] == "317.61" and inc["总计"] == "317.61"
    exp = {r.name: r for r in t4.rows if r.side == "支出"}
    assert vals(exp["一般公共服务支出"], T4E) == ["288.04", "288.04", None, None]
    assert exp["一般公共服务支出"].code == "201"
    assert vals(exp["总计"], T4E) == ["317.61", "317.61", None, None]
    assert vals(exp["本年支出合计"], T4E) == ["317.61", "317.61", None, None]
    t8, t9 = t["T8"], t["T9"]
    assert [(r.name, vals(r, T8C)) for r in t8.rows] == [("合计", [None] * 6)]
    assert t8.empty and t8.empty_statement == "本单位无政府性基金财政拨款收入支出，本表无数据。" and t8.empty_statement_line == 293
    assert t9.empty and t9.empty_statement == "本单位无国有资本经营预算财政拨款支出，本表无数据。" and t9.empty_statement_line == 308
    assert [(r.name, vals(r, T5C)) for r in t9.rows] == [("合计", [None] * 3)]


# ----------------------------------------------------------------------------- seed 001 (tab separated, 表N codes)


def test_001_all_tables_samples() -> None:
    t = tables("001")
    assert sorted(t) == [f"T{i}" for i in range(1, 10)]
    assert [t[f"T{i}"].code for i in range(1, 10)] == [f"表{i}" for i in range(1, 10)]
    assert all(x.money_unit == "万元" for x in t.values())  # "单位：万元"
    t1 = t["T1"]
    assert len(t1.rows) == 42
    r = t1.row(name="一般公共预算财政拨款收入", side="收入")
    assert vals(r, ["决算数"]) == ["624.81"] and r.line == 92
    assert vals(t1.row(code="201", side="支出"), ["决算数"]) == ["567.46"]
    assert vals(t1.row(code="208", side="支出"), ["决算数"]) == ["57.35"]
    assert vals(t1.row(name="总计", side="支出"), ["决算数"]) == ["624.81"]
    # T2: code and name in one cell under 类/款/项 columns ("→→→201 一般公共服务支出")
    t2 = t["T2"]
    assert len(t2.rows) == 12
    assert (t2.rows[0].name, vals(t2.rows[0], T2C[:2])) == ("合计", ["624.81", "624.81"])
    assert (t2.rows[2].code, t2.rows[2].name) == ("20103", "政府办公厅（室）及相关机构事务")
    assert (t2.rows[-1].code, t2.rows[-1].name, vals(t2.rows[-1], T2C)) == (
        "2081199", "其他残疾人事业支出", ["2.16", "2.16", None, None, None, None, None])
    t3 = t["T3"]
    assert len(t3.rows) == 12
    assert vals(t3.rows[0], T3C) == ["624.81", "392.43", "232.38", None, None, None]
    assert (t3.rows[3].code, vals(t3.rows[3], T3C[:3])) == ("2010350", ["388.68", "352.59", "36.09"])
    t4 = t["T4"]
    assert len(t4.rows) == 38
    assert vals(t4.row(code="201", side="支出"), T4E) == ["567.46", "567.46", None, None]
    assert vals(t4.row(name="总计", side="收入"), ["决算数"]) == ["624.81"]
    # T5: header shifted against the body in this export (tests content alignment)
    t5 = t["T5"]
    assert len(t5.rows) == 12
    assert (t5.rows[0].name, vals(t5.rows[0], T5C)) == ("合计", ["624.81", "392.43", "232.38"])
    assert (t5.rows[4].code, vals(t5.rows[4], T5C)) == ("2010399", ["178.78", None, "178.78"])
    assert (t5.rows[-1].code, t5.rows[-1].line) == ("2081199", 248)
    t6 = t["T6"]
    assert len(t6.rows) == 63
    assert vals(t6.row(code="301"), ["决算数"]) == ["189.09"]
    assert vals(t6.row(code="30309"), ["决算数"]) == ["136.44"]
    assert t6.row(code="310").side == "公用经费" and vals(t6.row(code="310"), ["决算数"]) == ["0.28"]
    assert vals(t6.row(name="人员经费合计"), ["决算数"]) == ["389.83"]
    assert vals(t6.row(name="公用经费合计"), ["决算数"]) == ["2.60"]  # printed 5 cells to the right (line 290)
    # T7: one wide row, 预算数 0.00 everywhere, 决算数 blank; declared empty right below (line 310)
    t7 = t["T7"]
    assert [(r.name, vals(r, ["预算数", "决算数"])) for r in t7.rows] == [(n, ["0.00", None]) for n in SG]
    assert t7.empty and t7.empty_statement == "2022 年我单位无一般公共预算财政拨款“三公”经费支出。"
    assert t7.empty_statement_line == 310
    assert t["T8"].empty and t["T8"].empty_statement == "2022 年我单位无政府性基金预算财政拨款收入支出。"
    assert t["T8"].empty_statement_line == 327
    assert t["T9"].empty and t["T9"].empty_statement == "2022 年我单位无国有资本经营预算财政拨款支出。"


# ----------------------------------------------------------------------------- seed 002 (damaged)


def test_002_has_no_standard_tables() -> None:
    t = tables("002")
    assert t == {} or not any(x.rows for x in t.values())


# ----------------------------------------------------------------------------- seed 003 (one cell per line)


def test_003_all_tables_samples() -> None:
    t = tables("003")
    assert sorted(t) == [f"T{i}" for i in range(1, 10)]
    assert [t[f"T{i}"].code for i in (7, 8, 9)] == ["公开09表", "公开07表", "公开08表"]
    assert all(x.money_unit == "万元" for x in t.values())
    assert _cache["003"][1] == []  # the 目录 entries (lines 10-25) are not counted as tables
    t1 = t["T1"]
    assert len(t1.rows) == 42 and t1.line == 78
    assert vals(t1.row(name="一般公共预算财政拨款收入"), ["决算数"]) == ["6398.35"]
    assert vals(t1.row(code="216", side="支出"), ["决算数"]) == ["4242.52"]
    assert vals(t1.row(code="210", side="支出"), ["决算数"]) == ["591.32"]  # income cell "　" (line 167)
    assert vals(t1.row(name="使用非财政拨款结余", side="收入"), ["决算数"]) == ["0.00"]  # …和专用结余
    assert vals(t1.row(name="总计", side="收入"), ["决算数"]) == ["6398.35"]
    t2 = t["T2"]
    assert len(t2.rows) == 38
    assert vals(t2.rows[0], T2C) == ["6398.35", "6398.35", "0.00", "0.00", "0.00", "0.00", "0.00"]
    assert (t2.row(code="216").name, vals(t2.row(code="216"), ["合计"])) == ("商业服务业等支出", ["4242.53"])
    assert (t2.rows[-1].code, t2.rows[-1].name, vals(t2.rows[-1], ["合计"])) == ("2210201", "住房公积金", ["57.96"])
    t3 = t["T3"]
    assert len(t3.rows) == 38
    assert vals(t3.rows[0], T3C) == ["6398.35", "1055.56", "5342.79", "0.00", "0.00", "0.00"]
    assert vals(t3.row(code="2011399"), T3C[:3]) == ["487.43", "1.47", "485.97"]
    t4 = t["T4"]
    assert len(t4.rows) == 38
    assert vals(t4.row(code="216", side="支出"), T4E) == ["4242.52", "4242.52", "0.00", "0.00"]
    t5 = t["T5"]
    assert len(t5.rows) == 38
    assert vals(t5.rows[0], T5C) == ["6398.35", "1055.56", "5342.79"]
    assert (t5.rows[-1].code, vals(t5.rows[-1], T5C)) == ("2210201", ["57.96", "57.96", "0.00"])
    assert vals(t5.row(code="2169999"), T5C) == ["2625.14", "3.36", "2621.77"]
    t6 = t["T6"]
    assert len(t6.rows) == 83
    assert vals(t6.row(code="301"), ["决算数"]) == ["802.21"]
    assert vals(t6.row(code="30227"), ["决算数"]) == ["61.74"]
    assert vals(t6.row(code="30299"), ["决算数"]) == ["2.51"]
    assert vals(t6.row(name="人员经费合计"), ["决算数"]) == ["914.56"]
    assert vals(t6.row(name="公用经费合计"), ["决算数"]) == ["141.00"]
    t7 = t["T7"]  # line 2306: 9.76 | 0.00 | 9.50 | 0.00 | 9.50 | 0.26 | 9.76 | 0.00 | 9.50 | 0.00 | 9.50 | 0.26
    expected = ["9.76", "0.00", "9.50", "0.00", "9.50", "0.26"]
    assert [(r.name, vals(r, ["预算数", "决算数"])) for r in t7.rows] == [(n, [v, v]) for n, v in zip(SG, expected, strict=True)]
    assert not t7.empty and t7.rows[0].line == 2306
    assert t["T8"].empty_statement == "说明：本部门本年度没有政府性基金收入也没有使用政府性基金安排的支出，故本表无数据。"
    assert t["T8"].empty_statement_line == 2196
    assert t["T9"].empty_statement == "说明：本部门本年度没有国有资本经营收入，也没有使用国有资本经营安排的支出，故本表无数据。"
    assert t["T9"].empty_statement_line == 2249


# ----------------------------------------------------------------------------- seed 004 (pipe, no titles)


def test_004_all_tables_samples() -> None:
    t = tables("004")
    assert sorted(t) == [f"T{i}" for i in range(1, 10)]
    # only 公开0X表 codes identify the tables; 07/08/09 resolved from the header words
    assert [t[f"T{i}"].code for i in range(1, 10)] == [
        "公开表01", "公开02表", "公开03表", "公开04表", "公开05表", "公开06表", "公开09表", "公开07表", "公开08表"]
    assert all(x.money_unit == "万元" for x in t.values())
    t1 = t["T1"]
    assert len(t1.rows) == 42
    assert vals(t1.row(name="一般公共预算财政拨款收入"), ["决算数"]) == ["3383.79"]
    # line 37 "9 | 九、卫生健康支出 | 40 | 0.0 | ||": empty income cells collapsed to the end
    r = t1.row(code="210", side="支出")
    assert r.name == "卫生健康支出" and vals(r, ["决算数"]) == ["0.0"] and r.line == 37
    assert vals(t1.row(code="205", side="支出"), ["决算数"]) == ["10.0"]
    assert vals(t1.row(name="总计", side="支出"), ["决算数"]) == ["3383.79"]
    t2 = t["T2"]  # header cells spread over lines 64-71
    assert len(t2.rows) == 17
    assert vals(t2.rows[0], T2C) == ["3383.79", "3383.79", "0.0", "0.0", "0.0", "0.0", "0.0"]
    assert (t2.rows[-1].code, vals(t2.rows[-1], T2C[:2])) == ("2080799", ["0.59", "0.59"])
    t3 = t["T3"]
    assert len(t3.rows) == 17
    assert vals(t3.rows[0], T3C) == ["3383.79", "1415.21", "1968.59", "0.0", "0.0", "0.0"]
    assert vals(t3.row(code="201"), T3C[:3]) == ["3249.78", "1291.78", "1958.0"]
    t4 = t["T4"]
    assert len(t4.rows) == 38
    assert vals(t4.row(code="205", side="支出"), T4E) == ["10.0", "10.0", "0.0", "0.0"]  # line 128
    assert vals(t4.row(name="年初财政拨款结转和结余-一般公共预算财政拨款", side="收入"), ["决算数"]) == ["0.0"]
    t5 = t["T5"]
    assert len(t5.rows) == 17
    assert vals(t5.rows[0], T5C) == ["3383.79", "1415.21", "1968.59"]
    assert vals(t5.row(code="2010302"), T5C) == ["2880.75", "1272.68", "1608.07"]
    t6 = t["T6"]
    assert len(t6.rows) == 83
    r = t6.row(code="30299")  # line 211: collapsed to the first cells, still 公用经费
    assert r.side == "公用经费" and vals(r, ["决算数"]) == ["3.46"]
    assert vals(t6.row(name="人员经费合计"), ["决算数"]) == ["1315.01"]
    assert vals(t6.row(name="公用经费合计"), ["决算数"]) == ["100.2"]
    t7 = t["T7"]  # line 242
    expected = ["8.29", "0.0", "6.27", "0.0", "6.27", "2.02"]
    assert [(r.name, vals(r, ["预算数", "决算数"])) for r in t7.rows] == [(n, [v, v]) for n, v in zip(SG, expected, strict=True)]
    assert t["T8"].empty and t["T8"].empty_statement == "(本单位今年没有政府性基金预算财政拨款)"
    assert t["T8"].empty_statement_line == 224
    assert t["T9"].empty and t["T9"].empty_statement == "(本单位今年没有国有资本经营预算财政拨款)"
    assert t["T9"].empty_statement_line == 232


def test_decimal_exponent_kept() -> None:
    t = tables("004")
    v = t["T2"].rows[0].values["上级补助收入"]
    assert v == D("0") and str(v) == "0.0"


# ----------------------------------------------------------------------------- real PDF (through the PDF reader)

REAL_PDF = Path(__file__).resolve().parents[2] / "shared" / "corpus-real" / "上海市普陀区财政局2024年度部门决算.pdf"


@pytest.mark.real
def test_real_pdf_tables_through_pdf_reader() -> None:
    """Values read off pages 6-18 of the published PDF (pdfplumber rows inspected by hand)."""
    if not REAL_PDF.exists():
        pytest.skip("real PDF absent")
    pdf = pytest.importorskip("juesuan.ingest.pdf")
    raw = pdf.read_pdf(str(REAL_PDF))
    if any(p.fatal for p in raw.problems):
        pytest.skip("PDF reader could not read the file")
    ts, notes = build_tables(raw)
    t = {x.id: x for x in ts}
    assert sorted(t) == [f"T{i}" for i in range(1, 10)]
    assert vals(t["T1"].row(name="一般公共预算财政拨款收入"), ["决算数"]) == ["2940.05"]
    assert vals(t["T1"].row(code="210", side="支出"), ["决算数"]) == ["60.99"]
    assert vals(t["T2"].row(name="合计"), ["合计", "财政拨款收入", "其他收入"]) == ["2946.25", "2940.05", "6.20"]
    assert vals(t["T2"].row(code="2010601"), ["合计"]) == ["1511.90"]  # 类 | 款 | 项 in three cells
    assert vals(t["T5"].row(name="合计"), T5C) == ["2940.05", "2336.91", "603.14"]
    assert vals(t["T6"].row(code="30101"), ["决算数"]) == ["262.33"]
    assert vals(t["T6"].row(code="31002"), ["决算数"]) == ["13.58"]  # page 17 (table continued)
    t7 = {r.name: vals(r, ["预算数", "决算数"]) for r in t["T7"].rows}
    assert t7["合计"] == ["0.95", None] and t7["公务接待费"] == ["0.95", None]
    assert t["T8"].empty and "故本表无数据" in (t["T8"].empty_statement or "")
