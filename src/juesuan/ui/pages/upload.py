"""Upload: add PDF/text files; they are stored safely under the data directory and scanned in the background."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from juesuan.ui.components import db_path, get_store, inspector_sidebar, severity_label, unit_url
from juesuan.ui.safetext import md_escape
from juesuan.vocab.labels import CATEGORY_LABELS
from juesuan.workspace.upload import ALLOWED_SUFFIXES, MAX_UPLOAD_BYTES, get_job, save_upload, start_scan, uploads_dir
from juesuan.workspace.workflow import log


def _uploader_in_chinese() -> None:
    """Streamlit's uploader has fixed English texts; static CSS replaces them with Chinese (no user text involved)."""
    st.markdown(
        """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {display:none}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {content:"将文件拖放到此处"}
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {display:none}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {content:"单个文件不超过 50 MB · PDF、TXT、HTML、XLSX"; display:block; font-size:0.8em; color:#888}
[data-testid="stFileUploaderDropzone"] button {font-size:0 !important}
[data-testid="stFileUploaderDropzone"] button::after {content:"浏览文件"; font-size:14px}
</style>""",
        unsafe_allow_html=True,
    )


me = inspector_sidebar()
st.title("📤 上传扫描")
st.caption(
    f"支持 PDF、文本（.txt/.md）、HTML、Excel；单个文件不超过 {MAX_UPLOAD_BYTES // 1048576} MB。"
    "文件保存在数据库旁的 uploads 目录中，随后在后台扫描。无法读取的文件会得到“文件读取”类发现。"
)
_uploader_in_chinese()
files = st.file_uploader("选择文件", type=[s.lstrip(".") for s in ALLOWED_SUFFIXES], accept_multiple_files=True,
                         key="upload_files")

if st.button("保存并扫描", type="primary", disabled=not files, key="upload_go"):
    results, paths = [], []
    known = {d["sha256"]: d for d in get_store().documents()}
    for uf in files or []:
        try:
            data = uf.getvalue()
            saved = save_upload(data, uf.name, uploads_dir(db_path()))
        except Exception as e:  # a hostile upload must not take the page down
            results.append({"文件": uf.name, "结果": "未保存", "说明": f"{type(e).__name__}"})
            continue
        if saved.ok and saved.path is not None:
            paths.append(str(saved.path))
            same = known.get(hashlib.sha256(data).hexdigest())
            note = f"{saved.size} 字节"
            if same:
                note += f"；内容与已扫描的文件相同（{same.get('unit') or '未识别单位'} · {same.get('name')}），沿用原有分析与审核结论"
            results.append({"文件": saved.name, "结果": "已保存", "说明": note})
        else:
            results.append({"文件": saved.name, "结果": "未保存", "说明": saved.message or ""})
    st.session_state["upload_results"] = results
    if paths:
        job = start_scan(paths, db_path(), actor=me)
        st.session_state["scan_job"] = job.id
        log(get_store(), "upload", me or None, None, {"files": [r["文件"] for r in results], "saved": len(paths)})

if st.session_state.get("upload_results"):
    st.dataframe(pd.DataFrame(st.session_state["upload_results"], columns=["文件", "结果", "说明"]), hide_index=True, width="stretch")


def _job_report(job_id: str) -> None:
    job = get_job(job_id)
    if job is None:
        return
    if job.status in ("queued", "running"):
        st.progress(job.fraction, text=md_escape(f"正在扫描 {job.done}/{job.total or len(job.paths)} {job.current}"))
        return
    if job.status == "failed":
        st.error(md_escape(job.message or "扫描失败。"))
        return
    st.success(f"扫描完成：{job.summary.get('files', 0)} 个文件（新分析 {job.summary.get('analysed')}，未变更复用 {job.summary.get('reused')}）。")
    for e in job.summary.get("errors") or []:
        st.warning(md_escape(e))
    store = get_store()
    meta = {d["sha256"]: d for d in store.documents()}
    rows = []
    for path, sha in (job.summary.get("sha_by_path") or {}).items():
        d = meta.get(sha) or {}
        fs = store.findings(sha) if sha else []
        ingest = [f for f in fs if f.get("category") == "ingest"]
        rows.append({
            "文件": d.get("name") or path.rsplit("/", 1)[-1],
            "单位": d.get("unit") or "（未识别）",
            "可核查": "是" if d.get("checkable") else "⚠ 否",
            "发现": len(fs),
            "读取问题": "；".join(f"{severity_label(f.get('severity'))} {f.get('message')}" for f in ingest)[:500],
            "链接": unit_url(sha) if sha else "",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"链接": st.column_config.LinkColumn("链接", display_text="打开")})
    st.caption("类别说明：" + "、".join(f"{k}={v}" for k, v in CATEGORY_LABELS.items()))


job_id = st.session_state.get("scan_job")
if job_id:
    job = get_job(job_id)
    if job is not None and job.status in ("queued", "running"):

        @st.fragment(run_every=1.0)
        def _poll() -> None:
            j = get_job(job_id)
            _job_report(job_id)
            if j is not None and j.status not in ("queued", "running"):
                st.rerun()

        _poll()
    else:
        _job_report(job_id)
