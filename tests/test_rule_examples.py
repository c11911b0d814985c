"""One runner for every rule file: schema, and each failing/passing example through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from juesuan.findings.evaluate import evaluate
from juesuan.rules.examples import example_document
from juesuan.rules.rulefile import load_rules, rule_paths, validate

RULES = load_rules()
CASES = [
    pytest.param(r, kind, i, ex, id=f"{r.id}-{kind}{i}")
    for r in RULES
    for kind in ("fail", "pass")
    for i, ex in enumerate(r.examples.get(kind) or [])
]


@pytest.mark.parametrize("path", rule_paths(), ids=lambda p: p.stem)
def test_rule_file_schema(path: Path):
    assert validate(yaml.safe_load(path.read_text(encoding="utf-8")), path) == []
    assert path.parent.name in ("structure", "arithmetic", "cross_table", "narrative", "performance", "hygiene")


def test_rule_ids_unique_and_catalog_size():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 50


def _norm(v: object) -> object:
    """A value as the finding carries it (Decimal / number / text) in a comparable form."""
    from decimal import Decimal, InvalidOperation

    if v is None or isinstance(v, bool):
        return v
    try:
        return Decimal(str(v)).normalize()
    except InvalidOperation:
        return str(v)


@pytest.mark.parametrize("rule,kind,i,example", CASES)
def test_rule_example(rule, kind, i, example):
    doc = example_document(example)
    findings = evaluate(doc, RULES, profile=example.get("profile"))
    errors = [f for f in findings if f["rule_id"] == "engine-error"]
    assert not errors, errors
    mine = [f for f in findings if f["rule_id"] == rule.id]
    if kind == "fail":
        assert mine, f"{rule.id}: failing example {i} produced no finding"
        for f in mine:
            assert f["message"] and "{" not in f["message"], f["message"]
            assert f["evidence"], "a finding needs evidence"
        want = example.get("values")
        if any(f["values"].get("stated") is not None for f in mine):
            assert want, f"{rule.id}: failing example {i} must state the finding's values (stated/expected)"
        if want is not None:  # the stated and expected values the finding must carry
            got = [{k: _norm(f["values"].get(k)) for k in want} for f in mine]
            assert {k: _norm(v) for k, v in want.items()} in got, (want, got)
    else:
        assert not mine, f"{rule.id}: passing example {i} produced {[f['message'] for f in mine]}"
