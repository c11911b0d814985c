"""Canonical vocabulary shared by the parser, the rules and the UI.

The standard tables of both document kinds — 决算 T1..T9 (``TABLES``) and 预算 Y1..Y9
(``BUDGET_TABLES``) — their title aliases, and the canonical column (measure) names each
table's values are stored under. Parsers map whatever header a document prints onto these
names; rules refer only to these names. A budget table names its ``analog``: the 决算 table
of the same layout (Y1 收支总表 is laid out like T1), so the table reader can share one
row reader per layout; ``header_patterns`` map printed header words to canonical columns.
``tables_for(kind)`` gives the catalog of one document kind.
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
    kind: str = "决算"  # document kind the table belongs to: 决算 | 预算
    analog: str | None = None  # 预算 tables: the 决算 table with the same layout (row reader)
    header_patterns: tuple[tuple[str, str], ...] = ()  # (canonical column, regex on the header label)

    @property
    def base(self) -> str:
        """The 决算 layout id (T1..T9) this table is read like (itself for T tables)."""
        return self.analog or self.id


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

_Y_TOTAL = r"^(?:本年收入合计|收入合计|收入总计|本年支出合计|支出合计|支出总计|合计|小计|总计)$"
_Y_BASIC = (
    ("基本支出", r"基本支出"), ("人员经费", r"人员经费|人员支出"), ("公用经费", r"公用经费|公用支出"),
    ("项目支出", r"项目支出"),
)
_Y_FISCAL = (
    ("一般公共预算", r"一般公共预算"),
    ("政府性基金预算", r"政府性基金"),
    ("国有资本经营预算", r"国有资本经营"),
)

BUDGET_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "Y1", "收支总表",
        ("部门收支总表", "单位收支总表", "收支预算总表", "部门收支预算总表", "单位收支预算总表", "财务收支预算总表",
         "部门财务收支预算总表", "单位财务收支预算总表", "收入支出预算总表", "部门收入支出预算总表", "预算收支总表",
         "部门预算收支总表", "财务收支总表", "收支总体情况表",
         "部门收支总体情况表", "单位收支总体情况表", "收支预算总体情况表"),
        ("预算数",), "item", two_sided=True, kind="预算", analog="T1",
    ),
    TableSpec(
        "Y2", "收入总表",
        ("部门收入总表", "单位收入总表", "收入预算总表", "部门收入预算总表", "单位收入预算总表", "收入预算表",
         "部门收入预算表", "预算收入总表", "部门预算收入总表", "收入总体情况表",
         "部门收入总体情况表", "单位收入总体情况表", "收入预算总体情况表"),
        ("合计", "本年收入", "财政拨款收入", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金",
         "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入", "上年结转结余"),
        "function", kind="预算", analog="T2",
        header_patterns=(
            ("本年收入", r"^本年收入(?:合计|小计)?$"), ("合计", _Y_TOTAL), *_Y_FISCAL,
            ("财政拨款收入", r"^财政拨款(?:收入|资金)?(?:小计|合计)?$"),
            ("财政专户管理资金", r"财政专户"), ("单位资金", r"^单位资金(?:合计|小计)?$"),
            ("事业收入", r"^事业收入"), ("上级补助收入", r"上级补助"), ("附属单位上缴收入", r"附属单位"),
            ("事业单位经营收入", r"经营收入"), ("其他收入", r"^其他收入"), ("上年结转结余", r"上年结转|结转结余|结余"),
        ),
    ),
    TableSpec(
        "Y3", "支出总表",
        ("部门支出总表", "单位支出总表", "支出预算总表", "部门支出预算总表", "单位支出预算总表", "支出预算表",
         "部门支出预算表", "预算支出总表", "部门预算支出总表", "支出总体情况表",
         "部门支出总体情况表", "单位支出总体情况表", "本年支出总体情况表", "支出预算总体情况表"),
        ("合计", "基本支出", "人员经费", "公用经费", "项目支出", "上缴上级支出", "事业单位经营支出",
         "对附属单位补助支出"),
        "function", kind="预算", analog="T3",
        header_patterns=(
            ("合计", _Y_TOTAL), *_Y_BASIC, ("上缴上级支出", r"上缴上级"),
            ("事业单位经营支出", r"经营支出"), ("对附属单位补助支出", r"附属单位补助"),
        ),
    ),
    TableSpec(
        "Y4", "财政拨款收支总表",
        ("财政拨款收支预算总表", "部门财政拨款收支总表", "单位财政拨款收支总表", "财政拨款收入支出预算总表",
         "部门财政拨款收支预算总表", "财政拨款收支预算表", "财政拨款收入支出总表",
         "财政拨款收支总体情况表", "部门财政拨款收支总体情况表"),
        ("预算数", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"), "item", two_sided=True,
        kind="预算", analog="T4",
    ),
    TableSpec(
        "Y5", "一般公共预算支出表",
        ("一般公共预算支出功能分类预算表", "一般公共预算支出预算表", "一般公共预算财政拨款支出表",
         "一般公共预算财政拨款支出预算表", "部门一般公共预算支出表", "一般公共预算拨款支出预算表",
         "一般公共预算支出情况表", "一般公共预算当年拨款支出表", "一般公共预算功能分类支出表", "一般公共预算支出功能分类表",
         "一般公共预算财政拨款支出功能分类预算表", "一般公共预算支出情况表（按功能分类科目）",
         "一般公共预算拨款支出情况表"),
        ("合计", "基本支出", "人员经费", "公用经费", "项目支出"), "function", kind="预算", analog="T5",
        header_patterns=(("合计", _Y_TOTAL), *_Y_BASIC),
    ),
    TableSpec(
        "Y6", "一般公共预算基本支出表",
        ("一般公共预算基本支出部门预算经济分类预算表", "一般公共预算基本支出预算表", "一般公共预算财政拨款基本支出表",
         "一般公共预算财政拨款基本支出预算表", "一般公共预算基本支出经济分类预算表", "一般公共预算基本支出经济分类表",
         "一般公共预算基本支出情况表", "部门一般公共预算基本支出表", "一般公共预算基本支出情况表（按经济分类科目）",
         "一般公共预算财政拨款基本支出预算情况表", "一般公共预算基本支出经济分类情况表"),
        ("预算数",), "economic", two_sided=True, kind="预算", analog="T6",
    ),
    TableSpec(
        "Y7", '一般公共预算"三公"经费支出表',
        ('"三公"经费和机关运行经费预算表', '"三公"经费支出预算表', '一般公共预算"三公"经费支出预算表',
         '财政拨款"三公"经费支出表', '"三公"经费支出表', '一般公共预算"三公"经费支出情况表',
         '部门"三公"经费和机关运行经费预算表', '"三公"经费预算表', '一般公共预算"三公"经费预算表',
         '"三公"经费支出情况表', '一般公共预算"三公"经费支出情况表', '财政拨款安排的行政经费及"三公"经费预算表',
         '行政经费及"三公"经费预算表', '财政拨款"三公"经费支出预算表', '"三公"经费和机关运行经费支出预算表',
         '一般公共预算"三公"经费、会议费、培训费支出表', '"三公"经费、会议费、培训费支出表',
         '"三公"经费、会议费、培训费支出预算表'),
        ("预算数",), "三公", kind="预算", analog="T7",
    ),
    TableSpec(
        "Y8", "政府性基金预算支出表",
        ("政府性基金预算支出预算表", "政府性基金预算财政拨款支出表", "政府性基金支出预算表", "政府性基金预算支出情况表",
         "部门政府性基金预算支出表", "政府性基金预算支出功能分类预算表", "政府性基金预算支出功能分类表",
         "政府性基金预算财政拨款支出预算表", "政府性基金预算拨款支出预算表", "政府性基金预算拨款支出表"),
        ("合计", "基本支出", "人员经费", "公用经费", "项目支出"), "function", kind="预算", analog="T8",
        header_patterns=(("合计", _Y_TOTAL), *_Y_BASIC),
    ),
    TableSpec(
        "Y9", "国有资本经营预算支出表",
        ("国有资本经营预算支出预算表", "国有资本经营预算财政拨款支出表", "国有资本经营预算支出情况表",
         "部门国有资本经营预算支出表", "国有资本经营支出预算表", "国有资本经营预算支出功能分类预算表",
         "国有资本经营预算支出功能分类表", "国有资本经营预算财政拨款支出预算表", "国有资本经营预算拨款支出预算表",
         "国有资本经营预算拨款支出表"),
        ("合计", "基本支出", "人员经费", "公用经费", "项目支出"), "function", kind="预算", analog="T9",
        header_patterns=(("合计", _Y_TOTAL), *_Y_BASIC),
    ),
)

TABLE_BY_ID: dict[str, TableSpec] = {t.id: t for t in (*TABLES, *BUDGET_TABLES)}

DOCUMENT_KINDS: tuple[str, ...] = ("决算", "预算")


def tables_for(kind: str | None) -> tuple[TableSpec, ...]:
    """The standard tables of a document kind (决算 when unknown)."""
    return BUDGET_TABLES if kind == "预算" else TABLES


def table_id_for(kind: str | None, base: str) -> str:
    """The id of the table with layout ``base`` (T1..T9) in a document of ``kind`` ("T3" -> "Y3")."""
    if kind != "预算":
        return base
    return next((t.id for t in BUDGET_TABLES if t.analog == base), base)


def base_id(tid: str) -> str:
    """The 决算 layout id of a table id ("Y7" -> "T7", "T7" -> "T7")."""
    spec = TABLE_BY_ID.get(tid)
    return spec.base if spec else tid

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
