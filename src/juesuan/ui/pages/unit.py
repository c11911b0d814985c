"""Unit: one document's findings by category, evidence in the source, triage; parsed tables on demand.

Deep link: /unit?doc=<sha256>[&finding=<finding_key>] (or /?page=unit&doc=...).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from juesuan.text.format import fmt_value
from juesuan.ui.components import (
    PAGES,
    coverage_label,
    doc_label,
    finding_card,
    finding_title,
    get_store,
    inspector_sidebar,
    no_data_hint,
    severity_label,
    signature,
    unit_url,
)
from juesuan.ui.safetext import md_escape
from juesuan.ui.unit_panels import (
    bulk_triage,
    document_flag,
    findings_list,
    next_open_button,
    score_breakdown,
    versions_and_status,
)
from juesuan.vocab.labels import SEVERITIES
from juesuan.workspace.present import display
from juesuan.workspace.triage import document_of_finding, ranking_rows


@st.cache_data(show_spinner=False, max_entries=8)
def _live_rows(db: str, sig: tuple[Any, ...]) -> list[dict[str, Any]]:
    return ranking_rows(get_store())


inspector_sidebar()

store = get_store()
docs = store.documents()
st.title("🔎 单位详情")
if not docs:
    no_data_hint()
    st.stop()

by_sha = {d["sha256"]: d for d in docs}
sha = st.query_params.get("doc")
if not sha and st.query_params.get("finding"):
    sha = document_of_finding(store, st.query_params.get("finding", ""))
if not sha:
    options = [d["sha256"] for d in sorted(docs, key=lambda d: (str(d.get("unit") or ""), str(d.get("name") or "")))]
    pick = st.selectbox("选择单位", options, index=None, format_func=lambda s: doc_label(by_sha[s]), key="unit_pick",
                        placeholder="请选择要查看的单位")
    if pick:
        st.query_params["doc"] = pick
        st.rerun()
    st.stop()

doc = by_sha.get(sha)
if doc is None:
    # accept an unambiguous prefix of the hash (short links)
    cands = [d for d in docs if len(sha) >= 8 and d["sha256"].startswith(sha)]
    if len(cands) == 1:
        doc = cands[0]
        sha = doc["sha256"]
if doc is None:
    st.error("找不到链接所指的文件（可能已从数据库中删除）。")
    st.page_link(PAGES["ranking"], label="返回风险排名", icon="📊")
    st.stop()

findings = store.findings(sha)
selected = st.query_params.get("finding")
scores = {r.get("sha256"): r for r in store.scores()}
coverage = (scores.get(sha) or {}).get("coverage") or ("full" if doc.get("checkable") else "unchecked")

st.page_link(PAGES["ranking"], label="返回风险排名", icon="⬅️")
st.subheader(md_escape(doc.get("unit") or "（未识别单位）"))
info = st.columns(4)
info[0].metric("年度", str(doc.get("year") or "未识别"))
info[1].metric("核查", coverage_label(coverage))
live = [f for f in findings if f.get("triage") != "dismissed"]
info[2].metric("发现（未驳回）", len(live))
info[3].metric("高风险", sum(1 for f in live if f.get("severity") == "high"))
st.caption("文件：" + md_escape(doc.get("name") or "") + " · 类型：" + md_escape(doc.get("kind") or "") + " · SHA-256：" + sha[:16] + "…")
st.caption("本页链接：" + md_escape(unit_url(sha)))
if coverage == "unchecked":
    st.warning("⚠ 该文件未能核查：请查看下方“文件读取”类发现，必要时人工核对原件。")

score_breakdown(next((r for r in _live_rows(store.path, signature()) if r.get("sha256") == sha), None))
versions_and_status(store, doc, docs)
document_flag(store, sha)
findings = store.findings(sha)  # again: decisions may have been carried from an earlier version
next_open_button(findings, selected)

with st.expander("筛选", expanded=False):
    fsev = st.multiselect("严重程度", list(SEVERITIES), default=[], key="unit_sev", format_func=severity_label,
                          placeholder="全部严重程度")
    hide_dismissed = st.checkbox("隐藏已驳回的发现", value=False, key="unit_hide_dismissed")

shown = [f for f in findings if (not fsev or f.get("severity") in fsev) and not (hide_dismissed and f.get("triage") == "dismissed")]
bulk_triage(shown)

sel_f = next((f for f in findings if f["finding_key"] == selected), None) if selected else None
if selected and sel_f is None:
    st.warning("链接所指的发现在当前扫描结果中不存在（文件可能已重新扫描）。")
if sel_f is not None:
    st.markdown("### 📌 选中的发现")
    with st.container(border=True):
        st.markdown("**" + md_escape(finding_title(sel_f)) + "**")
        finding_card(store, doc, sel_f, show_source_default=True)

if not findings:
    st.success("该文件没有发现。")
findings_list(store, doc, shown, sel_f)

st.divider()
if st.toggle("显示解析出的决算表", value=False, key="unit_tables"):
    try:
        model: dict[str, Any] | None = store.document_model(sha)
    except ValueError:  # damaged model JSON
        model = None
        st.error("该文件的解析结果已损坏，请重新扫描。")
    tables = [t for t in (model or {}).get("tables") or [] if isinstance(t, dict)]
    if not tables:
        st.info("该文件没有解析出决算表。")
    else:
        tid = st.selectbox("表", [t.get("id") for t in tables],
                           format_func=lambda i: next(f"{t.get('id')} {t.get('title') or ''}" for t in tables if t.get("id") == i),
                           key="unit_table_pick")
        t = next(t for t in tables if t.get("id") == tid)
        cols = list(t.get("columns") or [])
        for r in t.get("rows") or []:
            for c in (r.get("values") or {}):
                if c not in cols:
                    cols.append(c)
        data = [
            {"编码": r.get("code") or "", "名称": r.get("name") or "", "栏": r.get("side") or "",
             **{c: ("" if (r.get("values") or {}).get(c) is None else fmt_value((r.get("values") or {}).get(c))) for c in cols},
             "页": display(r.get("page")), "行": display(r.get("line"))}
            for r in t.get("rows") or []
        ]
        st.caption(f"金额单位：{md_escape(t.get('money_unit') or model.get('money_unit') or '未声明')} · 表号：{md_escape(t.get('code') or '—')}")
        if t.get("empty"):
            st.info("该表声明为空表：" + md_escape(t.get("empty_statement") or ""))
        st.dataframe(pd.DataFrame(data) if data else pd.DataFrame(), hide_index=True,
                     width="stretch")
