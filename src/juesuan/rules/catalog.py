"""The rule catalog, generated from the rule files (docs/rules.md is this output, checked by the tests).

``python -m juesuan.rules.catalog > docs/rules.md`` regenerates it.
"""

from __future__ import annotations

from typing import Any

import yaml

from juesuan.rules.profile import load_profile, profile_names
from juesuan.rules.rulefile import load_rules
from juesuan.vocab.labels import RULE_CATEGORIES, RULE_CATEGORY_TITLES


def catalog_rows() -> list[dict[str, Any]]:
    return [
        {"id": r.id, "title": r.title, "category": r.category, "severity": r.severity, "basis": r.basis, "fact": r.fact,
         "when": r.when, "unless": r.unless, "message": r.message, "examples": r.examples, "path": r.path,
         "assert": r.assertion, "tolerance": r.tolerance, "each": r.each, "aliases": list(r.aliases),
         "extractor_level": r.extractor_level}
        for r in load_rules()
    ]


def _flow(v: Any) -> str:
    return yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=1000).strip()


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def catalog_markdown() -> str:
    rows = catalog_rows()
    stated = sum(1 for r in rows if r["assert"])
    out = ["# juesuan 规则目录", "", "Generated from `rules/**/*.yaml` by `python -m juesuan.rules.catalog`; do not edit by hand.", "",
           f"{len(rows)} rules; {stated} state their relation in the rule file (`assert`), "
           f"{len(rows) - stated} are extractor-level checks (each says why).", "",
           "Profiles (`rulesets/profiles/`): " + "、".join(f"`{p.name}`（{p.title}）" for p in (load_profile(n) for n in profile_names())) + ".", ""]
    for cat in RULE_CATEGORIES:
        rs = [r for r in rows if r["category"] == cat]
        if not rs:
            continue
        out += [f"## {RULE_CATEGORY_TITLES[cat]} ({cat}, {len(rs)})", "", "| id | 标题 | 严重性 | 依据 |", "|---|---|---|---|"]
        out += [f"| `{r['id']}` | {_cell(r['title'])} | {r['severity']} | {_cell(r['basis'])} |" for r in rs]
        out.append("")
        for r in rs:
            out += [f"### {r['id']}", "", f"**{r['title']}** — {r['severity']}; 依据：{r['basis']}", "",
                    f"- 事实类型 (fact): `{r['fact']}`", f"- 条件 (when): `{yaml.safe_dump(r['when'], allow_unicode=True, default_flow_style=True).strip()}`"]
            if r["each"]:
                out.append(f"- 每个 (each): `{_flow(r['each'])}`")
            if r["assert"]:
                rel = r["assert"] if isinstance(r["assert"], list) else [r["assert"]]
                out.append(f"- 关系 (assert): `{'；'.join(str(x) for x in rel)}`" + (f"，容差 {r['tolerance']}" if r["tolerance"] is not None else ""))
            if r["extractor_level"]:
                out.append(f"- 算子层核查 (extractor_level): {r['extractor_level']}")
            if r["aliases"]:
                out.append(f"- 曾用编号 (aliases): {', '.join(r['aliases'])}")
            if r["unless"]:
                out.append(f"- 抑制 (unless): `{yaml.safe_dump(r['unless'], allow_unicode=True, default_flow_style=True).strip()}`")
            out += [f"- 提示模板: {r['message']}",
                    f"- 示例: {len(r['examples'].get('fail') or [])} 个应报、{len(r['examples'].get('pass') or [])} 个不应报", ""]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(catalog_markdown(), end="")
