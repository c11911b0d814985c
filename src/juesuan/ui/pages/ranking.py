"""Ranking: units by risk, filters, fuzzy unit search, coverage; a row opens the unit (deep link ?doc=)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from juesuan.store.sqlite import TRIAGE_STATES
from juesuan.ui.components import (
    coverage_label,
    get_store,
    goto_unit,
    inspector_sidebar,
    no_data_hint,
    severity_label,
    signature,
    sync_query_params,
    unit_url,
)
from juesuan.ui.unit_panels import score_breakdown
from juesuan.vocab.labels import CATEGORIES, CATEGORY_LABELS, SEVERITIES
from juesuan.workspace.present import display
from juesuan.workspace.triage import STATE_LABELS, RankingFilter, filter_rows, learned_weights, ranking_rows
from juesuan.workspace.workflow import UNIT_STATE_LABELS, all_unit_status


@st.cache_data(show_spinner="正在计算排名…", max_entries=8)
def _rows(db: str, sig: tuple[Any, ...]) -> list[dict[str, Any]]:
    return ranking_rows(get_store())


def _change(r: dict[str, Any]) -> str:
    d = r.get("rank_change")
    if d is None:
        return "新"
    return f"↑{d}" if d > 0 else (f"↓{-d}" if d < 0 else "—")


def _multi_param(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


inspector_sidebar()
st.title("📊 风险排名")
store = get_store()
rows = _rows(store.path, signature())
if not rows:
    no_data_hint()
    st.stop()

years = sorted({r["year"] for r in rows if r.get("year")}, reverse=True)
levels = sorted({r["level"] for r in rows if r.get("level")})
regions = sorted({r["region"] for r in rows if r.get("region")})
cats = [c for c in CATEGORIES if any(c in r["categories"] for r in rows)] + sorted(
    {c for r in rows for c in r["categories"] if c not in CATEGORIES}
)

# filters; initial values may come from the URL (?q=..&year=..&severity=..) so a filtered view can be shared
with st.container(border=True):
    c1, c2, c3 = st.columns([2, 1, 1])
    q = c1.text_input("按单位名称搜索（支持错别字/简称）", value=st.query_params.get("q", ""), key="rank_q")
    sel_years = c2.multiselect("年度", years, default=[int(y) for y in _multi_param("year") if y.isdigit() and int(y) in years],
                               key="rank_year", placeholder="全部年度")
    sel_levels = c3.multiselect("层级", levels, default=[x for x in _multi_param("level") if x in levels], key="rank_level", placeholder="全部层级")
    c4, c5, c6, c7 = st.columns(4)
    sel_regions = c4.multiselect("地区", regions, default=[x for x in _multi_param("region") if x in regions], key="rank_region", placeholder="全部地区")
    sel_cats = c5.multiselect("发现类别", cats, default=[x for x in _multi_param("category") if x in cats],
                              format_func=lambda c: CATEGORY_LABELS.get(c, c), key="rank_cat", placeholder="全部类别")
    sel_sev = c6.multiselect("严重程度", list(SEVERITIES), default=[x for x in _multi_param("severity") if x in SEVERITIES],
                             format_func=severity_label, key="rank_sev", placeholder="全部严重程度")
    sel_states = c7.multiselect("审核状态", list(TRIAGE_STATES), default=[x for x in _multi_param("state") if x in TRIAGE_STATES],
                                format_func=lambda s: STATE_LABELS.get(s, s), key="rank_state", placeholder="全部状态")
    keep_unchecked = st.checkbox("始终显示未核查单位（未核查不等于没有问题）", value=True, key="rank_keep")

flt = RankingFilter(years=sel_years, levels=sel_levels, regions=sel_regions, categories=sel_cats, severities=sel_sev,
                    states=sel_states, query=q, keep_unchecked=keep_unchecked)
shown = filter_rows(rows, flt)
sync_query_params({"q": q.strip(), "year": [str(y) for y in sel_years], "level": sel_levels, "region": sel_regions,
                   "category": sel_cats, "severity": sel_sev, "state": sel_states})

unchecked = [r for r in rows if r["coverage"] == "unchecked"]
m1, m2, m3, m4 = st.columns(4)
m1.metric("文件", len(rows))
m2.metric("⚠ 未核查", len(unchecked))
m3.metric("高风险发现（未驳回）", sum(r["high"] for r in rows))
m4.metric("待处理发现", sum(r["by_state"].get("open", 0) for r in rows))
if unchecked:
    st.warning(f"⚠ {len(unchecked)} 个文件未能核查（无法读取或未识别出决算表），排在最前，需人工查看原件。")

all_versions = st.toggle("显示同一单位同一年度的所有版本（默认只显示最新版本）", value=False, key="rank_versions")
if not all_versions:
    shown = [r for r in shown if r.get("latest", True)]
status = all_unit_status(store)
table = pd.DataFrame(
    [
        {
            "排名": r["rank"],
            "单位": r.get("unit") or "（未识别单位）",
            "文件": r.get("document") or "",
            "风险分": round(float(r.get("score") or 0.0), 2),
            "变化": _change(r),
            "主要问题": r.get("top_reason") or "",
            "核查": coverage_label(r["coverage"]),
            "年度": display(r.get("year"), "未识别"),
            "单位状态": UNIT_STATE_LABELS.get(status[r["unit_key"]].status if r["unit_key"] in status else "new", ""),
            "高": r["high"],
            "中": r["medium"],
            "低": r["low"],
            "待处理": r["by_state"].get("open", 0),
            "已确认": r["by_state"].get("confirmed", 0),
            "版本": r.get("versions", 1),
            "层级": r.get("level") or "",
            "地区": r.get("region") or "",
            "链接": unit_url(r["sha256"]),
        }
        for r in shown
    ],
    columns=["排名", "单位", "文件", "风险分", "变化", "主要问题", "核查", "年度", "单位状态", "高", "中", "低", "待处理", "已确认", "版本",
             "层级", "地区", "链接"],
)
st.caption(f"显示 {len(shown)} / {len(rows)} 个文件。点选一行打开单位详情；“链接”列可复制或在新标签页打开。")
event = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "排名": st.column_config.NumberColumn("排名", width="small", pinned=True),
        "单位": st.column_config.TextColumn("单位", width="medium", pinned=True, help="单位名称（从文件中识别）"),
        "文件": st.column_config.TextColumn("文件", width="medium", help="文件名"),
        "主要问题": st.column_config.TextColumn("主要问题", width="large", help="计分最多的规则中最重要的一条发现"),
        "链接": st.column_config.LinkColumn("链接", display_text="打开", help="在新标签页打开单位详情"),
        "风险分": st.column_config.NumberColumn("风险分", format="%.2f", width="small", help="见下方“风险分的构成”"),
        "版本": st.column_config.NumberColumn("版本", help="同一单位同一年度的文件版本数"),
        "变化": st.column_config.TextColumn("变化", width="small",
                                            help="与上次扫描时计算的排名相比（审核结论和学习到的规则权重会改变风险分）"),
    },
)
sel = getattr(getattr(event, "selection", None), "rows", None) or []
if sel and 0 <= sel[0] < len(shown):
    goto_unit(shown[sel[0]]["sha256"])

# a keyboard/test-friendly way to the same drill-down
with st.form("open_unit"):
    labels = {r["sha256"]: f"{r['rank']}. {r.get('unit') or '（未识别单位）'} · {r.get('year') or ''} · {r.get('document') or ''}" for r in shown}
    pick = st.selectbox("打开单位", list(labels), format_func=lambda s: labels.get(s, s), key="rank_pick")
    if st.form_submit_button("打开") and pick:
        goto_unit(pick)

if shown:
    why = {r["sha256"]: r for r in shown}
    pick_why = st.selectbox("查看风险分的构成", list(why), format_func=lambda s: labels.get(s, s), key="rank_why")
    score_breakdown(why.get(pick_why))

with st.expander("排名权重：从审核结论中学习（规则可信度）", expanded=False):
    st.caption("每条规则的发现被确认或驳回后，估计该规则的可信度（经验贝叶斯收缩，尚无结论的规则沿用同类规则经验），"
               "据此调整其在风险分中的权重：在多个单位被驳回的规则权重下调。")
    lw = learned_weights(store)
    changed = [w for w in lw if abs(w["multiplier"] - 1.0) > 1e-9]
    if changed:
        st.dataframe(pd.DataFrame([{"规则": w["rule_id"], "确认": w["confirmed"], "驳回": w["dismissed"], "可信度": w["precision"],
                                    "权重系数": w["multiplier"], "说明": w["why"]} for w in changed]), hide_index=True, width="stretch")
    else:
        st.caption("尚无审核结论改变规则权重（所有规则系数为 1.00）。")
