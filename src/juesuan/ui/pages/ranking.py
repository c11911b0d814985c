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
from juesuan.vocab.labels import CATEGORIES, CATEGORY_LABELS, SEVERITIES
from juesuan.workspace.triage import STATE_LABELS, RankingFilter, filter_rows, ranking_rows


@st.cache_data(show_spinner="正在计算排名…", max_entries=8)
def _rows(db: str, sig: tuple[Any, ...]) -> list[dict[str, Any]]:
    return ranking_rows(get_store())


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
                               key="rank_year")
    sel_levels = c3.multiselect("层级", levels, default=[x for x in _multi_param("level") if x in levels], key="rank_level")
    c4, c5, c6, c7 = st.columns(4)
    sel_regions = c4.multiselect("地区", regions, default=[x for x in _multi_param("region") if x in regions], key="rank_region")
    sel_cats = c5.multiselect("发现类别", cats, default=[x for x in _multi_param("category") if x in cats],
                              format_func=lambda c: CATEGORY_LABELS.get(c, c), key="rank_cat")
    sel_sev = c6.multiselect("严重程度", list(SEVERITIES), default=[x for x in _multi_param("severity") if x in SEVERITIES],
                             format_func=severity_label, key="rank_sev")
    sel_states = c7.multiselect("审核状态", list(TRIAGE_STATES), default=[x for x in _multi_param("state") if x in TRIAGE_STATES],
                                format_func=lambda s: STATE_LABELS.get(s, s), key="rank_state")
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

table = pd.DataFrame(
    [
        {
            "排名": r["rank"],
            "核查": coverage_label(r["coverage"]),
            "单位": r.get("unit") or "（未识别单位）",
            "年度": r.get("year"),
            "风险分": round(float(r.get("score") or 0.0), 2),
            "高": r["high"],
            "中": r["medium"],
            "低": r["low"],
            "待处理": r["by_state"].get("open", 0),
            "已确认": r["by_state"].get("confirmed", 0),
            "主要问题": r.get("top_reasons") or "",
            "层级": r.get("level") or "",
            "地区": r.get("region") or "",
            "文件": r.get("document") or "",
            "链接": unit_url(r["sha256"]),
        }
        for r in shown
    ],
    columns=["排名", "核查", "单位", "年度", "风险分", "高", "中", "低", "待处理", "已确认", "主要问题", "层级", "地区", "文件", "链接"],
)
st.caption(f"显示 {len(shown)} / {len(rows)} 个文件。点选一行打开单位详情；“链接”列可复制或在新标签页打开。")
event = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "链接": st.column_config.LinkColumn("链接", display_text="打开"),
        "风险分": st.column_config.NumberColumn("风险分", format="%.2f"),
        "年度": st.column_config.NumberColumn("年度", format="%d"),
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
