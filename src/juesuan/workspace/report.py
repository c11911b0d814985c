"""Monthly summary report: summary_<since>_<until>.xlsx (sheets 排名, 发现, 按类别, 按规则, 审核记录, 事件 — frozen
headers, autofilter, column widths, Chinese state names, decision columns) and .html (offline, inline SVG charts,
every text HTML-escaped, with the decisions and events). The ranking is the live one (``workspace.triage.ranking_rows``:
triage decisions and learnt rule weights), the same numbers the ranking page shows. Times are Beijing time.

Which findings belong to a period: ``findings.created_at`` (UTC date) within [since, until];
which documents are new: ``documents.first_seen`` within the period. The previous period is the
same number of days immediately before ``since`` (for the trend). A unit is "recurring" when it
already had a document first seen before ``since``, otherwise "new".
Statistical findings are recomputed on every scan, so their created_at is the last scan's time.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from juesuan.store.sqlite import Store
from juesuan.text.safecell import append_row
from juesuan.vocab.labels import CATEGORY_LABELS, SEVERITY_LABELS
from juesuan.workspace.present import finding_summary, local_time
from juesuan.workspace.triage import COVERAGE_LABELS, STATE_LABELS, ranking_rows
from juesuan.workspace.workflow import EVENT_LABELS
from juesuan.workspace.workflow import events as workflow_events


def _day(ts: str | None) -> date | None:
    if not ts:
        return None
    try:
        return date.fromisoformat(ts[:10])
    except ValueError:
        return None


def _in(ts: str | None, since: date, until: date) -> bool:
    d = _day(ts)
    return d is not None and since <= d <= until


def collect(store: Store, since: date, until: date) -> dict[str, Any]:
    """Everything the report shows, as plain data (also used by tests)."""
    days = (until - since).days + 1
    prev_since, prev_until = since - timedelta(days=days), since - timedelta(days=1)
    docs = {d["sha256"]: d for d in store.documents()}
    all_findings = store.findings()
    cur = [f for f in all_findings if _in(f.get("created_at"), since, until)]
    prev = [f for f in all_findings if _in(f.get("created_at"), prev_since, prev_until)]
    new_docs = [d for d in docs.values() if _in(d.get("first_seen"), since, until)]
    earlier_units = {d.get("unit") for d in docs.values() if (_day(d.get("first_seen")) or date.max) < since}
    new_units = sorted({str(d.get("unit") or d["name"]) for d in new_docs if d.get("unit") not in earlier_units})
    recurring_units = sorted({str(d.get("unit")) for d in new_docs if d.get("unit") in earlier_units and d.get("unit")})
    active = {f["sha256"] for f in cur} | {d["sha256"] for d in new_docs}
    # the live ranking (triage decisions and learnt weights), the same numbers the ranking page shows
    ranking = [r for r in ranking_rows(store) if r.get("sha256") in active]
    for i, r in enumerate(ranking, 1):
        r["period_rank"] = i
    live = [f for f in cur if f.get("triage") != "dismissed"]
    by_cat = Counter(f.get("category") or "" for f in live)
    by_cat_prev = Counter(f.get("category") or "" for f in prev if f.get("triage") != "dismissed")
    by_rule: dict[str, dict[str, Any]] = {}
    for f in live:
        r = by_rule.setdefault(f.get("rule_id") or "", {"rule_id": f.get("rule_id") or "", "category": f.get("category"),
                                                         "severity": f.get("severity"), "findings": 0, "documents": set()})
        r["findings"] += 1
        r["documents"].add(f["sha256"])
    rules = sorted(({**r, "documents": len(r["documents"])} for r in by_rule.values()), key=lambda r: (-r["findings"], r["rule_id"]))
    decisions = [h for h in store.decision_history() if _in(h.get("at"), since, until)]
    by_key = {f["finding_key"]: f for f in all_findings}
    ws_events = [e for e in workflow_events(store, limit=100_000) if _in(e.get("at"), since, until)]
    scans = [dict(r) for r in store.conn.execute("SELECT * FROM scans ORDER BY id").fetchall() if _in(r["started_at"], since, until)]
    versions = sorted({(str(d["parser_version"] or ""), str(d["rules_version"] or ""))
                       for d in store.conn.execute("SELECT parser_version, rules_version FROM documents").fetchall()})
    return {
        "decisions": decisions, "findings_by_key": by_key, "events": ws_events, "scans": scans, "versions": versions,
        "since": since, "until": until, "prev_since": prev_since, "prev_until": prev_until,
        "documents": docs, "findings": cur, "previous_findings": prev, "ranking": ranking,
        "by_category": by_cat, "by_category_prev": by_cat_prev, "by_rule": rules,
        "new_documents": new_docs, "new_units": new_units, "recurring_units": recurring_units,
    }


def _cell(v: Any) -> Any:
    if v is None or isinstance(v, (int, float, str)):
        return v
    return str(v)


def _sheet(wb: Any, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    """A work-ready sheet: bold frozen header, autofilter, column widths, wrapped long texts."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    append_row(ws, header)
    for r in rows:  # text from documents and file names is written as text, never as a formula
        append_row(ws, [_cell(v) for v in r])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
        if w >= 40:
            for cell in ws[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _state(s: str | None) -> str:
    return STATE_LABELS.get(s or "open", s or "")


def write_xlsx(data: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "排名", ["本期排名", "总排名", "单位", "年度", "风险分", "核查范围", "高", "中", "低", "提示", "主要问题", "计分构成", "文件", "sha256"],
           [[r.get("period_rank"), r.get("rank"), r.get("unit"), r.get("year"), r.get("score"), COVERAGE_LABELS.get(r.get("coverage") or "", r.get("coverage")),
             r.get("high"), r.get("medium"), r.get("low"), r.get("info"), r.get("top_reason") or r.get("top_reasons"),
             "；".join(f"{c['rule_id']}×{c['count']}（系数 {c.get('multiplier', 1.0)}）+{c['contribution']}" for c in r.get("contributions") or []),
             r.get("document"), r.get("sha256")] for r in data["ranking"]],
           [9, 9, 30, 8, 9, 12, 5, 5, 5, 5, 60, 50, 30, 20])
    last = {h["finding_key"]: h for h in data.get("decisions", [])}
    _sheet(wb, "发现", ["单位", "年度", "文件", "规则", "类别", "严重程度", "问题", "说明", "页", "行", "原文", "处理状态", "审核人", "审核时间",
                      "理由", "备注", "发现时间"],
           [[f.get("unit"), f.get("year"), f.get("document"), f.get("rule_id"), CATEGORY_LABELS.get(f.get("category") or "", f.get("category")),
             SEVERITY_LABELS.get(f.get("severity") or "", f.get("severity")), finding_summary(f), f.get("message"),
             ev.get("page"), ev.get("line"), ev.get("text"), _state(f.get("triage")), d.get("inspector"), local_time(d.get("at")),
             d.get("reason"), d.get("comment"), local_time(f.get("created_at"))]
            for f in data["findings"] for ev in [((f.get("evidence") or [{}])[0] or {})] for d in [last.get(f["finding_key"], {})]],
           [30, 8, 30, 22, 12, 9, 50, 60, 5, 6, 50, 11, 12, 17, 30, 30, 17])
    _sheet(wb, "按类别", ["类别", "本期", "上期", "变化"],
           [[CATEGORY_LABELS.get(c, c), data["by_category"].get(c, 0), data["by_category_prev"].get(c, 0),
             data["by_category"].get(c, 0) - data["by_category_prev"].get(c, 0)]
            for c in sorted(set(data["by_category"]) | set(data["by_category_prev"]))], [16, 8, 8, 8])
    _sheet(wb, "按规则", ["规则", "类别", "严重程度", "发现数", "涉及文件数"],
           [[r["rule_id"], CATEGORY_LABELS.get(r["category"] or "", r["category"]), SEVERITY_LABELS.get(r["severity"] or "", r["severity"]),
             r["findings"], r["documents"]] for r in data["by_rule"]], [26, 14, 10, 9, 11])
    by_key = data.get("findings_by_key", {})
    _sheet(wb, "审核记录", ["时间", "审核人", "结论", "理由", "备注", "单位", "规则", "问题", "发现编号"],
           [[local_time(h.get("at"), seconds=True), h.get("inspector"), _state(h.get("state")), h.get("reason"), h.get("comment"),
             (by_key.get(h["finding_key"]) or {}).get("unit"), (by_key.get(h["finding_key"]) or {}).get("rule_id"),
             finding_summary(by_key[h["finding_key"]]) if h["finding_key"] in by_key else "", h["finding_key"]]
            for h in data.get("decisions", [])], [19, 12, 11, 30, 30, 30, 22, 50, 26])
    _sheet(wb, "事件", ["时间", "操作人", "事件", "对象", "详情"],
           [[local_time(e.get("at"), seconds=True), e.get("actor"), EVENT_LABELS.get(e.get("kind") or "", e.get("kind")), e.get("subject"),
             e.get("detail_json")] for e in data.get("events", [])]
           + [[local_time(sc.get("started_at"), seconds=True), "", f"扫描（{sc.get('status')}）", f"扫描 #{sc.get('id')}", sc.get("args_json")]
              for sc in data.get("scans", [])]
           + [["", "", "解析器/规则版本", f"解析器 {pv}", f"规则 {rv}"] for pv, rv in data.get("versions", [])],
           [19, 12, 16, 30, 60])
    wb.save(path)


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def svg_bars(items: list[tuple[str, float]], *, width: int = 640, color: str = "#c0392b", second: list[float] | None = None) -> str:
    """A horizontal bar chart as inline SVG (labels escaped). ``second``: a paler comparison bar per item."""
    if not items:
        return '<p class="empty">（无数据）</p>'
    bar_h, gap, label_w = 18, 8, 220
    step = bar_h * (2 if second else 1) + gap
    h = len(items) * step + 10
    top = max([v for _, v in items] + (second or []) + [1e-9])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img">']
    for i, (label, v) in enumerate(items):
        y = 5 + i * step
        w = (width - label_w - 70) * v / top
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{_e(label[:24])}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"><title>{_e(label)}: {_e(v)}</title></rect>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="12">{_e(round(v, 2))}</text>')
        if second:
            w2 = (width - label_w - 70) * second[i] / top
            out.append(f'<rect x="{label_w}" y="{y + bar_h}" width="{w2:.1f}" height="{bar_h - 4}" fill="#bbb"/>')
            out.append(f'<text x="{label_w + w2 + 4:.1f}" y="{y + bar_h + 11}" font-size="11" fill="#666">{_e(second[i])}</text>')
    out.append("</svg>")
    return "".join(out)


def write_html(data: dict[str, Any], path: Path) -> None:
    since, until = data["since"], data["until"]
    top = data["ranking"][:15]
    cats = sorted(set(data["by_category"]) | set(data["by_category_prev"]), key=lambda c: -data["by_category"].get(c, 0))
    sev = Counter(f.get("severity") for f in data["findings"] if f.get("triage") != "dismissed")
    rows = "".join(
        f"<tr><td>{_e(r.get('period_rank'))}</td><td>{_e(r.get('unit') or r.get('document'))}</td><td>{_e(r.get('year'))}</td>"
        f"<td>{_e(r.get('score'))}</td><td>{_e(COVERAGE_LABELS.get(r.get('coverage') or '', r.get('coverage')))}</td>"
        f"<td>{_e(r.get('high'))}/{_e(r.get('medium'))}/{_e(r.get('low'))}</td>"
        f"<td>{_e(r.get('top_reason') or r.get('top_reasons'))}</td></tr>"
        for r in data["ranking"][:50]
    )
    rule_rows = "".join(f"<tr><td>{_e(r['rule_id'])}</td><td>{_e(CATEGORY_LABELS.get(r['category'] or '', r['category']))}</td>"
                        f"<td>{_e(SEVERITY_LABELS.get(r['severity'] or '', r['severity']))}</td><td>{r['findings']}</td><td>{r['documents']}</td></tr>"
                        for r in data["by_rule"][:40])
    by_key = data.get("findings_by_key", {})
    decision_rows = "".join(
        f"<tr><td>{_e(local_time(h.get('at'), seconds=True))}</td><td>{_e(h.get('inspector'))}</td><td>{_e(_state(h.get('state')))}</td>"
        f"<td>{_e(h.get('reason'))}</td><td>{_e(h.get('comment'))}</td><td>{_e((by_key.get(h['finding_key']) or {}).get('unit'))}</td>"
        f"<td>{_e((by_key.get(h['finding_key']) or {}).get('rule_id'))}</td></tr>" for h in data.get("decisions", [])[:500])
    event_rows = "".join(
        f"<tr><td>{_e(local_time(e.get('at'), seconds=True))}</td><td>{_e(e.get('actor'))}</td>"
        f"<td>{_e(EVENT_LABELS.get(e.get('kind') or '', e.get('kind')))}</td><td>{_e(e.get('subject'))}</td></tr>" for e in data.get("events", [])[:500])
    doc = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>决算公开审核月报 {_e(since)} 至 {_e(until)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}}table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:3px 6px;vertical-align:top}}th{{background:#f3f3f3}}.empty{{color:#888}}
.kpi span{{display:inline-block;margin-right:2em;font-size:15px}}</style></head><body>
<h1>决算公开审核月报</h1>
<p>统计期：{_e(since)} 至 {_e(until)}（上期：{_e(data['prev_since'])} 至 {_e(data['prev_until'])}）</p>
<div class="kpi"><span>本期新文件 {len(data['new_documents'])} 份</span><span>本期发现 {len(data['findings'])} 条
（高 {sev.get('high', 0)}，中 {sev.get('medium', 0)}，低 {sev.get('low', 0)}）</span><span>上期发现 {len(data['previous_findings'])} 条</span></div>
<h2>风险最高的单位</h2>
{svg_bars([(str(r.get('unit') or r.get('document') or ''), float(r.get('score') or 0)) for r in top])}
<h2>按类别的发现数（本期 / 上期）</h2>
{svg_bars([(CATEGORY_LABELS.get(c, c), float(data['by_category'].get(c, 0))) for c in cats], color="#2c7fb8",
          second=[float(data['by_category_prev'].get(c, 0)) for c in cats])}
<h2>新单位与重复出现的单位</h2>
{svg_bars([("新单位", float(len(data['new_units']))), ("重复出现的单位", float(len(data['recurring_units'])))], color="#27ae60")}
<p>新单位：{_e('、'.join(data['new_units'][:50]) or '无')}</p>
<p>重复出现的单位：{_e('、'.join(data['recurring_units'][:50]) or '无')}</p>
<h2>排名</h2>
<table><tr><th>本期排名</th><th>单位</th><th>年度</th><th>风险分</th><th>核查范围</th><th>高/中/低</th><th>主要原因</th></tr>{rows}</table>
<h2>按规则</h2>
<table><tr><th>规则</th><th>类别</th><th>严重程度</th><th>发现数</th><th>涉及文件</th></tr>{rule_rows}</table>
<h2>审核记录（{len(data.get('decisions', []))} 条，北京时间）</h2>
<table><tr><th>时间</th><th>审核人</th><th>结论</th><th>理由</th><th>备注</th><th>单位</th><th>规则</th></tr>{decision_rows}</table>
<h2>操作事件（{len(data.get('events', []))} 条）</h2>
<table><tr><th>时间</th><th>操作人</th><th>事件</th><th>对象</th></tr>{event_rows}</table>
</body></html>
"""
    path.write_text(doc, encoding="utf-8")


def report_stem(since: date, until: date) -> str:
    """File name stem naming the period: ``summary_2026-11-01_2026-11-30``."""
    return f"summary_{since.isoformat()}_{until.isoformat()}"


def build_report(store: Store, since: date, until: date, out_dir: str | Path, *, actor: str | None = None) -> dict[str, Path]:
    """Write ``summary_<since>_<until>.xlsx`` and ``.html`` for the period (logged as an export event); return their paths."""
    from juesuan.workspace.workflow import log

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = collect(store, since, until)
    stem = report_stem(since, until)
    paths = {"xlsx": out / f"{stem}.xlsx", "html": out / f"{stem}.html"}
    write_xlsx(data, paths["xlsx"])
    write_html(data, paths["html"])
    log(store, "export", actor or "命令行", stem, {"files": [p.name for p in paths.values()], "since": since.isoformat(),
                                                   "until": until.isoformat()})
    return paths
