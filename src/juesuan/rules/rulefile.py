"""Rule files: ``rules/<group>/<ID>.yaml``, one rule per file, data not code.

Schema (validated here, enforced by the tests): id (== file stem: the stable code), title, category,
severity, basis, fact (the observation kind matched), when (durable-rules condition selecting the
observations: which check), assert (the relation that must hold, ``juesuan.rules.relation``; the rule fires
where it fails) with optional tolerance — or, for a check that stays in the extractor, ``extractor_level``
saying why; optional each (an identity declared over a table, ``juesuan.observe.identities``), optional
unless (suppress when another observation of the document fails), message (str.format template over the
observation's fields and values), optional expected, optional aliases (former ids: triage decisions and
profile overrides written for them keep applying), examples {fail: [...], pass: [...]} where a fail example
may give ``values`` (the stated/expected values the finding must carry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from juesuan.vocab.labels import RULE_CATEGORIES, SEVERITIES

REQUIRED = ("id", "title", "category", "severity", "basis", "fact", "when", "message", "examples")
REQUIRED_EACH = ("id", "title", "category", "severity", "basis", "assert", "message", "examples")  # fact/when implied


class RuleFileError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: str
    severity: str
    basis: str
    fact: str
    when: Any
    message: str
    path: str
    group: str
    unless: Any = None
    expected: str | None = None
    assertion: Any = None
    tolerance: Any = None
    each: Any = None
    aliases: tuple[str, ...] = ()
    extractor_level: str | None = None
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict, hash=False, compare=False)


RULESETS_DIR = Path(__file__).resolve().parent.parent / "rulesets"


def rules_dir() -> Path:
    """The shipped rule files (``juesuan/rulesets/<group>/<ID>.yaml``)."""
    return RULESETS_DIR


def validate(data: Any, path: Path) -> list[str]:
    """Problems with one rule file (empty when valid)."""
    errs: list[str] = []
    if not isinstance(data, dict):
        return [f"{path.name}: not a mapping"]
    for k in REQUIRED_EACH if "each" in data else REQUIRED:
        if k not in data:
            errs.append(f"{path.name}: missing key {k!r}")
    if errs:
        return errs
    if data["id"] != path.stem:
        errs.append(f"{path.name}: id {data['id']!r} differs from the file name")
    if data["category"] not in RULE_CATEGORIES:
        errs.append(f"{path.name}: category {data['category']!r} not in {RULE_CATEGORIES}")
    if data["severity"] not in SEVERITIES:
        errs.append(f"{path.name}: severity {data['severity']!r} not in {SEVERITIES}")
    ex = data["examples"]
    if not isinstance(ex, dict) or not ex.get("fail") or not ex.get("pass"):
        errs.append(f"{path.name}: needs at least one failing and one passing example")
    if not isinstance(data.get("when", {}), dict):
        errs.append(f"{path.name}: 'when' must be a condition mapping")
    if "unless" in data and not isinstance(data["unless"], dict):
        errs.append(f"{path.name}: 'unless' must be a condition mapping")
    if not data.get("assert") and not data.get("extractor_level"):
        errs.append(f"{path.name}: state the relation ('assert') or say why the check stays in the extractor ('extractor_level')")
    if data.get("assert") and "each" in data:
        from juesuan.observe.identities import IdentityError, parse_identity

        try:
            parse_identity(str(data["id"]), data["each"], data["assert"])
        except IdentityError as e:
            errs.append(f"{path.name}: {e}")
        if data.get("fact", "identity") != "identity":
            errs.append(f"{path.name}: a declared identity ('each') observes 'identity'")
    elif data.get("assert"):
        from juesuan.rules.relation import RelationError, relations

        try:
            relations(data["assert"])
        except RelationError as e:
            errs.append(f"{path.name}: {e}")
    if "aliases" in data and not isinstance(data["aliases"], list):
        errs.append(f"{path.name}: 'aliases' must be a list of former ids")
    return errs


def load_rule(path: Path) -> Rule:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errs = validate(data, path)
    if errs:
        raise RuleFileError("; ".join(errs))
    return Rule(
        id=data["id"], title=data["title"], category=data["category"], severity=data["severity"],
        basis=data["basis"], fact=data.get("fact", "identity"), when=data.get("when", {"check": data["id"]}), message=data["message"],
        path=str(path), group=path.parent.name, unless=data.get("unless"), expected=data.get("expected"),
        assertion=data.get("assert"), tolerance=data.get("tolerance"), each=data.get("each"),
        aliases=tuple(str(a) for a in data.get("aliases") or ()), extractor_level=data.get("extractor_level"),
        examples=data["examples"],
    )


def rule_paths(root: Path | None = None) -> list[Path]:
    return sorted(p for p in (root or rules_dir()).glob("*/*.yaml") if p.parent.name != "profiles")


@lru_cache(maxsize=4)
def _load_cached(root: str) -> tuple[Rule, ...]:
    rules = [load_rule(p) for p in rule_paths(Path(root))]
    ids = [r.id for r in rules] + [a for r in rules for a in r.aliases]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RuleFileError(f"duplicate rule ids: {dup}")
    return tuple(rules)


def load_rules(root: str | Path | None = None) -> list[Rule]:
    """All rules, sorted by category order then id."""
    rules = list(_load_cached(str(root or rules_dir())))
    return sorted(rules, key=lambda r: (RULE_CATEGORIES.index(r.category), r.id))


def canonical_ids(rules: list[Rule]) -> dict[str, str]:
    """Every id and former id (alias) -> the rule's current stable code."""
    out = {r.id: r.id for r in rules}
    for r in rules:
        for a in r.aliases:
            out.setdefault(a, r.id)
    return out
