"""Labels of findings: the one home of the severity and category codes, their order and their
Chinese display names (GUIDE §4). Ranking weights are not labels: they live in stats/risk.yaml.

* ``SEVERITIES`` — severity codes, most severe first; ``SEVERITY_LABELS`` their display names.
* ``CATEGORIES`` — every finding category in report order (ingest first, statistical last);
  ``CATEGORY_LABELS`` their display names.
* ``RULE_CATEGORIES`` — the categories a rule file may declare, in rule-catalogue order;
  ``RULE_CATEGORY_TITLES`` their section titles in the catalogue (A … F).
"""

from __future__ import annotations

SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低", "info": "提示"}

CATEGORIES = ("ingest", "structure", "arithmetic", "cross-table", "narrative", "performance", "hygiene", "statistical")
CATEGORY_LABELS = {
    "ingest": "文件读取",
    "structure": "结构与完整性",
    "arithmetic": "表内勾稽",
    "cross-table": "表间勾稽",
    "narrative": "情况说明",
    "performance": "绩效自评",
    "hygiene": "文本与信息安全",
    "statistical": "统计异常",
}

RULE_CATEGORIES = ("structure", "arithmetic", "cross-table", "narrative", "performance", "hygiene")
RULE_CATEGORY_TITLES = {
    "structure": "A. 结构与完整性", "arithmetic": "B. 表内勾稽", "cross-table": "C. 表间勾稽",
    "narrative": "D. 情况说明与表格、前后文一致", "performance": "E. 绩效自评", "hygiene": "F. 文本规范与信息安全",
}
