"""Label vocabulary of self-evaluation tables (绩效自评表): header roles, indicator levels, cell kinds.

Used by engine/performance.py. Everything here works on ``normalize_label`` text (no white space,
Chinese brackets), so "预算数 (A)" and "预算数（A）" are the same label.
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.text.normalize import normalize_label, normalize_text, parse_amount, parse_percent

# --------------------------------------------------------------------------- cells


def label(cell: str | None) -> str:
    """Normalised label of a cell ("" for None)."""
    return normalize_label(cell) if cell else ""


def value_text(cell: str | None) -> str:
    """A value cell as printed, normalised (line breaks inside the cell dropped)."""
    if not cell:
        return ""
    parts = [normalize_text(p) for p in cell.split("\n")]
    out = ""
    for p in parts:
        if out and p and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", p[0]):
            out += " "
        out += p
    return out.strip()


_DEBRIS = re.compile(r"^(ERROR:)?#(DIV/0!|REF!|VALUE!|N/A|NAME\?|NUM!|NULL!)$", re.I)
_EMPTY = {"", "—", "-", "——", "–", "/", "／", "…", "……", "...", "......"}


def is_blank(cell: str | None) -> bool:
    s = label(cell)
    return s in _EMPTY or bool(_DEBRIS.match(s))


def is_debris(cell: str | None) -> bool:
    return bool(_DEBRIS.match(label(cell)))


def number(cell: str | None) -> Decimal | None:
    """A plain number (amount, score, weight); None for percentages, text, "- 0" placeholders."""
    s = re.sub(r"分$", "", label(cell))  # "19.67分"
    if not s or "%" in s or s.startswith("-0") or s in ("-", "—"):
        return None
    if re.fullmatch(r"[-−]\s*0(\.0+)?", s):
        return None
    return parse_amount(s)


def percent(cell: str | None) -> Decimal | None:
    s = label(cell).replace("％", "%")
    return parse_percent(s)


_WEIGHT_SUFFIX = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*[分份]?\s*[)）]$")
_WEIGHT_ANY = re.compile(r"[（(][^（）()]*?(\d+(?:\.\d+)?)\s*分[^（）()]*[)）]")


def split_weight(text: str) -> tuple[str, Decimal | None]:
    """"数量指标（30分）" -> ("数量指标", 30); "职责明确(1分)" -> ("职责明确", 1); no weight -> (text, None)."""
    s = label(text)
    m = _WEIGHT_SUFFIX.search(s)
    if not m:
        return s, None
    return s[: m.start()], Decimal(m.group(1))


# --------------------------------------------------------------------------- levels

_L1 = re.compile(r"^(产出|效益|效果|满意度|成本|管理|投入|过程|履职效能|履职|运行)(指标)?$")
_L2 = re.compile(
    r"^(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|社会公众或服务对象满意度|社会公众满意度|服务对象满意度"
    r"|满意度|社会满意度|经济成本|社会成本|生态环境成本|生态成本|经济|社会|生态)(指标)?$"
)


def level_text(cell: str | None) -> str:
    """A level label without its weight and without line breaks ("产\\n出\\n指\\n标(40分)" -> "产出指标")."""
    return split_weight(label(cell))[0]


def is_level1(cell: str | None) -> bool:
    return bool(_L1.match(level_text(cell)))


def is_level2(cell: str | None) -> bool:
    return bool(_L2.match(level_text(cell)))


_PLACEHOLDER = re.compile(r"^(指标\d*[:：]?|[.…。]+|\d+|[…]+|其他|其它|……)$")


def is_placeholder_name(name: str) -> bool:
    s = label(name)
    return not s or bool(_PLACEHOLDER.match(s))


_NAME_PREFIX = re.compile(r"^指标\s*\d+\s*[:：]\s*")


def clean_name(raw: str) -> str:
    return _NAME_PREFIX.sub("", value_text(raw)).strip()


_GOAL = re.compile(r"^(年度|长期)?(绩效)?(总体)?目标(名称)?\d*[:：]?([（(]\d+(\.\d+)?分[)）])?$|^年度绩效(指标)?$|^绩效指标$")


def is_goal(cell: str | None) -> bool:
    return bool(_GOAL.match(label(cell)))


_UNITS = {
    "%", "％", "‰", "个", "份", "次", "家", "人", "人次", "名", "万元", "元", "亿元", "千元", "天", "日", "工作日", "月",
    "年", "项", "台", "套", "辆", "平方米", "㎡", "米", "公里", "千米", "户", "场", "笔", "列", "批", "件", "所", "座", "篇",
    "期", "条", "张", "册", "本", "小时", "分钟", "吨", "亩", "公顷", "处", "部", "家次", "个数", "类", "轮", "万人次",
}


def is_unit(cell: str | None) -> bool:
    return label(cell) in _UNITS


# --------------------------------------------------------------------------- header roles

# indicator table roles
GOAL, L1, L1W, L2, NAME, UNIT, TARGET, ACTUAL, WEIGHT, SCORE, REASON, IGNORE = (
    "goal", "l1", "l1w", "l2", "name", "unit", "target", "actual", "weight", "score", "reason", "ignore",
)
# execution / summary roles
LABEL, INITIAL, BUDGET, EXECUTED, RATE, SEQ, DEPT = "label", "initial", "budget", "executed", "rate", "seq", "dept"


def indicator_role(cell: str | None) -> str | None:
    """Role of one header cell of an indicator table, or None when the cell is not a header label."""
    s = label(cell)
    if not s:
        return None
    s = re.sub(r"[（(][A-Za-z][)）]$", "", s)  # "年度指标值（A）"
    if re.search(r"一级指标", s):
        return L1
    if re.search(r"二级指标", s):
        return L2
    if re.search(r"三级指标|^指标名称$|^绩效指标名称$", s):
        return NAME
    if re.search(r"偏差|原因分析|改进措施", s):
        return REASON
    if re.search(r"^(计量)?单位$|^指标单位$|^度量单位$", s):
        return UNIT
    if re.search(r"(指标|目标)值|^预期(目标|指标)$|^目标$", s) and not re.search(r"确定依据|说明", s):
        return TARGET
    if re.search(r"完成值|完成情况|实际值|^实际完成|完成结果", s):
        return ACTUAL
    if re.search(r"^(指标)?(分值|权重)|^满分$|^标准分$", s):
        return WEIGHT
    if re.search(r"得分", s) and len(s) <= 12:
        return SCORE
    if re.search(r"评分标准|指标解释|指标说明|评价要点|确定依据|计分方法|评分方法|备注", s):
        return IGNORE
    if is_goal(s) or re.search(r"^(年度)?绩效(目标|指标)$|^目标名称$|^绩效指标$", s):
        return GOAL
    return None


def is_indicator_header(roles: list[str | None]) -> bool:
    r = set(roles)
    return NAME in r and bool(r & {TARGET, ACTUAL, WEIGHT, SCORE})


def execution_role(cell: str | None) -> str | None:
    s = label(cell)
    if not s:
        return None
    if re.search(r"年初预算", s):
        return INITIAL
    if re.search(r"得分|评分", s):
        return SCORE
    if re.search(r"执行率|完成率", s):
        return RATE
    if re.search(r"(调整后|全年|年度)?预算(数|金额|安排)|^预算$|^全年预算", s):
        return BUDGET
    if re.search(r"执行数|执行金额|实际支出|^支出数|决算数|^到位资金", s):
        return EXECUTED
    if re.search(r"^(分值|权重)", s):
        return WEIGHT
    if re.search(r"^(计量)?单位$", s):
        return UNIT
    if re.search(r"预算执行情况|项目资金|资金情况|支出规模|资金总额", s):
        return LABEL
    return None


def is_execution_header(cells: list[str | None]) -> bool:
    roles = [execution_role(c) for c in cells]
    r = set(roles)
    if any(re.search(r"三级指标", label(c)) for c in cells):
        return False
    return (BUDGET in r or INITIAL in r) and bool(r & {EXECUTED, RATE})


def summary_role(cell: str | None) -> str | None:
    s = label(cell)
    if not s:
        return None
    if s in ("序号", "编号"):
        return SEQ
    if re.search(r"本级分配|转移支付|是否报送|填写|备注", s):
        return IGNORE
    if re.search(r"主管部门|主管单位|实施单位|处室|科室", s):
        return DEPT
    if re.search(r"项目名称|预算部门名称|部门名称|单位名称|^项目$|^预算项目$", s):
        return NAME
    if re.search(r"执行率", s):
        return RATE
    if re.search(r"执行金额|执行数|支出数|决算数", s):
        return EXECUTED
    if re.search(r"小计|预算安排|预算数|预算金额|安排情况", s):
        return BUDGET
    if re.search(r"自评得分|^得分$|评价得分|自评分|^总分$|^(自评|评价)?分数$", s):
        return SCORE
    if re.search(r"等级", s):
        return "grade"
    if re.search(r"本级分配|转移支付|是否报送|填写", s):
        return IGNORE
    return None


# --------------------------------------------------------------------------- execution weight

_FORMULA_W = re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*[*×xX]\s*(预算)?执行率")
_HEAD_W = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def formula_weight(text: str) -> Decimal | None:
    """"得分（20分*执行率）" -> 20."""
    m = _FORMULA_W.search(label(text))
    return Decimal(m.group(1)) if m else None


def heading_weight(text: str) -> Decimal | None:
    """"预算执行情况（万元）（20分）" -> 20; "得分（10分）" -> 10."""
    m = _HEAD_W.search(label(text))
    return Decimal(m.group(1)) if m else None
