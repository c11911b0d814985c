"""Recheck: when only the rules or the profile change, stored models are re-evaluated, not re-parsed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from juesuan.cli.main import main
from juesuan.pipeline import scan as scan_mod
from juesuan.pipeline.recheck import recheck
from juesuan.pipeline.scan import scan_paths
from juesuan.store.sqlite import Store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _rule_findings(store: Store) -> list[dict]:
    return [f for f in store.findings() if f.get("source") == "rules"]


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import juesuan.model.build as build

    def boom(path: str):  # recheck must not parse
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(build, "parse_file", boom)


def test_recheck_under_another_profile_without_parsing_keeps_decisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(CORPUS.glob("00[01]_*.txt")):
        shutil.copy(p, corpus / p.name)
    store = Store(tmp_path / "db.sqlite")
    scan_paths([corpus], store)
    before = _rule_findings(store)
    assert before and {f["profile"] for f in before} == {"hubei"}
    kept = next(f for f in before if f["rule_id"] == "PERF-EXEC-SCORE-TEXT")
    store.decide(kept["finding_key"], "confirmed", "张三", comment="核实")

    _no_parsing(monkeypatch)
    s = recheck(store, profile="national")
    assert (s.rechecked, s.need_rescan, s.profile) == (2, [], "national")
    after = _rule_findings(store)
    assert {f["profile"] for f in after} == {"national"}
    scores = [f for f in after if f["rule_id"] == "PERF-EXEC-SCORE"]
    assert len(scores) >= 8 and all("按分值 10 ×" in f["message"] for f in scores)  # 10 × 执行率
    # the other findings are the same findings, with their keys (and so their decisions)
    unchanged = {f["finding_key"] for f in before if not f["rule_id"].startswith("PERF-EXEC-SCORE")}
    assert unchanged <= {f["finding_key"] for f in after}

    s = recheck(store)  # back to each document's region profile
    back = _rule_findings(store)
    assert [(f["finding_key"], f["message"]) for f in back] == [(f["finding_key"], f["message"]) for f in before]
    assert store.current_decisions()[kept["finding_key"]]["state"] == "confirmed"


def test_scan_rechecks_instead_of_parsing_when_only_the_rules_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(tmp_path / "db.sqlite")
    files = sorted(CORPUS.glob("00[04]_*.txt"))
    first = scan_paths(files, store)
    assert first.analysed == 2 and first.rechecked == 0
    assert scan_paths(files, store).reused == 2  # nothing changed: nothing to do
    _no_parsing(monkeypatch)
    monkeypatch.setattr(scan_mod, "rules_version", lambda profile=None: "a-new-rule-file")
    again = scan_paths(files, store)
    assert (again.rechecked, again.reused) == (2, 0)


def test_a_stored_model_without_its_text_is_listed_for_rescan(tmp_path: Path):
    store = Store(tmp_path / "db.sqlite")
    scan_paths([next(CORPUS.glob("000_*.txt"))], store)
    [d] = store.documents()
    model = store.document_model(d["sha256"])
    model.pop("lines")
    with store.tx() as c:
        c.execute("UPDATE documents SET model_json=? WHERE sha256=?", (json.dumps(model, default=str, ensure_ascii=False), d["sha256"]))
    s = recheck(store)
    assert s.rechecked == 0 and s.need_rescan == [d["name"]]


def test_cli_recheck_and_scan_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "db.sqlite")
    seed = str(next(CORPUS.glob("000_*.txt")))
    assert main(["scan", seed, "--out", str(tmp_path / "o"), "--db", db, "--quiet", "--profile", "shanghai"]) == 0
    lines = [json.loads(x) for x in (tmp_path / "o" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {f["profile"] for f in lines if f.get("source") == "rules"} == {"shanghai"}
    assert main(["scan", seed, "--out", str(tmp_path / "o"), "--db", db, "--quiet", "--profile", "atlantis"]) == 2
    assert "unknown profile 'atlantis'" in capsys.readouterr().err
    assert main(["recheck", "--db", db, "--quiet"]) == 0
    assert {f["profile"] for f in _rule_findings(Store(db))} == {"hubei"}
    assert main(["recheck", "--db", db, "--profile", "atlantis"]) == 2
