"""Shared pieces of the inspector workspace: store access, safe text, finding cards, triage forms.

Safety rule: text that comes from documents, file names or inspectors is never rendered as HTML.
It is shown through ``st.text`` / ``st.code`` / dataframes, or through ``md_escape`` (ui/safetext.py) inside
Markdown. Peer charts of statistical findings are in ui/peers.py.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from juesuan.store.sqlite import Store
from juesuan.ui.db import db_path, get_store
from juesuan.ui.identity import current_inspector, identity_sidebar
from juesuan.ui.peers import peer_chart
from juesuan.ui.safetext import md_escape
from juesuan.ui.source_view import show_source
from juesuan.vocab.labels import CATEGORY_LABELS, SEVERITY_LABELS
from juesuan.workspace.present import TABLE_TITLES, display, finding_summary, local_time, main_value_items, value_items
from juesuan.workspace.triage import COVERAGE_LABELS, STATE_LABELS, DecisionResult, db_signature, record_decision

PAGES = {
    "ranking": "pages/ranking.py",
    "unit": "pages/unit.py",
    "triage": "pages/triage.py",
    "upload": "pages/upload.py",
    "summary": "pages/summary.py",
    "rules": "pages/rules.py",
}
SEVERITY_ICONS = {"high": "🔴", "medium": "🟠", "low": "🟡", "info": "⚪"}
STATE_ICONS = {"open": "⬜", "confirmed": "✅", "dismissed": "❎", "needs-info": "❓"}

# ------------------------------------------------------------------ store


def signature() -> tuple[Any, ...]:
    return db_signature(get_store())


def severity_label(sev: str | None) -> str:
    return f"{SEVERITY_ICONS.get(sev or '', '·')} {SEVERITY_LABELS.get(sev or '', sev or '')}"


def state_label(state: str | None) -> str:
    s = state or "open"
    return f"{STATE_ICONS.get(s, '')} {STATE_LABELS.get(s, s)}"


def coverage_label(cov: str | None) -> str:
    return COVERAGE_LABELS.get(cov or "", cov or "")


def unit_url(sha: str, finding: str | None = None) -> str:
    params = {"doc": sha}
    if finding:
        params["finding"] = finding
    return "unit?" + urlencode(params)


# ------------------------------------------------------------------ sidebar


def inspector_sidebar() -> str:
    """The signed-in user's login ("" when nobody is signed in), after drawing the sign-in block (ui/identity.py)."""
    u = identity_sidebar()
    st.sidebar.caption("数据库：" + md_escape(os.path.basename(db_path())))
    return u.login if u else ""


def user_names() -> dict[str, str]:
    from juesuan.workspace.users import users

    return {u.login: u.name for u in users(get_store())}


# ------------------------------------------------------------------ triage


def _decide_cb(key: str, state: str) -> None:
    """Form callback: runs before the rerun, with the decision id the page *showed* (never the newest)."""
    seen = st.session_state.get(f"seen:{key}")
    res: DecisionResult = record_decision(
        get_store(), key, state, current_inspector(),
        reason=st.session_state.get(f"reason:{key}"), comment=st.session_state.get(f"comment:{key}"),
        expected_prev=seen,
    )
    st.session_state[f"result:{key}"] = {"ok": res.ok, "conflict": res.conflict, "error": res.error,
                                        "latest": res.latest, "state": state}
    if res.ok:
        st.session_state[f"reason:{key}"] = ""
        st.session_state[f"comment:{key}"] = ""


def decision_table(history: list[dict[str, Any]]) -> pd.DataFrame:
    names = user_names()
    return pd.DataFrame(
        [{"时间": local_time(h.get("at"), seconds=True), "审核人": names.get(str(h.get("inspector")), h.get("inspector")), "结论": state_label(h.get("state")), "理由": h.get("reason") or "",
          "备注": h.get("comment") or "", "编号": h.get("id")} for h in history],
        columns=["时间", "审核人", "结论", "理由", "备注", "编号"],
    )


def triage_form(store: Store, f: dict[str, Any]) -> None:
    key = f["finding_key"]
    st.session_state[f"seen:{key}"] = f.get("triage_id")
    res = st.session_state.pop(f"result:{key}", None)
    if res:
        if res["ok"]:
            st.success(f"已保存：{state_label(res['state'])}")
        elif res["conflict"]:
            st.warning(md_escape(res["error"]))
            latest = res.get("latest")
            if latest:
                st.dataframe(decision_table([latest]), hide_index=True, width="stretch")
        else:
            st.error(md_escape(res["error"]))
    st.markdown(f"**审核状态：** {state_label(f.get('triage'))}")
    with st.form(key=f"form:{key}", border=True):
        st.text_input("驳回理由（驳回时必填）", key=f"reason:{key}")
        st.text_area("备注", key=f"comment:{key}", height=68)
        c1, c2, c3, c4 = st.columns(4)
        c1.form_submit_button("✅ 确认问题", on_click=_decide_cb, args=(key, "confirmed"), key=f"btn:confirmed:{key}")
        c2.form_submit_button("❎ 驳回", on_click=_decide_cb, args=(key, "dismissed"), key=f"btn:dismissed:{key}")
        c3.form_submit_button("❓ 需补充材料", on_click=_decide_cb, args=(key, "needs-info"), key=f"btn:needs-info:{key}")
        c4.form_submit_button("↩ 重新打开", on_click=_decide_cb, args=(key, "open"), key=f"btn:open:{key}")
    hist = store.decision_history(key)
    with st.expander(f"审核记录（{len(hist)}）", expanded=False):
        if hist:
            st.dataframe(decision_table(hist), hide_index=True, width="stretch")
        else:
            st.caption("尚无审核记录。")


