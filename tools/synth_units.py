"""Synthetic units for tools/synth.py: the planted anomaly kinds (STAT_FEATURES, RULE_DEFECTS), name
vocabularies, 0.01 rounding and splitting helpers, and one unit's consistent figures (``Unit``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Q = Decimal("0.01")
STAT_FEATURES = ("completion", "execution", "sangong_share", "score_gap")
RULE_DEFECTS: dict[str, tuple[list[str], str]] = {
    "row_sum": (["ARITH-T3-ROW-SUM"], "high"),
    "narrative_amount": (["NARR-LINE-AMOUNT", "NARR-TOTAL-AMOUNT"], "high"),
    "sangong_total": (["NARR-SANGONG-VS-T7"], "high"),
    "template_residue": (["HYG-PLACEHOLDER"], "medium"),
    "spreadsheet_debris": (["HYG-SPREADSHEET-DEBRIS"], "medium"),
}
_PROVINCES = ("湖北省", "湖南省", "江西省", "安徽省", "河南省")
_CITIES = ("武汉市", "荆门市", "天门市", "赣州市", "宜昌市", "襄阳市", "长沙市", "九江市")
_DISTRICTS = ("汉阳区", "东宝区", "南康区", "西陵区", "襄城区", "岳麓区", "濂溪区", "江夏区")
_ADMIN = ("商务局", "财政局", "统计局", "行政审批局", "发展和改革委员会", "审计局", "人力资源和社会保障局", "生态环境局")
_INST = ("企业服务中心", "政务服务中心", "农业技术推广中心", "电子口岸运行服务中心", "疾病预防控制中心", "档案馆",
         "不动产登记中心", "公共资源交易中心")
_T1_CATS = ("一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
            "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
            "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出",
            "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出",
            "债务还本支出", "债务付息支出", "抗疫特别国债安排的支出")
_CN_NUM = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
           "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六")
_CAT_INDEX = {"201": 0, "208": 7, "210": 8, "221": 18}
_CAT_NAME = {"201": "一般公共服务支出", "208": "社会保障和就业支出", "210": "卫生健康支出", "221": "住房保障支出"}
_KUAN = {"20113": "商贸事务", "20805": "行政事业单位养老支出", "21011": "行政事业单位医疗", "22102": "住房改革支出"}


def q(x: Decimal | float) -> Decimal:
    return Decimal(str(x)).quantize(Q, ROUND_HALF_UP)


def fmt(x: Decimal) -> str:
    return format(x.quantize(Q), "f")


def pct(a: Decimal, b: Decimal) -> Decimal:
    return (a / b * 100).quantize(Q, ROUND_HALF_UP) if b else Decimal("0.00")


def split(total: Decimal, weights: list[float]) -> list[Decimal]:
    """Split a 0.01-rounded total into parts (rounded) that sum exactly to it."""
    s = sum(weights)
    parts = [q(total * Decimal(str(w / s))) for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    return parts


@dataclass
class Item:
    code: str  # 7-digit 项 code
    name: str
    basic: Decimal
    project: Decimal
    budget: Decimal = Decimal(0)  # 年初预算

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass
class Unit:
    name: str
    kind: str  # 行政 | 事业
    level: str  # 省级 | 市级 | 区县级
    year: int
    items: list[Item] = field(default_factory=list)
    staff: int = 0
    anomalies: list[dict[str, Any]] = field(default_factory=list)


def _unit_name(rng: random.Random, i: int) -> tuple[str, str, str]:
    level = rng.choice(("省级", "市级", "区县级"))
    kind = rng.choice(("行政", "事业"))
    dept = rng.choice(_ADMIN if kind == "行政" else _INST)
    if level == "省级":
        place = rng.choice(_PROVINCES)
    elif level == "市级":
        place = rng.choice(_CITIES)
    else:
        place = rng.choice(_CITIES) + rng.choice(_DISTRICTS)
    return place + dept, kind, level


def _build_unit(rng: random.Random, i: int) -> Unit:
    name, kind, level = _unit_name(rng, i)
    u = Unit(name, kind, level, rng.choice((2022, 2023)))
    total = q(10 ** rng.uniform(2.0, 4.3))
    basic_share = rng.uniform(0.4, 0.9)
    basic = q(total * Decimal(str(basic_share)))
    project = total - basic
    run_code, run_name = ("2011301", "行政运行") if kind == "行政" else ("2011350", "事业运行")
    b = split(basic, [0.72, 0.08, 0.03, 0.04, 0.06, 0.07])
    u.items = [
        Item(run_code, run_name, b[0], Decimal(0)),
        Item("2011399", "其他商贸事务支出", Decimal(0), project),
        Item("2080505", "机关事业单位基本养老保险缴费支出", b[1], Decimal(0)),
        Item("2080506", "机关事业单位职业年金缴费支出", b[2], Decimal(0)),
        Item("2101101" if kind == "行政" else "2101102", "行政单位医疗" if kind == "行政" else "事业单位医疗", b[3], Decimal(0)),
        Item("2210201", "住房公积金", b[4] + b[5], Decimal(0)),
    ]
    for it in u.items:
        it.budget = q(it.total * Decimal(str(rng.uniform(0.9, 1.12))))
    u.staff = max(3, int(float(basic) * 0.7 / rng.uniform(12, 20)))
    return u
