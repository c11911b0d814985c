"""juesuan.stats.features / juesuan.stats.peers / juesuan.stats.robust on hand-built document dicts."""

from __future__ import annotations

import math
from decimal import Decimal as D

from juesuan.stats.features import document_features, domain_level, extreme, unit_scalars
from juesuan.stats.peers import peer_key, size_band, unit_kind
from juesuan.stats.robust import mad, median, peer_stats, robust_z


def claim(kind: str, value: str, subject: str, line: int, **kw) -> dict:
    return {"kind": kind, "value": D(value), "unit": "%", "subject": subject, "text": f"{subject} {value}%",
            "sentence": f"{subject}完成年初预算的{value}%。", "page": None, "line": line, **kw}


def row(name: str, values: dict, code: str | None = None, line: int = 1, side: str | None = None) -> dict:
    return {"code": code, "name": name, "side": side, "values": {k: D(v) for k, v in values.items()}, "page": None,
            "line": line, "raw": f"{name} | " + " | ".join(values.values())}


def make_doc(**over) -> dict:
    doc = {
        "document": "a.txt", "sha256": "a" * 64, "unit": "某某市商务局", "year": 2023, "money_unit": "万元", "checkable": True,
        "tables": [
            {"id": "T3", "money_unit": "万元", "rows": [row("合计", {"合计": "1000.00", "基本支出": "600.00", "项目支出": "400.00"}, line=10)]},
            {"id": "T7", "money_unit": "万元", "rows": [row("合计", {"预算数": "12.00", "决算数": "10.00"}, line=20)]},
            {"id": "T6", "money_unit": "万元", "rows": [row("人员经费合计", {"决算数": "500.00"}, line=30, side="人员经费"),
                                                        row("公用经费合计", {"决算数": "100.00"}, line=30, side="公用经费")]},
        ],
        "claims": [
            claim("completion", "4593.95", "财政拨款本年支出", 27),
            claim("completion", "95.5", "一般公共服务支出（类）商贸事务（款）行政运行（项）", 28),
            claim("completion", "0", "因公出国（境）费", 29),
            claim("growth", "12.5", "支出合计", 5, direction="增加"),
            {"kind": "count", "value": D("20"), "unit": "人", "subject": "在职人员", "text": "在职人员20人", "sentence": "在职人员20人。", "line": 3},
        ],
        "performance": [
            {"project": "政府购买服务", "kind": "project", "budget": D("11.17"), "executed": D("4.30"), "rate": D("38.50"),
             "total_score": D("97.70"), "indicators": [{"name": "完成数量", "target": "10个", "actual": "12个", "line": 41}],
             "line": 40, "execution_raw": "年度财政资金总额 | 11.17 | 4.30 | 38.50%"},
        ],
    }
    doc.update(over)
    return doc


def test_features_from_claims_tables_and_performance():
    f = document_features(make_doc())
    comp = {str(o["value"]): o for o in f["completion"]}
    assert comp["4593.95"]["level"] == "unit" and comp["4593.95"]["evidence"][0]["line"] == 27
    assert comp["95.5"]["level"] == "item"
    assert f["execution"][0]["value"] == D("38.50") and f["execution"][0]["evidence"][0]["line"] == 40
    assert f["sangong_share"][0]["value"] == D("1.00")
    assert f["gongyong_share"][0]["value"] == D("16.67")
    assert f["basic_share"][0]["value"] == D("60.00")
    assert f["per_capita"][0]["value"] == D("50.0000")
    assert f["score_gap"][0]["value"] == D("59.20")
    assert f["indicator_ratio"][0]["value"] == D("1.200")
    assert f["growth"][0]["value"] == D("12.5")
    s = unit_scalars(f)
    assert s["unit_completion"] == 4593.95 and s["sangong_share"] == 1.0


def test_domain_levels_and_sangong_low_side_is_fine():
    f = document_features(make_doc())
    comp = {str(o["value"]): o for o in f["completion"]}
    assert domain_level(comp["4593.95"]) == 2
    assert domain_level(comp["95.5"]) == 0
    assert domain_level(comp["0"]) == 0  # 三公 under-spending is not a risk signal
    assert domain_level(f["execution"][0]) == 1  # 38.5% < 50%
    assert extreme("completion", f["completion"])["value"] == D("4593.95")


def test_money_unit_yuan_and_missing_pieces_are_tolerated():
    doc = make_doc(money_unit="元")
    for t in doc["tables"]:
        t["money_unit"] = "元"
    f = document_features(doc)
    assert f["sangong_share"][0]["value"] == D("1.00")  # both sides in 元: the share is unit-free
    assert f["per_capita"][0]["value"] == D("0.0050")  # 1000 元 = 0.1 万元 over 20 people
    assert document_features({"sha256": "x"}) == {}
    assert document_features({"tables": [{"id": "T3"}], "claims": [{"kind": "completion"}], "performance": [{}]}) == {}


def test_peers_kind_level_size():
    assert unit_kind("天门市商务局") == "行政"
    assert unit_kind("湖北省电子口岸运行服务中心") == "事业"
    assert unit_kind("荆门市行政审批局(本级)") == "行政"
    assert unit_kind("某某") == "未知"
    assert size_band(D("100")) == "<500万元" and size_band(None) == "规模未知"
    assert peer_key(make_doc(unit="武汉市汉阳区企业服务中心")) == ("区县级", "事业", "500–5000万元")


def test_robust_z_and_small_group_fallback():
    vals = [100.0, 98.0, 102.0, 99.0, 101.0, 100.0, 97.0, 103.0]
    assert median(vals) == 100.0 and mad(vals) == 1.5
    assert robust_z(100.0, vals) == 0.0
    assert robust_z(130.0, vals) > 10
    assert robust_z(5.0, [1.0, 1.0, 1.0]) == math.inf  # no spread at all
    small = peer_stats([("市级·行政", [("a", 1.0)] * 3), ("全部单位", [("a", 1.0)] * 5)])
    assert not small.usable and "n=5" in small.note and "过小" in small.note
    big = peer_stats([("市级·行政", [("a", 1.0)] * 3), ("全部单位", [(str(i), float(i)) for i in range(9)])])
    assert big.usable and big.group == "全部单位" and big.n == 9 and "样本不足" in big.note
