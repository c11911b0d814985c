"""Peer comparison of a statistical finding in the workspace: the unit's value and its peers' values
(``peer_data``), the feature rows behind the finding and the peer chart.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from juesuan.text.format import fmt_value
from juesuan.ui.safetext import md_escape


def peer_data(f: dict[str, Any]) -> tuple[float | None, list[tuple[str, float]], dict[str, float]]:
    """(the unit's value, [(peer label, value)], reference lines {label: value}) from a statistical finding."""
    values = dict(f.get("values") or {})
    extra = f.get("peer") if isinstance(f.get("peer"), dict) else {}
    values.update({k: v for k, v in (extra or {}).items() if k not in values})

    def num(x: Any) -> float | None:
        try:
            return float(x) if x is not None and not isinstance(x, bool) else None
        except (TypeError, ValueError):
            return None

    mine = next((num(values.get(k)) for k in ("value", "stated", "unit_value") if num(values.get(k)) is not None), None)
    raw = values.get("peers") or values.get("peer_values") or f.get("peers") or []
    peers: list[tuple[str, float]] = []
    if isinstance(raw, dict):
        raw = [{"unit": k, "value": v} for k, v in raw.items()]
    if isinstance(raw, list):
        for i, p in enumerate(raw):
            if isinstance(p, dict):
                v = num(p.get("value"))
                label = str(p.get("unit") or p.get("document") or p.get("name") or f"同类{i + 1}")
            else:
                v, label = num(p), f"同类{i + 1}"
            if v is not None:
                peers.append((label, v))
    refs = {}
    for k, lab in (("peer_median", "同类中位数"), ("median", "同类中位数"), ("expected", "参考值"), ("lower", "下限"), ("upper", "上限")):
        v = num(values.get(k))
        if v is not None and lab not in refs:
            refs[lab] = v
    return mine, peers, refs


def feature_rows(f: dict[str, Any]) -> list[dict[str, Any]]:
    """Multivariate outliers: [{"特征", "本单位", "同类中位数"}] from values.features (list of dicts)."""
    feats = (f.get("values") or {}).get("features") or f.get("features") or []
    out = []
    if isinstance(feats, list):
        for x in feats:
            if not isinstance(x, dict):
                continue
            try:
                v = float(x.get("value"))
            except (TypeError, ValueError):
                continue
            med = x.get("peer_median", x.get("median"))
            try:
                m = float(med) if med is not None else None
            except (TypeError, ValueError):
                m = None
            out.append({"特征": str(x.get("label") or x.get("feature") or x.get("name") or ""), "本单位": v, "同类中位数": m})
    return out


def peer_chart(f: dict[str, Any]) -> None:
    feats = feature_rows(f)
    if feats:
        df = pd.DataFrame(feats).melt(id_vars="特征", var_name="类别", value_name="数值").dropna()
        try:
            import altair as alt

            st.altair_chart(
                alt.Chart(df).mark_bar().encode(
                    x=alt.X("特征:N", title=None), xOffset="类别:N", y="数值:Q",
                    color=alt.Color("类别:N", scale=alt.Scale(domain=["本单位", "同类中位数"], range=["#d62728", "#9ecae1"])),
                    tooltip=["特征", "类别", "数值"],
                ).properties(height=260),
                width="stretch",
            )
        except Exception:
            st.bar_chart(df, x="特征", y="数值", color="类别")
        st.dataframe(pd.DataFrame(feats), hide_index=True)
    mine, peers, refs = peer_data(f)
    if feats and not peers:
        return
    if mine is None and not peers:
        st.caption("该发现没有同类比较数据。")
        return
    rows = [{"单位": lab, "数值": v, "类别": "同类单位"} for lab, v in peers]
    rows.append({"单位": "本单位", "数值": mine, "类别": "本单位"})
    rows += [{"单位": lab, "数值": v, "类别": "参考"} for lab, v in refs.items()]
    df = pd.DataFrame([r for r in rows if r["数值"] is not None])
    try:
        import altair as alt

        chart = (
            alt.Chart(df)
            .mark_bar()
            .encode(
                x=alt.X("单位:N", sort="-y", title=None),
                y=alt.Y("数值:Q"),
                color=alt.Color("类别:N", scale=alt.Scale(domain=["本单位", "同类单位", "参考"], range=["#d62728", "#9ecae1", "#7f7f7f"])),
                tooltip=["单位", "数值", "类别"],
            )
            .properties(height=260)
        )
        st.altair_chart(chart, width="stretch")
    except Exception:
        st.bar_chart(df.set_index("单位")["数值"])
    st.caption(md_escape(f"本单位：{fmt_value(mine)}；同类单位 {len(peers)} 个" + "".join(f"；{k}：{fmt_value(v)}" for k, v in refs.items())))
