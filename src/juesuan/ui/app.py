"""juesuan inspector workspace — Streamlit entry point (``juesuan ui``).

Pages are declared with ``st.navigation``; every view is reachable by a deep link. Besides each page's own
URL (``/unit?doc=<sha256>&finding=<key>``), ``/?page=<name>&...`` redirects to that page with the other
query parameters kept (``st.switch_page`` drops them unless passed explicitly).
The database is the one named by ``$JUESUAN_DB`` (set by ``juesuan ui --db``).
"""

from __future__ import annotations

import time

import streamlit as st

from juesuan.ui.components import PAGES

st.set_page_config(page_title="决算公开审核工作台", page_icon="🧮", layout="wide")

_PAGES = {
    "ranking": st.Page(PAGES["ranking"], title="风险排名", icon="📊", url_path="ranking", default=True),
    "unit": st.Page(PAGES["unit"], title="单位详情", icon="🔎", url_path="unit"),
    "triage": st.Page(PAGES["triage"], title="审核队列", icon="🗂️", url_path="triage"),
    "upload": st.Page(PAGES["upload"], title="上传扫描", icon="📤", url_path="upload"),
    "summary": st.Page(PAGES["summary"], title="月度汇总", icon="📅", url_path="summary"),
    "rules": st.Page(PAGES["rules"], title="规则目录", icon="📚", url_path="rules"),
}

nav = st.navigation(list(_PAGES.values()), position="sidebar")
# (the inspector's name is asked by each page: widgets of the entry script are lost on AppTest reruns)

wanted = st.query_params.get("page")
if wanted:
    target = _PAGES.get(wanted)
    rest = {k: st.query_params.get_all(k) for k in st.query_params if k != "page"}
    if target is not None and target.url_path != nav.url_path:
        st.switch_page(target, query_params=rest)
    elif target is None:
        st.warning("链接中的页面不存在，已打开风险排名。")

_t0 = time.perf_counter()
try:
    nav.run()
finally:  # the page's script time, for bench/bench_ui.py (also when a page stops early with st.stop)
    st.session_state["_script_seconds"] = time.perf_counter() - _t0
