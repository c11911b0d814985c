"""The seed corpus through the real CLI gives exactly the checked-in findings.jsonl and ranking.csv.

A change to what juesuan finds on the seeds is deliberate or a regression: when deliberate, regenerate
the expectation with ``python -m tests.test_expected_seed_output`` and say in the commit what changed.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

from juesuan.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected"


def _scan(out: Path) -> None:
    """Scan ``corpus`` as the README does (relative to the repository, so paths in the output are portable)."""
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["scan", "corpus", "--out", str(out), "--db", str(out / "j.db"), "--quiet"]) == 0
    finally:
        os.chdir(here)


def _diff(want: Path, got: Path) -> str:
    a = want.read_text(encoding="utf-8-sig").splitlines()
    b = got.read_text(encoding="utf-8-sig").splitlines()
    return "\n".join(list(difflib.unified_diff(a, b, "expected", "now", lineterm="", n=0))[:40])


def test_seed_findings_and_ranking_are_the_expected_ones(tmp_path: Path) -> None:
    _scan(tmp_path)
    for name, exp in (("findings.jsonl", "seeds-findings.jsonl"), ("ranking.csv", "seeds-ranking.csv")):
        want, got = EXPECTED / exp, tmp_path / name
        assert want.read_bytes() == got.read_bytes(), f"{name} differs from tests/expected/{exp}:\n{_diff(want, got)}"


if __name__ == "__main__":  # regenerate the expectation (a deliberate change)
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        _scan(Path(d))
        for name, exp in (("findings.jsonl", "seeds-findings.jsonl"), ("ranking.csv", "seeds-ranking.csv")):
            (EXPECTED / exp).write_bytes((Path(d) / name).read_bytes())
    print(f"regenerated {EXPECTED}", file=sys.stderr)
