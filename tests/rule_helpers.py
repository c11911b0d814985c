"""Test helper: which observations fail their rule, decided by the real rule engine (durable-rules).

Extractors now assert observations (what the document says), not verdicts; a test that used to
check "the extractor produced no fact" checks "no observation fails its rule" instead.
"""

from __future__ import annotations

from typing import Any

from juesuan.observe.facts import Fact
from juesuan.rules import durable_host
from juesuan.rules.profile import load_profile
from juesuan.rules.rulefile import Rule, load_rules


def failing(facts: list[Fact], check: str | None = None, *, profile: str = "hubei",
            rules: list[Rule] | None = None) -> list[Fact]:
    """The observations some rule fires on (optionally only those of ``check``), in their order."""
    params: dict[str, Any] = load_profile(profile).params
    fired, errors = durable_host.run(load_rules() if rules is None else rules, facts, params)
    assert not errors, errors
    ids = {fid for _, fid in fired}
    return [f for f in facts if f.id in ids and (check is None or f.fields.get("check") == check)]
