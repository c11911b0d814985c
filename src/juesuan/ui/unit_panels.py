"""Panels of the unit page: score breakdown, unit-year status workflow and versions, exclude/archive, bulk triage,
"next open finding", and the findings list grouped by rule (most important first)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from juesuan.store.sqlite import Store
from juesuan.ui.components import (
    current_inspector,
    finding_card,
    finding_title,
    get_store,
    severity_label,
    state_label,
    unit_url,
    user_names,
)
from juesuan.ui.safetext import md_escape
from juesuan.workspace.present import finding_summary, group_by_rule, local_time
from juesuan.workspace.users import get_user
from juesuan.workspace.workflow import (
    DOC_FLAG_LABELS,
    UNIT_STATE_LABELS,
    allowed_moves,
    bulk_decide,
    carry_decisions,
    doc_flags,
    flag_document,
    next_open,
    set_unit_status,
    unit_key,
    unit_status,
    unit_status_history,
)

PAGE_SIZE = 30  # findings shown per rule group before "show all" (each carries a triage form)
_MOVE_LABELS = {"in-review": "开始审核（由我负责）", "to-review": "提交复核", "closed": "复核通过，结案", "new": "退回未开始"}


def score_breakdown(row: dict[str, Any] | None) -> None:
    if not row:
        return
    contrib = row.get("contributions") or []
    with st.expander(f"风险分 {float(row.get('score') or 0):.2f} 的构成", expanded=False):
        st.caption("风险分 = 核查范围项 + Σ 各规则（首条发现权重 × 规则可信度系数，同一规则的后续发现逐条减半）。")
        if row.get("coverage_term"):
            st.text(f"核查范围项：+{row['coverage_term']}")
        if contrib:
            st.dataframe(pd.DataFrame([{"规则": c.get("rule_id"), "发现数": c.get("count"), "可信度系数": c.get("multiplier", 1.0),
                                        "计分": c.get("contribution")} for c in contrib]), hide_index=True, width="stretch")
        else:
            st.caption("没有计分的发现。")


def versions_and_status(store: Store, doc: dict[str, Any], docs: list[dict[str, Any]]) -> str:
    """Status panel of the unit-year; carries decisions from earlier versions to this one. Returns the unit key."""
    key = unit_key(doc.get("unit"), doc.get("year"), doc["sha256"])
    versions = sorted((d for d in docs if unit_key(d.get("unit"), d.get("year"), d["sha256"]) == key),
                      key=lambda d: (str(d.get("first_seen") or ""), d["sha256"]))
    me = current_inspector()
    if len(versions) > 1 and versions[-1]["sha256"] == doc["sha256"]:
        n = carry_decisions(store, doc["sha256"], [d["sha256"] for d in versions[:-1]], actor="系统")
        if n:
            st.info(f"本文件是重新报送的版本：已沿用上一版本对 {n} 条相同发现的审核结论（可在审核记录中查看）。")
    cur = unit_status(store, key)
    names = user_names()
    with st.container(border=True):
        c1, c2, c3 = st.columns([1, 1, 2])
        c1.markdown(f"**单位状态：** {UNIT_STATE_LABELS.get(cur.status, cur.status)}")
        c2.markdown("**负责人：** " + md_escape(names.get(cur.assignee or "", cur.assignee or "—")))
        c3.markdown("**复核人：** " + md_escape(names.get(cur.reviewer or "", cur.reviewer or "—"))
                    + (f" · {local_time(cur.at)}" if cur.at else ""))
        err = st.session_state.pop("unit_status_error", None)
        if err:
            st.error(md_escape(err))
        user = get_user(store, me) if me else None
        if user is None:
            st.caption("登录后可领取、提交复核或结案。")
        else:
            moves = allowed_moves(cur, user.login, user.role)
            if moves:
                st.text_input("状态说明（可选）", key="unit_status_comment")
                cols = st.columns(len(moves))
                for col, m in zip(cols, moves, strict=True):
                    if col.button(_MOVE_LABELS.get(m, m), key=f"unit_status:{m}"):
                        e = set_unit_status(store, key, m, user.login, user.role, comment=st.session_state.get("unit_status_comment"))
                        if e:
                            st.session_state["unit_status_error"] = e
                        st.rerun()
            elif cur.status == "to-review":
                st.caption("待复核：须由负责人以外的复核人签字结案。")
        hist = unit_status_history(store, key)
        if hist:
            with st.expander(f"状态记录（{len(hist)}）"):
                st.dataframe(pd.DataFrame([{"时间": local_time(h["at"]), "状态": UNIT_STATE_LABELS.get(h["status"], h["status"]),
                                            "操作人": names.get(h["actor"], h["actor"]), "说明": h.get("comment") or ""} for h in hist]),
                             hide_index=True, width="stretch")
        if len(versions) > 1:
            st.markdown(f"**同一单位同一年度共 {len(versions)} 个版本**")
            st.dataframe(pd.DataFrame([{"版本": i, "文件": d.get("name") or "", "首次扫描": local_time(d.get("first_seen")),
                                        "当前": "◀" if d["sha256"] == doc["sha256"] else "", "链接": unit_url(d["sha256"])}
                                       for i, d in enumerate(versions, 1)]),
                         hide_index=True, width="stretch",
                         column_config={"链接": st.column_config.LinkColumn("链接", display_text="打开")})
    return key


def document_flag(store: Store, sha: str) -> None:
    flag = doc_flags(store).get(sha)
    if flag:
        st.warning(f"该文件{DOC_FLAG_LABELS.get(flag['state'], flag['state'])}：" + md_escape(flag.get("reason") or "")
                   + f"（{md_escape(user_names().get(flag['actor'], flag['actor']))}，{local_time(flag['at'])}）。不参与排名与同类比较。")
    me = current_inspector()
    with st.expander("排除或归档该文件", expanded=False):
        if not me:
            st.caption("请先登录。")
            return
        state = st.radio("操作", ["excluded", "archived", "active"], format_func=lambda s: {"excluded": "排除（如重复、错传）",
                         "archived": "归档", "active": "恢复正常"}[s], horizontal=True, key="docflag_state")
        reason = st.text_input("理由（排除、归档时必填）", key="docflag_reason")
        if st.button("保存", key="docflag_go"):
            e = flag_document(store, sha, state, me, reason)
            if e:
                st.error(e)
            else:
                st.rerun()


def next_open_button(findings: list[dict[str, Any]], selected: str | None) -> None:
    nxt = next_open(findings, selected)
    n_open = sum(1 for f in findings if (f.get("triage") or "open") in ("open", "needs-info"))
    c1, c2 = st.columns([1, 3])
    if nxt is None:
        c1.button("下一条待处理发现 ▶", disabled=True, key="next_open")
        c2.caption("本文件没有待处理的发现。")
        return
    if c1.button("下一条待处理发现 ▶", key="next_open"):
        st.query_params["finding"] = nxt["finding_key"]
        st.rerun()
    c2.caption(f"待处理 {n_open} 条；下一条：{finding_summary(nxt)}")


def _bulk_cb(state: str) -> None:
    ss = st.session_state
    me = current_inspector()
    picked = list(ss.get("bulk_pick") or [])
    if not me:
        ss["bulk_result"] = {"ok": False, "errors": 1, "text": "请先在侧栏登录。"}
        return
    out = bulk_decide(get_store(), picked, state, me, reason=ss.get("bulk_reason"))
    ok = sum(1 for _, r in out if r.ok)
    errors = sorted({r.error or "" for _, r in out if not r.ok})
    ss["bulk_result"] = {"ok": ok > 0, "errors": len(errors), "text": f"已处理 {ok} / {len(out)} 条。" + "；".join(errors)}
    if ok:
        ss["bulk_pick"] = []
        ss["bulk_reason"] = ""


def bulk_triage(findings: list[dict[str, Any]]) -> None:
    with st.expander("批量审核（选择多条 → 用同一理由驳回或确认）", expanded=bool(st.session_state.get("bulk_pick"))):
        res = st.session_state.pop("bulk_result", None)
        if res:
            (st.success if res["ok"] and not res["errors"] else st.warning)(md_escape(res["text"]))
        labels = {f["finding_key"]: f"{f.get('rule_id')} · {finding_summary(f)} · {state_label(f.get('triage'))}" for f in findings}
        picked = st.multiselect("选择发现", list(labels), format_func=lambda k: labels.get(k, k), key="bulk_pick",
                                placeholder="请选择要批量处理的发现")
        st.text_input("理由（驳回时必填）", key="bulk_reason")
        c1, c2 = st.columns(2)
        c1.button("❎ 批量驳回", key="bulk:dismissed", disabled=not picked, on_click=_bulk_cb, args=("dismissed",))
        c2.button("✅ 批量确认", key="bulk:confirmed", disabled=not picked, on_click=_bulk_cb, args=("confirmed",))


def findings_list(store: Store, doc: dict[str, Any], shown: list[dict[str, Any]], skip: dict[str, Any] | None) -> None:
    for rid, fs in group_by_rule(shown):
        fs = [f for f in fs if f is not skip]
        if not fs:
            continue
        if len(fs) > 1:
            st.markdown(f"#### {severity_label(fs[0].get('severity'))} {md_escape(rid)} {md_escape(fs[0].get('title') or '')}（{len(fs)} 条）")
            if len(fs) > PAGE_SIZE and not st.toggle(f"显示全部 {len(fs)} 条", value=False, key=f"unit_all:{rid}"):
                st.caption(f"显示前 {PAGE_SIZE} 条。")
                fs = fs[:PAGE_SIZE]
        for f in fs:
            with st.expander(md_escape(finding_title(f) + " · " + str(f.get("rule_id") or "")), expanded=False):
                finding_card(store, doc, f)
