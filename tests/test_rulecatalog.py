from pathlib import Path

from juesuan.cli.main import main
from juesuan.rules.catalog import catalog_markdown, catalog_rows

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_catalog_is_generated_from_the_rule_files():
    assert DOCS.read_text(encoding="utf-8") == catalog_markdown(), "docs/rules.md is stale: run `make docs`"


def test_catalog_lists_every_rule_with_basis(capsys):
    rows = catalog_rows()
    assert {r["category"] for r in rows} == {"structure", "arithmetic", "cross-table", "narrative", "performance", "hygiene"}
    assert all(r["basis"] for r in rows)
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(r["id"] in out for r in rows)
