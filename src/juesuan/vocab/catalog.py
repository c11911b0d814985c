"""Canonical vocabulary shared by the parser, the rules and the UI.

The nine standard tables, their title aliases, and the canonical column
(measure) names each table's values are stored under. Parsers map whatever
header a document prints onto these names; rules refer only to these names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    id: str
    canonical: str
    aliases: tuple[str, ...]
    columns: tuple[str, ...]  # canonical value columns
    keyed_by: str  # "item" (T1/T4 label rows), "function" (function codes), "economic" (T6), "三公" (T7)
    two_sided: bool = False


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "T1",
        "收入支出决算总表",
        ("收入支出决算表", "部门收支决算总表", "收支决算总表", "收入支出决算总表"),
        ("决算数",),
        "item",
        two_sided=True,
    ),
    TableSpec(
        "T2",
        "收入决算表",
        ("收入决算总表", "收入决算表"),
        ("合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
        "function",
    ),
    TableSpec(
        "T3",
        "支出决算表",
        ("支出决算总表", "支出决算表"),
        ("合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
        "function",
    ),
    TableSpec(
        "T4",
        "财政拨款收入支出决算总表",
        ("财政拨款收支决算总表", "财政拨款收入支出决算表", "财政拨款收入支出决算总表"),
        # income side: 决算数; expense side: 合计 + the three budget kinds
        ("决算数", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        "item",
        two_sided=True,
    ),
    TableSpec(
        "T5",
        "一般公共预算财政拨款支出决算表",
        ("一般公共预算财政拨款收入支出决算表", "一般公共预算财政拨款支出决算表"),
        ("合计", "基本支出", "项目支出"),
        "function",
    ),
    TableSpec(
        "T6",
        "一般公共预算财政拨款基本支出决算表",
        (
            "一般公共预算财政拨款基本支出决算明细表",
            "一般公共预算财政拨款基本支出决算表",
            "基本支出决算表",
            "基本支出决算明细表",
        ),
        ("决算数",),
        "economic",
        two_sided=True,
    ),
    TableSpec(
        "T7",
        '财政拨款"三公"经费支出决算表',
        (
            '一般公共预算财政拨款"三公"经费支出决算表',
            '财政拨款"三公"经费支出决算表',
            '"三公"经费支出决算表',
            '"三公"经费及会议费、培训费支出决算表',
            '一般公共预算财政拨款"三公"经费及会议费、培训费支出决算表',
        ),
        ("预算数", "决算数"),
        "三公",
    ),
    TableSpec(
        "T8",
        "政府性基金预算财政拨款收入支出决算表",
        ("政府性基金预算财政拨款支出决算表", "政府性基金预算财政拨款收入支出决算表"),
        ("年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余"),
        "function",
    ),
    TableSpec(
        "T9",
        "国有资本经营预算财政拨款支出决算表",
        ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"),
        ("合计", "基本支出", "项目支出"),
        "function",
    ),
)

TABLE_BY_ID: dict[str, TableSpec] = {t.id: t for t in TABLES}

# T7 canonical item rows (values under 预算数 / 决算数)
SANGONG_ITEMS: tuple[str, ...] = (
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",  # 小计
    "公务用车购置费",
    "公务用车运行费",
    "公务接待费",
)

# T1 / T4 canonical item names (label rows; numbering "一、" stripped)
T1_INCOME_ITEMS: tuple[str, ...] = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "本年收入合计",
    "使用非财政拨款结余",
    "年初结转和结余",
    "总计",
)
T1_EXPENSE_TOTALS: tuple[str, ...] = ("本年支出合计", "结余分配", "年末结转和结余", "总计")

T4_INCOME_ITEMS: tuple[str, ...] = (
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
    "本年收入合计",
    "年初财政拨款结转和结余",
    "总计",
)
T4_EXPENSE_TOTALS: tuple[str, ...] = ("本年支出合计", "年末财政拨款结转和结余", "总计")

# economic classes (T6)
PERSONNEL_CLASSES: tuple[str, ...] = ("301", "303")
PUBLIC_CLASSES: tuple[str, ...] = ("302", "307", "310", "399")

# economic codes with a 三公 counterpart (part <= whole)
SANGONG_PARTS: dict[str, str] = {
    "30212": "因公出国（境）费",
    "30217": "公务接待费",
    "30231": "公务用车运行费",
    "31013": "公务用车购置费",
}

MONEY_UNITS: tuple[str, ...] = ("万元", "元", "亿元", "千元")
