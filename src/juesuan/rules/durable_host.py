"""The one module that talks to durable-rules (so the engine could be swapped).

Rules compile to one durable-rules ruleset (plain JSON-able dicts). Each document is one
session (sid); facts are asserted one by one — a fact no rule matches raises
MessageNotHandledException, which here just means "nothing to report". Facts that can
suppress others (those matching some rule's ``unless``) are asserted first, so that the
rule engine's negation sees them: "report once, suppress the dependent identities".
Actions only record (rule, fact id); findings are built in Python afterwards.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from typing import Any

from durable.engine import Host, MessageNotHandledException

from juesuan.observe.facts import Fact
from juesuan.rules.relation import compile_assert, compile_unless, referenced_fields
from juesuan.rules.rulefile import Rule

_LOCK = threading.RLock()
_HOST: _RecordingHost | None = None
_REGISTERED: dict[str, dict[str, str]] = {}  # ruleset name -> durable rule name -> rule id
_SID = 0


class _RecordingHost(Host):
    def __init__(self) -> None:
        super().__init__()
        self.fired: dict[str, list[tuple[str, str]]] = {}
        self.errors: dict[str, list[tuple[str, str]]] = {}

    def get_action(self, action_name: str):  # type: ignore[no-untyped-def]
        def act(c: Any) -> None:
            sid = str(c.s.sid)
            try:
                m = c.m
                fid = m["id"] if not isinstance(m, list) else m[0]["id"]
                self.fired.setdefault(sid, []).append((action_name, fid))
            except Exception as e:  # recorded, never swallowed silently
                self.errors.setdefault(sid, []).append((action_name, f"{type(e).__name__}: {e}"))

        return act


def _host() -> _RecordingHost:
    global _HOST
    if _HOST is None:
        _HOST = _RecordingHost()
    return _HOST


def _scalar(v: Any) -> Any:
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def rule_condition(r: Rule, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The durable-rules condition of one rule: its observation kind, ``when`` and where its ``assert`` fails."""
    parts: list[Any] = [{"kind": r.fact}, r.when]
    if r.assertion:
        parts.append(compile_assert(stated_relation(r), params or {}, r.fact, r.tolerance))  # the relation goes last
    return {"$and": parts}


def stated_relation(r: Rule) -> Any:
    """The relation over observation fields: a declared identity (``each``) compares its two sides' intervals."""
    if r.each is not None:
        from juesuan.observe.identities import parse_identity

        return f"left {parse_identity(r.id, r.each, r.assertion).op} right"
    return r.assertion


