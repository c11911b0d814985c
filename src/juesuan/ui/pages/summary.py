"""Monthly summary: the period's figures here, and the report files (Excel, HTML) from juesuan.workspace.report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from juesuan.ui.components import current_inspector, db_path, get_store, inspector_sidebar, no_data_hint, severity_label
from juesuan.ui.safetext import md_escape
from juesuan.vocab.labels import SEVERITIES
from juesuan.workspace.present import TZ
from juesuan.workspace.report import build_report
from juesuan.workspace.triage import STATE_LABELS

inspector_sidebar()
st.title("📅 月度汇总")
store = get_store()
today = dt.datetime.now(TZ).date()
first_this = today.replace(day=1)
last_prev = first_this - dt.timedelta(days=1)
c1, c2 = st.columns(2)


def _date_param(name: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return default


since = c1.date_input("起始日期", value=_date_param("since", last_prev.replace(day=1)), key="sum_since", format="YYYY-MM-DD")
until = c2.date_input("截止日期", value=_date_param("until", last_prev), key="sum_until", format="YYYY-MM-DD")
if since > until:
    st.error("起始日期晚于截止日期。")
    st.stop()

lo, hi = since.isoformat(), (until + dt.timedelta(days=1)).isoformat()
st.caption("统计期按扫描与审核的日期（UTC 日期）划分；页面与报告中的时间均为北京时间。")
docs = [d for d in store.documents() if lo <= str(d.get("first_seen") or "")[:10] < hi or lo <= str(d.get("parsed_at") or "")[:10] < hi]
decisions = [h for h in store.decision_history() if lo <= str(h.get("at") or "")[:10] < hi]
shas = {d["sha256"] for d in docs}
findings = [f for f in store.findings() if f["sha256"] in shas]
if not store.documents():
    no_data_hint()

m = st.columns(4)
m[0].metric("本期扫描文件", len(docs))
m[1].metric("未核查文件", sum(1 for d in docs if not d.get("checkable")))
m[2].metric("本期发现", len(findings))
m[3].metric("本期审核结论", len(decisions))
if findings:
    st.dataframe(pd.DataFrame([{"严重程度": severity_label(s), "数量": sum(1 for f in findings if f.get("severity") == s)} for s in SEVERITIES]),
                 hide_index=True)
if decisions:
    st.dataframe(pd.DataFrame([{"结论": STATE_LABELS.get(s, s), "数量": sum(1 for h in decisions if h.get("state") == s)} for s in STATE_LABELS]),
                 hide_index=True)

st.subheader("报告文件")


def _report_files(result: Any, out_dir: Path) -> list[Path]:
    """Paths of the produced files, whatever shape build_report returns (dict, object, list or nothing)."""
    cands: list[Any] = []
    if isinstance(result, dict):
        cands = list(result.values())
    elif isinstance(result, (list, tuple)):
        cands = list(result)
    elif result is not None:
        cands = [getattr(result, a, None) for a in ("xlsx", "excel", "html", "xlsx_path", "html_path", "paths", "files")]
    flat: list[Path] = []
    for c in cands:
        if isinstance(c, (list, tuple)):
            flat.extend(Path(x) for x in c if isinstance(x, (str, Path)))
        elif isinstance(c, (str, Path)):
            flat.append(Path(c))
    flat = [p for p in flat if p.suffix.lower() in (".xlsx", ".html", ".htm", ".csv", ".md") and p.is_file()]
    if not flat and out_dir.is_dir():
        flat = sorted(p for p in out_dir.iterdir() if p.suffix.lower() in (".xlsx", ".html", ".htm", ".csv"))
    return flat


_MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".html": "text/html",
         ".htm": "text/html", ".csv": "text/csv", ".md": "text/markdown"}

period = f"{since.isoformat()}_{until.isoformat()}"
if st.button("生成报告", type="primary", key="sum_build"):
    out_dir = Path(db_path()).parent / "reports" / f"{since.isoformat()}_{until.isoformat()}"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with st.spinner("正在生成报告…"):
            result = build_report(store, since, until, out_dir, actor=current_inspector() or None)
        st.session_state["sum_files"] = {"period": period, "files": [str(p) for p in _report_files(result, out_dir)]}
    except Exception as e:
        st.session_state["sum_files"] = None
        st.error(md_escape(f"报告生成失败（{type(e).__name__}: {e}）。"))

made = st.session_state.get("sum_files")
files = made.get("files") if isinstance(made, dict) and made.get("period") == period else None
if isinstance(made, dict) and made.get("period") != period:
    st.caption("统计期已改变：请为新的统计期生成报告。")
if files:
    for i, p in enumerate(map(Path, files)):
        if p.is_file():
            label = "下载 Excel" if p.suffix.lower() == ".xlsx" else f"下载 {p.suffix.lstrip('.').upper()}"
            st.download_button(f"{label}：{md_escape(p.name)}", data=p.read_bytes(), file_name=p.name,
                               mime=_MIME.get(p.suffix.lower(), "application/octet-stream"), key=f"sum_dl_{period}_{i}")
elif isinstance(made, dict) and made.get("period") == period and files is not None:
    st.info("报告已生成，但没有找到 Excel/HTML 文件。")
