"""Rule evaluation time per document beyond parsing: ``python -m bench.bench_rules``.

For each seed: parse once, then evaluate (observations + durable-rules + findings) several times under the
document's profile and report the median; the durable-rules share (matching, comparing, joining,
suppressing the observations) is measured separately, and the number of observations asserted is set
against the number of findings (observations, not verdicts: many more than findings).
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

from juesuan.findings.evaluate import evaluate, resolve_profile
from juesuan.model.build import parse_file
from juesuan.model.narrative.textscan import clear_caches
from juesuan.observe.facts import extract_facts
from juesuan.observe.identities import parse_identity
from juesuan.rules import durable_host
from juesuan.rules.profile import apply_profile
from juesuan.rules.rulefile import load_rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main(repeat: int = 7) -> None:
    rules = load_rules()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}; {len(rules)} rules")
    print(f"{'document':<28} {'profile':<9} {'parse ms':>9} {'evaluate ms':>12} {'durable ms':>11} {'observations':>13} {'findings':>9}")
    meds = []
    for path in sorted(CORPUS.glob("*.txt")):
        t = time.perf_counter()
        doc = parse_file(str(path))
        parse_ms = (time.perf_counter() - t) * 1000
        prof = resolve_profile(doc)
        evaluate(doc, rules)  # warm: compile the ruleset once per process
        ev = []
        for _ in range(repeat):
            clear_caches()  # the token memo is per paragraph text: time each document cold
            t = time.perf_counter()
            findings = evaluate(doc, rules)
            ev.append((time.perf_counter() - t) * 1000)
        mine = apply_profile(rules, prof)
        declared = [parse_identity(r.id, r.each, r.assertion) for r in mine if r.each is not None]
        facts, _ = extract_facts(doc, prof.params, declared)
        dr = []
        for _ in range(repeat):
            t = time.perf_counter()
            durable_host.run(mine, facts, prof.params)
            dr.append((time.perf_counter() - t) * 1000)
        meds.append(statistics.median(ev))
        print(f"{path.name:<28} {prof.name:<9} {parse_ms:>9.0f} {statistics.median(ev):>12.1f} {statistics.median(dr):>11.2f}"
              f" {len(facts):>13} {len(findings):>9}")
    print(f"median evaluate over the seeds: {statistics.median(meds):.1f} ms")


if __name__ == "__main__":
    main()
