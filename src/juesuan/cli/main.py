"""``juesuan`` command line: argument parsing and printing over the library (``juesuan``).

Commands: parse, scan, corpus-check, rules (here); report, ui (in their own modules).
Exit codes: 0 when the command completed (findings and unreadable files included), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from juesuan.cli import report as report_cmd
from juesuan.cli import ui as ui_cmd
from juesuan.stats.ranking import write_ranking_csv
from juesuan.store.sqlite import default_db_path


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="SQLite database (default: $JUESUAN_DB, else ./juesuan.db)")


def cmd_parse(args: argparse.Namespace) -> int:
    from juesuan.model.build import parse_file
    from juesuan.model.jsonio import document_to_dict, dumps

    if not Path(args.file).is_file():
        print(f"juesuan parse: 文件不存在：{args.file}", file=sys.stderr)
        return 2
    doc = parse_file(args.file)
    print(dumps(document_to_dict(doc, include_lines=args.lines), indent=None if args.compact else 2))
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from juesuan.model.jsonio import dumps
    from juesuan.pipeline.scan import ProgressBar, iter_scan_findings, refresh_corpus, scan_paths
    from juesuan.store.sqlite import Store

    store = Store(args.db or default_db_path())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    summary = scan_paths(args.paths, store, workers=args.workers, progress=None if args.quiet else ProgressBar(), force=args.force)
    for e in summary.errors:
        print(f"juesuan scan: {e}", file=sys.stderr)
    if not summary.files:
        print("juesuan scan: 没有可扫描的文件（支持 .pdf .txt .md .html）", file=sys.stderr)
        return 2
    stored = store.scores()
    scored = {r.get("sha256") for r in stored}
    if summary.analysed or not set(summary.sha_by_path.values()) <= scored or store.scores_stale():
        rows = refresh_corpus(store)
    else:  # no document and no decision changed since the last scan: the stored ranking still holds
        rows = stored
    n = 0
    with open(out / "findings.jsonl", "w", encoding="utf-8") as fh:
        for f in iter_scan_findings(store, summary):
            f = {k: v for k, v in f.items() if k not in ("triage_id", "created_at")}
            fh.write(dumps(f) + "\n")
            n += 1
    scanned = set(summary.sha_by_path.values())
    ranked = [dict(r) for r in rows if r.get("sha256") in scanned]
    for i, r in enumerate(ranked, 1):
        r["rank"] = i
    write_ranking_csv(ranked, out / "ranking.csv")
    if not args.quiet:
        print(
            f"扫描完成：{len(summary.files)} 个文件（新分析 {summary.analysed}，未变更复用 {summary.reused}），"
            f"{n} 条发现，用时 {summary.seconds:.1f} 秒。结果：{out / 'findings.jsonl'}，{out / 'ranking.csv'}，数据库 {store.path}",
            file=sys.stderr,
        )
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from juesuan.rules.catalog import catalog_markdown, catalog_rows

    if args.markdown:
        print(catalog_markdown())
        return 0
    for r in catalog_rows():
        print(f"{r['id']:<36} {r['severity']:<7} {r['category']:<12} {r['title']}")
    return 0


def cmd_corpus_check(args: argparse.Namespace) -> int:
    from juesuan.pipeline.corpus_check import check_paths, render, write_out

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"juesuan corpus-check: 路径不存在：{', '.join(missing)}", file=sys.stderr)
        return 2

    def progress(i: int, n: int, name: str) -> None:
        if not args.quiet:
            print(f"[{i}/{n}] {name}", file=sys.stderr, flush=True)

    checks = check_paths(args.paths, progress)
    if not checks:
        print("juesuan corpus-check: 没有可读取的文件（支持 .pdf .txt .md .html）", file=sys.stderr)
        return 2
    print(render(checks))
    if args.out:
        write_out(checks, args.out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="juesuan", description="部门决算/单位决算公开审核工具")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="解析一个文件并以 JSON 输出文档模型")
    p.add_argument("file")
    p.add_argument("--lines", action="store_true", help="include every text line")
    p.add_argument("--compact", action="store_true")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("scan", help="扫描文件或目录，写出 findings.jsonl 与 ranking.csv，并存入数据库")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", default="out", help="output directory (default: ./out)")
    p.add_argument("--workers", type=int, default=1, help="parallel worker processes (default 1)")
    p.add_argument("--force", action="store_true", help="re-analyse files even when unchanged")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_db(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("corpus-check", help="语料自检：逐份报告类型、范围、表、恒等式闭合、说明数字、页数、用时")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", default=None, help="also write corpus_check.jsonl / corpus_check.txt here")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_corpus_check)

    p = sub.add_parser("rules", help="列出规则目录")
    p.add_argument("--markdown", action="store_true", help="print the catalog as Markdown (docs/rules.md)")
    p.set_defaults(func=cmd_rules)

    report_cmd.register(sub)
    ui_cmd.register(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
