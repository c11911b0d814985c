"""Workspace page script time: ``python -m bench.bench_ui``.

A database from tests/ui_fixtures.py plus one unit with 30 findings (text evidence, two statistical ones, decisions);
each page runs through Streamlit's AppTest several times and the app's own timer (``_script_seconds``, set by
ui/app.py around the page script) is read back — the page's script time, without AppTest's start-up and without the
browser's rendering. The table shows the median and the worst (first, cold-cache) run in seconds. Target: ≤ 2 s.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
from decimal import Decimal as D
from pathlib import Path

from streamlit.testing.v1 import AppTest

from juesuan.store.sqlite import Store
from tests.ui_fixtures import build

APP = str(Path(__file__).resolve().parent.parent / "src" / "juesuan" / "ui" / "app.py")


def _thirty(fx_db: Path, sha: str) -> str:
    s = Store(fx_db)
    model = s.document_model(sha)
    assert model is not None
    fs = []
    for i in range(30):
        cat, sev = [("arithmetic", "medium"), ("narrative", "high"), ("hygiene", "low"), ("cross-table", "medium")][i % 4]
        fs.append({"document": model["document"], "unit": model["unit"], "year": model["year"], "rule_id": f"BENCH-{i % 7}",
                   "title": "基准", "category": cat, "severity": sev, "message": f"第 {i} 条：情况说明称 {100 + i}.00 万元，表内为 {90 + i}.00 万元。",
                   "evidence": [{"page": None, "line": 11 + i % 4, "text": "本年收入合计 519.67 万元", "table": "T3", "row": "201", "column": "合计"}],
                   "values": {"stated": D(f"{100 + i}.00"), "expected": D(f"{90 + i}.00"), "difference": D("10.00")}})
    s.save_document(model, fs)
    for f in s.findings(sha)[:10]:
        s.decide(f["finding_key"], "confirmed", "bench")
    return s.findings(sha)[0]["finding_key"]


def _time(page: str, params: dict[str, str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        at = AppTest.from_file(APP, default_timeout=120)
        for k, v in {"page": page, **params}.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        times.append(float(at.session_state["_script_seconds"]))
    return statistics.median(times), max(times)


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fx = build(Path(tmp) / "data")
        key = _thirty(fx.db, fx.text_sha)
        os.environ["JUESUAN_DB"] = str(fx.db)
        print(f"machine: {platform.machine()} python {platform.python_version()}; {runs} runs per page")
        print(f"{'page':<40} {'median s':>9} {'max s':>7}")
        for label, page, params in (
            ("ranking", "ranking", {}),
            ("unit, 30 findings", "unit", {"doc": fx.text_sha}),
            ("unit, 30 findings, one selected (text)", "unit", {"doc": fx.text_sha, "finding": key}),
            ("unit, PDF finding selected (page image)", "unit", {"doc": fx.pdf_sha, "finding": Store(fx.db).findings(fx.pdf_sha)[0]["finding_key"]}),
            ("triage queue", "triage", {}),
            ("monthly summary", "summary", {}),
        ):
            med, worst = _time(page, params, runs)
            print(f"{label:<40} {med:>9.2f} {worst:>7.2f}")


if __name__ == "__main__":
    main()
