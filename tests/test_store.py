"""The SQLite store: documents by content hash, findings with stable keys, append-only triage."""

import threading
from decimal import Decimal

import pytest

from juesuan.store.sqlite import DecisionConflict, Store, finding_key


def _doc(sha="a" * 64, name="x.txt"):
    return {"document": name, "path": f"/tmp/{name}", "sha256": sha, "kind": "text", "unit": "某单位", "year": 2022,
            "checkable": True, "tables": [{"id": "T1", "rows": [{"values": {"决算数": Decimal("0.10")}}]}]}


def _finding(rule="R-1", line=3, stated=Decimal("1.00")):
    return {"document": "x.txt", "unit": "某单位", "year": 2022, "rule_id": rule, "category": "arithmetic",
            "severity": "high", "message": "m", "evidence": [{"page": None, "line": line, "text": "t"}],
            "values": {"stated": stated, "expected": Decimal("2.00")}}


def test_document_round_trip_keeps_decimal_precision(tmp_path):
    s = Store(tmp_path / "j.db")
    s.save_document(_doc(), [_finding()])
    m = s.document_model("a" * 64)
    assert m["tables"][0]["rows"][0]["values"]["决算数"] == Decimal("0.10")
    assert str(m["tables"][0]["rows"][0]["values"]["决算数"]) == "0.10"
    f = s.findings("a" * 64)[0]
    assert f["values"]["stated"] == Decimal("1.00") and f["triage"] == "open"


def test_rescan_replaces_findings_without_duplicates_and_keeps_decisions(tmp_path):
    s = Store(tmp_path / "j.db")
    s.save_document(_doc(), [_finding(), _finding("R-2")])
    key = s.findings()[0]["finding_key"]
    s.decide(key, "confirmed", "张三")
    s.save_document(_doc(), [_finding(), _finding("R-2")])
    fs = s.findings()
    assert len(fs) == 2
    assert {f["finding_key"] for f in fs} >= {key}
    assert [f["triage"] for f in fs if f["finding_key"] == key] == ["confirmed"]


def test_finding_key_is_stable_and_distinguishes_evidence():
    assert finding_key("s", _finding()) == finding_key("s", _finding())
    assert finding_key("s", _finding(line=3)) != finding_key("s", _finding(line=4))


def test_decisions_are_an_audit_trail_and_conflicts_are_refused(tmp_path):
    s = Store(tmp_path / "j.db")
    s.save_document(_doc(), [_finding()])
    key = s.findings()[0]["finding_key"]
    first = s.decide(key, "needs-info", "张三", comment="请补充", expected_prev=None)
    # a second inspector still looking at "no decision" must not overwrite the first one
    with pytest.raises(DecisionConflict):
        s.decide(key, "dismissed", "李四", reason="尾数", expected_prev=None)
    s.decide(key, "dismissed", "李四", reason="尾数误差", expected_prev=first)
    hist = s.decision_history(key)
    assert [(h["state"], h["inspector"]) for h in hist] == [("needs-info", "张三"), ("dismissed", "李四")]
    assert s.current_decisions()[key]["state"] == "dismissed"


def test_dismissal_requires_reason_and_known_state(tmp_path):
    s = Store(tmp_path / "j.db")
    with pytest.raises(ValueError):
        s.decide("k", "dismissed", "张三")
    with pytest.raises(ValueError):
        s.decide("k", "maybe", "张三")


def test_concurrent_decisions_from_threads_all_land(tmp_path):
    s = Store(tmp_path / "j.db")
    errors = []

    def work(i):
        try:
            for j in range(20):
                s.decide(f"k{i}-{j}", "confirmed", f"inspector{i}")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    assert len(s.decision_history()) == 80


def test_survives_reopen(tmp_path):
    p = tmp_path / "j.db"
    s = Store(p)
    s.save_document(_doc(), [_finding()])
    key = s.findings()[0]["finding_key"]
    s.decide(key, "confirmed", "张三")
    s.close()
    s2 = Store(p)
    assert s2.current_decisions()[key]["state"] == "confirmed"
    assert s2.has_document("a" * 64)


def test_scores_go_stale_when_a_decision_follows(tmp_path):
    s = Store(tmp_path / "j.db")
    s.save_scores([{"sha256": "a" * 64, "score": 1.0, "rank": 1, "coverage": "full"}])
    assert not s.scores_stale()
    s.decide("k", "confirmed", "张三")
    assert s.scores_stale()
    s.save_scores([{"sha256": "a" * 64, "score": 1.0, "rank": 1, "coverage": "full"}])
    assert not s.scores_stale()