def compile_rules(
    rules: list[Rule], params: dict[str, Any] | None = None,
) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, str]]:
    """(ruleset name, main ruleset, probe ruleset for 'unless' conditions, durable name -> rule id)."""
    main: dict[str, Any] = {}
    probe: dict[str, Any] = {}
    names: dict[str, str] = {}
    for i, r in enumerate(rules):
        name = f"r{i:03d}"
        names[name] = r.id
        clauses: list[dict[str, Any]] = [{"m": rule_condition(r, params)}]
        if r.unless:
            unless = compile_unless(r.unless, params or {})
            clauses.append({"u$not": unless})
            probe[f"p{i:03d}"] = {"all": [{"m": unless}], "run": f"p{i:03d}"}
        main[name] = {"all": clauses, "run": name}
    digest = hashlib.sha256(json.dumps([main, probe], sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
    return f"juesuan_{digest}", main, probe, names


# validation key -> (compiled ruleset name, durable rule name -> rule id): compile once per rule set and profile
_COMPILED: dict[str, tuple[str, dict[str, str]]] = {}


def _ensure(rules: list[Rule], params: dict[str, Any] | None = None) -> tuple[str, dict[str, str], bool]:
    key = _validation_key(rules, params)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] in _REGISTERED:
        return hit[0], hit[1], hit[0] + "_probe" in _host()._ruleset_directory
    name, main, probe, names = compile_rules(rules, params)
    _COMPILED[key] = (name, names)
    if name not in _REGISTERED:
        sets = {name: main}
        if probe:
            sets[name + "_probe"] = probe
        _host().set_rulesets(copy.deepcopy(sets))  # set_rulesets mutates its input
        _REGISTERED[name] = names
    return name, names, name + "_probe" in _host()._ruleset_directory


def _next_sid() -> str:
    global _SID
    _SID += 1
    return f"doc{_SID}"


def _assert_all(ruleset: str, sid: str, payloads: list[dict[str, Any]]) -> int:
    """Assert facts one by one; returns how many some rule handled (0: the session holds no state)."""
    h = _host()
    handled = 0
    for p in payloads:
        try:
            h.assert_fact(ruleset, {**p, "sid": sid})
            handled += 1
        except MessageNotHandledException:
            pass
    return handled


def _delete(ruleset: str, sid: str) -> None:
    try:
        _host().delete_state(ruleset, sid)
    except Exception as e:  # error 309: nothing was stored for this session
        if "309" not in str(e):
            raise


def run(rules: list[Rule], facts: list[Fact], params: dict[str, Any] | None = None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Evaluate facts against rules. Returns ([(rule_id, fact_id)] in firing order, [(rule_id, error)])."""
    payloads = []
    needs: dict[str, list[tuple[Rule, set[str]]]] = {}
    for r in rules:
        if r.assertion:
            needs.setdefault(r.fact, []).append((r, referenced_fields(stated_relation(r), r.fact)))
    incomplete: list[tuple[str, str]] = []
    for f in facts:
        d = {k: _scalar(v) for k, v in f.fields.items() if not k.startswith("$")}
        d["kind"] = f.kind
        d["id"] = f"{f.kind}:{f.key}"
        missing = [(r.id, sorted(n - d.keys())) for r, n in needs.get(f.kind, ()) if not n <= d.keys() and _may_match(r.when, d)]
        if missing:  # the engine cannot judge it (and durable-rules may abort on it): say so, do not assert it
            incomplete += [(rid, f"观测 {d['id']} 缺少字段 {', '.join(m)}") for rid, m in missing]
            continue
        payloads.append(d)
    with _LOCK:
        ruleset, names, has_probe = _ensure(rules, params)
        h = _host()
        first: set[str] = set()
        if has_probe:
            sid = _next_sid()
            kinds = _unless_kinds(rules, params)  # only observations of these kinds can match an 'unless'
            if _assert_all(ruleset + "_probe", sid, [p for p in payloads if kinds is None or p["kind"] in kinds]):
                _delete(ruleset + "_probe", sid)
            first = {fid for _, fid in h.fired.pop(sid, [])}
            h.errors.pop(sid, None)
        ordered = [p for p in payloads if p["id"] in first] + [p for p in payloads if p["id"] not in first]
        sid = _next_sid()
        handled = _assert_all(ruleset, sid, ordered)
        fired = h.fired.pop(sid, [])
        errors = h.errors.pop(sid, [])
        state: Any = {}
        if handled:  # a session no fact reached holds no state: nothing to read or delete
            try:
                state = h.get_state(ruleset, sid)
            except Exception:
                state = {}
            _delete(ruleset, sid)
    if isinstance(state, dict) and state.get("exception"):
        errors.append(("engine", str(state["exception"])))
    errors = [(n, e) for n, e in errors] + [(rid, e) for rid, e in incomplete]
    return [(names.get(n, n), fid) for n, fid in fired], [(names.get(n, n), e) for n, e in errors]


def _unless_kinds(rules: list[Rule], params: dict[str, Any] | None) -> set[str] | None:
    """The observation kinds the rules' ``unless`` conditions name (None: some condition names no kind)."""
    kinds: set[str] = set()
    for r in rules:
        if not r.unless:
            continue
        u = compile_unless(r.unless, params or {})
        parts = u.get("$and", [u]) if isinstance(u, dict) else []
        k = next((p["kind"] for p in parts if isinstance(p, dict) and isinstance(p.get("kind"), str)), None)
        if k is None:
            return None
        kinds.add(k)
    return kinds


def _may_match(cond: Any, d: dict[str, Any]) -> bool:
    """Could ``cond`` (a ``when``) select the payload ``d``? Plain equalities are checked, anything else may."""
    if not isinstance(cond, dict):
        return True
    if "$and" in cond:
        return all(_may_match(c, d) for c in cond["$and"])
    return all(k.startswith("$") or isinstance(v, dict) or d.get(k) == v for k, v in cond.items())


_VALIDATED: dict[str, list[tuple[str, str]]] = {}  # validation key -> rejected (rule_id, error)


def _validation_key(rules: list[Rule], params: dict[str, Any] | None) -> str:
    """What decides whether the rules compile: their conditions, relations and the parameters."""
    parts = [[r.id, r.fact, r.when, r.assertion, r.tolerance, r.each, r.unless] for r in rules]
    return hashlib.sha256(json.dumps([parts, params or {}], sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def usable_rules(rules: list[Rule], params: dict[str, Any] | None = None) -> tuple[list[Rule], list[tuple[str, str]]]:
    """Split rules into those durable-rules accepts and (rule_id, error) for those it rejects.

    A rule file with a malformed condition, or a relation that does not compile (an unknown profile
    parameter …), must not take the whole rule set down: when the combined ruleset fails to compile,
    each rule is compiled alone to find the culprits."""
    key = _validation_key(rules, params)
    if key not in _VALIDATED:  # the cache holds only what was rejected, never Rule objects:
        with _LOCK:  # rules differing only in message/severity compile alike and must keep their own text
            bad: list[tuple[str, str]] = []
            try:
                _ensure(rules, params)
            except Exception:
                for r in rules:
                    try:
                        _ensure([r], params)
                    except Exception as e:
                        bad.append((r.id, f"{type(e).__name__}: {e}"))
            _VALIDATED[key] = bad
    bad_ids = {rid for rid, _ in _VALIDATED[key]}
    return [r for r in rules if r.id not in bad_ids], list(_VALIDATED[key])