# ------------------------------------------------------------------ finding card


def evidence_frame(evidence: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"页": display(e.get("page")), "行": display(e.get("line")), "原文": e.get("text") or "",
          "表": TABLE_TITLES.get(str(e.get("table")), display(e.get("table"))), "表内行": display(e.get("row")),
          "列": display(e.get("column"))}
         for e in evidence],
        columns=["页", "行", "原文", "表", "表内行", "列"],
    )


def values_frame(f: dict[str, Any]) -> pd.DataFrame:
    """The finding's main values, labelled for its kind; empty when it has none (no all-"—" table)."""
    main = dict(main_value_items(f))
    return pd.DataFrame([main]) if main else pd.DataFrame()


def other_values(f: dict[str, Any]) -> dict[str, str]:
    main = {lab for lab, _ in main_value_items(f)}
    return {lab: txt for lab, txt in value_items(f) if lab not in main}


def finding_title(f: dict[str, Any]) -> str:
    return f"{severity_label(f.get('severity'))} · {finding_summary(f)} · {state_label(f.get('triage'))}"


def finding_card(store: Store, doc: dict[str, Any], f: dict[str, Any], *, show_source_default: bool = False) -> None:
    """Everything an inspector needs to verify one finding in 10 seconds, and the triage form."""
    key = f["finding_key"]
    st.markdown(
        f"**{md_escape(finding_summary(f))}**  \n{md_escape(f.get('rule_id', ''))} {md_escape(f.get('title') or '')}"
        f" · 严重程度 {severity_label(f.get('severity'))}"
        f" · 类别 {md_escape(CATEGORY_LABELS.get(f.get('category', ''), f.get('category', '')))}"
    )
    st.text(str(f.get("message") or ""))
    if f.get("basis"):
        st.caption("依据：" + md_escape(f.get("basis")))
    if f.get("profile"):
        st.caption("评价口径：" + md_escape(f.get("profile")))
    evidence = f.get("evidence") or []
    if evidence:
        st.markdown(f"**证据**（共 {len(evidence)} 处{'，矛盾双方并列' if len(evidence) == 2 else ''}）")
        st.dataframe(evidence_frame(evidence), hide_index=True, width="stretch")
        with st.expander("证据原文（全文）", expanded=False):
            for i, e in enumerate(evidence, 1):
                where = "、".join(x for x in (f"第 {e['page']} 页" if e.get("page") else "", f"第 {e['line']} 行" if e.get("line") else "") if x)
                st.text(f"{i}. {where or '位置未记录'}：{e.get('text') or ''}")
    vf = values_frame(f)
    if not vf.empty:
        st.dataframe(vf, hide_index=True, width="content")
    other = other_values(f)
    if other:
        st.dataframe(pd.DataFrame([other]), hide_index=True, width="content")
    if f.get("category") == "statistical":
        st.markdown("**同类比较**")
        try:
            peer_chart(f)
        except Exception as e:  # odd values from a model must not break the card
            st.caption(md_escape(f"无法绘制同类比较图（{type(e).__name__}）。"))
    if st.toggle("显示原文位置", value=show_source_default, key=f"src:{key}"):
        try:
            show_source(store, doc, f)
        except Exception as e:  # malformed evidence positions: say so, keep the page
            st.warning(md_escape(f"无法显示原文位置（{type(e).__name__}）。"))
    st.caption(f"深链接：{md_escape(unit_url(f['sha256'], key))}")
    triage_form(store, f)


def sync_query_params(values: dict[str, str | list[str] | None]) -> None:
    """Mirror the view's state into the URL (so the address bar is always a deep link to what is shown)."""
    for k, v in values.items():
        vals = [str(x) for x in v] if isinstance(v, list) else ([str(v)] if v not in (None, "") else [])
        current = st.query_params.get_all(k)
        if vals != current:
            if vals:
                st.query_params[k] = vals if len(vals) > 1 else vals[0]
            elif k in st.query_params:
                del st.query_params[k]


def goto_unit(sha: str, finding: str | None = None) -> None:
    params = {"doc": sha}
    if finding:
        params["finding"] = finding
    st.switch_page(PAGES["unit"], query_params=params)


def doc_label(d: dict[str, Any]) -> str:
    return f"{d.get('unit') or '（未识别单位）'} · {d.get('year') or '年度未知'} · {d.get('name') or d.get('document') or ''}"


def no_data_hint() -> None:
    st.info("数据库中还没有任何文件。请在“上传扫描”页上传决算公开文件，或在命令行运行 `juesuan scan 目录 --db 数据库`。")
