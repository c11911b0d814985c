"""Triage queue: findings across all units by state (e.g. everything still open or waiting for information),
and the audit trail of recent decisions. Each row links to the finding on its unit page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from juesuan.store.sqlite import TRIAGE_STATES
from juesuan.ui.components import (
    decision_table,
    get_store,
    goto_unit,
    inspector_sidebar,
    no_data_hint,
    severity_label,
    state_label,
    sync_query_params,
    unit_url,
)
from juesuan.ui.unit_panels import bulk_triage
from juesuan.vocab.labels import CATEGORY_LABELS, SEVERITIES
from juesuan.workspace.present import display, finding_summary, sort_findings
from juesuan.workspace.triage import STATE_LABELS, findings_with_units, name_match

inspector_sidebar()
st.title("🗂️ 审核队列")
store = get_store()
findings = findings_with_units(store)
if not findings:
    no_data_hint()
    st.stop()

c1, c2, c3 = st.columns([1, 1, 2])
default_states = [s for s in st.query_params.get_all("state") if s in TRIAGE_STATES] or ["open", "needs-info"]
states = c1.multiselect("审核状态", list(TRIAGE_STATES), default=default_states, format_func=lambda s: STATE_LABELS.get(s, s),
                        key="q_state", placeholder="全部状态")
sevs = c2.multiselect("严重程度", list(SEVERITIES), default=["high", "medium"], format_func=severity_label, key="q_sev", placeholder="全部严重程度")
q = c3.text_input("单位名称", key="q_unit")
sync_query_params({"state": states})
rows = [
    f for f in findings
    if (not states or f.get("triage") in states) and (not sevs or f.get("severity") in sevs) and (not q.strip() or name_match(q, f.get("unit")) > 0)
]
rows = sort_findings(rows)
st.caption(f"{len(rows)} 条发现")
df = pd.DataFrame(
    [{"严重程度": severity_label(f.get("severity")), "状态": state_label(f.get("triage")), "单位": f.get("unit") or "",
      "年度": display(f.get("year"), "未识别"), "问题": finding_summary(f),
      "类别": CATEGORY_LABELS.get(f.get("category", ""), f.get("category", "")), "规则": f.get("rule_id"),
      "说明": f.get("message") or "", "链接": unit_url(f["sha256"], f["finding_key"])} for f in rows[:2000]],
    columns=["严重程度", "状态", "单位", "年度", "问题", "类别", "规则", "说明", "链接"],
)
event = st.dataframe(df, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                     column_config={"链接": st.column_config.LinkColumn("链接", display_text="打开")})
sel = getattr(getattr(event, "selection", None), "rows", None) or []
if sel and 0 <= sel[0] < len(rows):
    goto_unit(rows[sel[0]]["sha256"], rows[sel[0]]["finding_key"])

bulk_triage(rows[:500])

st.subheader("最近的审核记录")
hist = store.decision_history()[-200:][::-1]
if hist:
    by_key = {f["finding_key"]: f for f in findings}
    tab = decision_table(hist)
    tab.insert(1, "单位", [str((by_key.get(h["finding_key"]) or {}).get("unit") or "") for h in hist])
    tab.insert(2, "规则", [str((by_key.get(h["finding_key"]) or {}).get("rule_id") or "") for h in hist])
    st.dataframe(tab, hide_index=True, width="stretch")
else:
    st.caption("尚无审核记录。")
