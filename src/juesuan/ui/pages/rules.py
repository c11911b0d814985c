"""Rules: the catalog (id, category, severity, title, basis) with each rule's examples.

Source: juesuan.rules.catalog.catalog_rows() — the rule files as the engine loads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from juesuan.rules.catalog import catalog_rows
from juesuan.rules.rulefile import rules_dir
from juesuan.ui.components import inspector_sidebar, severity_label, sync_query_params
from juesuan.ui.safetext import md_escape
from juesuan.vocab.labels import CATEGORY_LABELS
from juesuan.workspace.triage import name_match


def load_catalog() -> list[dict[str, Any]]:
    """The rule catalog as the rule engine loads it (a broken rule file is an error, shown by Streamlit)."""
    root = rules_dir()
    rows = []
    for r in catalog_rows():
        p = Path(r["path"])
        rows.append({**r, "file": str(p.relative_to(root)) if p.is_relative_to(root) else p.name})
    return rows


def _dump(item: Any) -> str:
    if isinstance(item, str):
        return item
    try:
        return yaml.safe_dump(item, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        from juesuan.model.jsonio import dumps

        return dumps(item, indent=2)


inspector_sidebar()
st.title("📚 规则目录")
rows = load_catalog()
if not rows:
    st.info("规则目录为空（尚未安装规则文件）。")
    st.stop()
st.caption(f"共 {len(rows)} 条规则（规则文件：juesuan/rulesets/）。")

c1, c2 = st.columns([2, 1])
q = c1.text_input("搜索（编号、标题、依据）", key="rules_q")
cats = sorted({str(r.get("category") or "") for r in rows})
sel = c2.multiselect("类别", cats, format_func=lambda c: CATEGORY_LABELS.get(c, c), key="rules_cat", placeholder="全部类别")


def _hit(r: dict[str, Any]) -> bool:
    if sel and str(r.get("category") or "") not in sel:
        return False
    if not q.strip():
        return True
    hay = " ".join(str(r.get(k) or "") for k in ("id", "title", "basis", "message"))
    return q.strip().lower() in hay.lower() or name_match(q, str(r.get("title") or "")) > 0


shown = [r for r in rows if _hit(r)]
st.dataframe(
    pd.DataFrame([{"编号": r.get("id"), "类别": CATEGORY_LABELS.get(str(r.get("category")), r.get("category")),
                   "严重程度": severity_label(r.get("severity")), "标题": r.get("title"), "依据": r.get("basis")} for r in shown],
                 columns=["编号", "类别", "严重程度", "标题", "依据"]),
    hide_index=True, width="stretch",
)
ids = [str(r.get("id")) for r in shown]
want = st.query_params.get("rule")
pick = st.selectbox("查看规则详情", ids, index=ids.index(want) if want in ids else 0 if ids else None, key="rules_pick")
sync_query_params({"rule": pick})
r = next((x for x in shown if str(x.get("id")) == pick), None)
if r is not None:
    st.markdown(f"### {md_escape(r.get('id'))}")
    st.markdown(f"**{md_escape(r.get('title'))}** · {severity_label(r.get('severity'))}")
    st.text("依据：" + str(r.get("basis") or "—"))
    if r.get("assert"):
        rel = r["assert"] if isinstance(r["assert"], list) else [r["assert"]]
        st.text("关系：" + "；".join(str(x) for x in rel))
    elif r.get("extractor_level"):
        st.text("算子层核查：" + str(r.get("extractor_level")))
    if r.get("message"):
        st.text("提示语模板：" + str(r.get("message")))
    ex = r.get("examples")
    if isinstance(ex, dict):
        for kind, lab in (("fail", "应报出的例子"), ("pass", "不应报出的例子")):
            items = ex.get(kind) or []
            if items:
                st.markdown(f"**{lab}（{len(items)}）**")
                for item in items[:5]:
                    st.code(_dump(item), language="yaml")
    elif ex:
        st.code(str(ex))
