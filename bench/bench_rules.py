"""Rule evaluation time per document beyond parsing: ``python -m bench.bench_rules``.

For each seed: parse once, then evaluate (fact extraction + durable-rules + findings) several
times and report the median; the durable-rules share is measured separately.
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

from juesuan.findings.evaluate import evaluate
from juesuan.model.build import parse_file
from juesuan.observe.facts import extract_facts
from juesuan.rules import durable_host
from juesuan.rules.rulefile import load_rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main(repeat: int = 7) -> None:
    rules = load_rules()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}; {len(rules)} rules")
    print(f"{'document':<28} {'parse ms':>9} {'evaluate ms':>12} {'durable ms':>11} {'facts':>6} {'findings':>9}")
    for path in sorted(CORPUS.glob("*.txt")):
        t = time.perf_counter()
        doc = parse_file(str(path))
        parse_ms = (time.perf_counter() - t) * 1000
        evaluate(doc, rules)  # warm: compile the ruleset once per process
        ev = []
        for _ in range(repeat):
            t = time.perf_counter()
            findings = evaluate(doc, rules)
            ev.append((time.perf_counter() - t) * 1000)
        facts, _ = extract_facts(doc)
        dr = []
        for _ in range(repeat):
            t = time.perf_counter()
            durable_host.run(rules, facts)
            dr.append((time.perf_counter() - t) * 1000)
        print(f"{path.name:<28} {parse_ms:>9.0f} {statistics.median(ev):>12.1f} {statistics.median(dr):>11.2f} {len(facts):>6} {len(findings):>9}")


if __name__ == "__main__":
    main()
