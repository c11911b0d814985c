"""The evidence in its source, for the finding card: PDF pages with every line of the cited text boxed and the
figure boxed, cropped to the highlighted band (zoom, whole page on demand), two evidence places side by side
(both sides of a contradiction) and "next evidence" through the rest — nothing is dropped silently; text sources
show the lines around each evidence line with the finding's numbers marked.

The file is the one ``juesuan.workspace.sources.resolve_source`` finds (the store's kept copy first), so
scans made with relative paths and UIs started elsewhere show the evidence too.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from juesuan.store.sqlite import Store
from juesuan.ui import evidence as ev
from juesuan.ui.safetext import marked_markdown, md_escape
from juesuan.workspace.sources import resolve_source

ZOOMS = {"小": 80, "标准": 110, "大": 150, "特大": 200}


@st.cache_data(show_spinner=False, max_entries=96)
def _pdf(path: str, mtime: float, page: int, snippets: tuple[str, ...], values: tuple[str, ...],
         resolution: int) -> tuple[bytes | None, bytes | None, str | None, bool]:
    r = ev.render_pdf_evidence(path, page, snippets, resolution=resolution, values=values)
    return r.image_png, r.crop_png, r.message, r.found


def _places(f: dict[str, Any]) -> list[tuple[str, int, list[str]]]:
    """Evidence places in order: ("page"|"line", number, snippets), one per page / line."""
    out: list[tuple[str, int, list[str]]] = []
    index: dict[tuple[str, int], int] = {}
    for e in f.get("evidence") or []:
        kind, no = ("page", e.get("page")) if e.get("page") else ("line", e.get("line"))
        if not no:
            continue
        try:
            k = (kind, int(no))
        except (TypeError, ValueError):
            continue
        if k not in index:
            index[k] = len(out)
            out.append((kind, k[1], []))
        out[index[k]][2].append(str(e.get("text") or ""))
    return out


def _values(f: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(v) for k, v in (f.get("values") or {}).items() if k in ("stated", "expected") and v is not None
                 and not isinstance(v, (list, dict, bool)))


def _show_pdf_place(path: str, mtime: float, page: int, snippets: list[str], values: tuple[str, ...], zoom: int,
                    whole: bool) -> None:
    full, crop, msg, _found = _pdf(path, mtime, page, tuple(snippets), values, zoom)
    img = full if (whole or crop is None) else crop
    if img:
        st.image(img, caption=f"第 {page} 页{'' if whole or crop is None else '（局部）'}：红框为证据原文，蓝框为所涉数字",
                 width="stretch")
    if msg:
        st.info(md_escape(msg))


def _show_text_place(path: str, line: int, snippets: list[str], values: tuple[str, ...]) -> None:
    ctx = ev.text_context(path, line, snippets, values)
    if ctx.message:
        st.info(md_escape(ctx.message))
    if ctx.lines:
        body = "  \n".join(("▶ " if c.is_target else "▷ ") + f"`{c.number:>5}` " + marked_markdown(c.text, c.marks)
                           for c in ctx.lines)
        with st.container(border=True):
            st.markdown(body)


def show_source(store: Store, doc: dict[str, Any], f: dict[str, Any]) -> None:
    key = f["finding_key"]
    places = _places(f)
    if not places:
        st.caption("该发现没有页码或行号，无法定位原文。")
        return
    src = resolve_source(store, doc)
    if src.path is None:
        st.warning(md_escape(src.message or "找不到原文件。"))
        return
    path = str(src.path)
    if src.kept:
        st.caption("原文取自数据库保存的文件副本（与审核时的内容一致）。")
    kind = "pdf" if any(p[0] == "page" for p in places) else "text"
    if kind == "text" and doc.get("kind") not in ("text", None, ""):
        st.caption("该类型的文件（" + md_escape(doc.get("kind")) + "）不显示原文上下文，请以上方证据原文为准。")
        return
    values = _values(f)
    n = len(places)
    pos_key = f"evpos:{key}"
    pos = min(int(st.session_state.get(pos_key, 0)), max(0, n - 1))
    per_view = 2 if n >= 2 else 1
    zoom, whole = ZOOMS["标准"], False
    if kind == "pdf":
        c1, c2 = st.columns([3, 1])
        zoom = ZOOMS[c1.radio("缩放", list(ZOOMS), index=1, horizontal=True, key=f"zoom:{key}")]
        whole = c2.toggle("显示整页", value=False, key=f"whole:{key}")
    if n > per_view:
        b1, b2, b3 = st.columns([1, 2, 1])
        if b1.button("◀ 上一处证据", key=f"evprev:{key}", disabled=pos == 0):
            pos = max(0, pos - per_view)
        if b3.button("下一处证据 ▶", key=f"evnext:{key}", disabled=pos + per_view >= n):
            pos = min(n - 1, pos + per_view)
        st.session_state[pos_key] = pos
        b2.caption(f"证据位置 {pos + 1}–{min(n, pos + per_view)} / 共 {n} 处")
    shown = places[pos:pos + per_view]
    mtime = os.path.getmtime(path)
    cols = st.columns(len(shown)) if len(shown) > 1 else [st.container()]
    for col, (k, no, snippets) in zip(cols, shown, strict=True):
        with col:
            if k == "page":
                _show_pdf_place(path, mtime, no, snippets, values, zoom, whole)
            elif doc.get("kind") in ("text", None, ""):
                _show_text_place(path, no, snippets, values)
            else:
                st.caption(f"第 {no} 行：该类型的文件不显示原文上下文。")
