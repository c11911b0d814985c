"""``juesuan`` command line: argument parsing and printing over the library (``juesuan``).

Commands: parse, scan, recheck, corpus-check, rules (here); report, checklist, ui (in their own modules).
Exit codes: 0 when the command completed (findings and unreadable files included), 2 for usage and
database errors (one line on stderr, no traceback), 1 when the statistical layer failed (stated),
130 when interrupted (Ctrl-C or SIGTERM; the scan is marked interrupted).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from juesuan.cli import checklist as checklist_cmd
from juesuan.cli import report as report_cmd
from juesuan.cli import ui as ui_cmd
from juesuan.stats.ranking import write_ranking_csv
from juesuan.store.sqlite import default_db_path


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="SQLite database (default: $JUESUAN_DB, else ./juesuan.db)")


def cmd_parse(args: argparse.Namespace) -> int:
    from juesuan.model.build import parse_file
    from juesuan.model.jsonio import document_to_dict, dumps
    from juesuan.pipeline.inputs import special_kind

    p = Path(args.file)
    what = special_kind(p) if os.path.lexists(p) else "文件不存在"
    if what:
        print(f"juesuan parse: {what}：{args.file}", file=sys.stderr)
        return 2
    doc = parse_file(args.file)
    print(dumps(document_to_dict(doc, include_lines=args.lines), indent=None if args.compact else 2))
    return 0


def _prepare_out(out: Path) -> str | None:
    """Create the output directory; a one-line reason when it cannot be used."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".juesuan-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        return f"输出目录不可用：{out}（{e.strerror or e}）"
    return None


def _write_status(path: str | None, **status: object) -> None:
    """Progress and summary for a caller in another process (the UI's background scan)."""
    if not path:
        return
    import json
    import os

    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(status, fh, ensure_ascii=False)
    os.replace(tmp, path)


def cmd_scan(args: argparse.Namespace) -> int:
    from juesuan.model.jsonio import dumps
    from juesuan.pipeline.scan import ProgressBar, iter_scan_findings, ranking_for_paths, refresh_corpus, scan_paths
    from juesuan.pipeline.workers import Limits
    from juesuan.store.sqlite import Store

    if not _profile_ok(args.profile, "scan"):
        return 2
    if args.workers < 1:
        print("juesuan scan: --workers 至少为 1", file=sys.stderr)
        return 2
    try:
        limits = Limits.from_env(args.file_timeout, args.file_memory)
    except ValueError:
        print("juesuan scan: --file-timeout 与 --file-memory 必须为正数", file=sys.stderr)
        return 2
    out = Path(args.out)
    if (err := _prepare_out(out)) is not None:
        print(f"juesuan scan: {err}", file=sys.stderr)
        return 2
    store = Store(args.db or default_db_path())
    bar = None if args.quiet else ProgressBar()

    def progress(done: int, total: int, name: str) -> None:
        if bar:
            bar(done, total, name)
        _write_status(args.status_file, state="running", done=done, total=total, current=name)

    summary = scan_paths(args.paths, store, workers=args.workers, progress=progress, force=args.force, limits=limits,
                          profile=args.profile)
    for e in summary.errors:
        print(f"juesuan scan: {e}", file=sys.stderr)
    if not summary.files:
        print("juesuan scan: 没有可扫描的文件（支持 .pdf .txt .md .html .xlsx）", file=sys.stderr)
        return 2
    stored = store.scores()
    scored = {r.get("sha256") for r in stored}
    rows: list[dict] | None = stored
    ranking_error = None
    if summary.analysed or summary.failed or not set(summary.sha_by_path.values()) <= scored or store.scores_stale():
        try:
            rows = refresh_corpus(store)
        except Exception as e:  # a failing statistical step is an error, never a quietly different result
            rows, ranking_error = None, f"{type(e).__name__}: {e}"
    n = 0
    with open(out / "findings.jsonl", "w", encoding="utf-8") as fh:
        for f in iter_scan_findings(store, summary):
            f = {k: v for k, v in f.items() if k not in ("triage_id", "created_at")}
            fh.write(dumps(f) + "\n")
            n += 1
    if rows is None:
        (out / "ranking.csv").unlink(missing_ok=True)
        print(f"juesuan scan: 统计分析与风险排名失败（{ranking_error}），未生成 ranking.csv；findings.jsonl 不含统计类发现。",
              file=sys.stderr)
        _write_status(args.status_file, state="failed", message=ranking_error, sha_by_path=summary.sha_by_path)
        return 1
    write_ranking_csv(ranking_for_paths(rows, summary), out / "ranking.csv")
    _write_status(args.status_file, state="done", done=len(summary.files), total=len(summary.files), current="",
                  analysed=summary.analysed, reused=summary.reused, failed=summary.failed, errors=summary.errors,
                  sha_by_path=summary.sha_by_path)
    if not args.quiet:
        print(
            f"扫描完成：{len(summary.files)} 个文件（新分析 {summary.analysed}，未变更复用 {summary.reused}，"
            f"未能分析 {summary.failed}），{n} 条发现，用时 {summary.seconds:.1f} 秒。"
            f"结果：{out / 'findings.jsonl'}，{out / 'ranking.csv'}，数据库 {store.path}",
            file=sys.stderr,
        )
    return 0


def _profile_ok(name: str | None, cmd: str) -> bool:
    from juesuan.rules.profile import ProfileError, load_profile

    if name is None:
        return True
    try:
        load_profile(name)
    except ProfileError as e:
        print(f"juesuan {cmd}: {e}", file=sys.stderr)
        return False
    return True


def cmd_recheck(args: argparse.Namespace) -> int:
    from juesuan.pipeline.recheck import recheck
    from juesuan.pipeline.scan import ProgressBar
    from juesuan.store.sqlite import Store

    if not _profile_ok(args.profile, "recheck"):
        return 2
    store = Store(args.db or default_db_path())
    s = recheck(store, profile=args.profile, progress=None if args.quiet else ProgressBar())
    if s.need_rescan:
        print(f"juesuan recheck: {len(s.need_rescan)} 个文档的存储模型不含全文行，须重新扫描（juesuan scan --force）："
              + "、".join(s.need_rescan[:10]), file=sys.stderr)
    if not args.quiet:
        print(f"重新评估完成：{s.rechecked} 个文档（评价口径 {s.profile or '按地区'}），用时 {s.seconds:.1f} 秒，数据库 {store.path}",
              file=sys.stderr)
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
    p.add_argument("--file-timeout", type=float, default=None, metavar="SECONDS",
                   help="per-file wall-time limit (default: $JUESUAN_FILE_TIMEOUT, else 300)")
    p.add_argument("--file-memory", type=int, default=None, metavar="MB",
                   help="per-file memory limit of a worker (default: $JUESUAN_FILE_MEMORY_MB, else 900)")
    p.add_argument("--status-file", default=None, help=argparse.SUPPRESS)  # progress for the UI's scan process
    p.add_argument("--profile", default=None, help="评价口径 (rulesets/profiles): national, hubei, shanghai …; default: by region")
    _add_db(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("recheck", help="规则或评价口径变更后，按存储的文档模型重新评估（不重新解析）")
    p.add_argument("--profile", default=None, help="评价口径 (rulesets/profiles); default: each document's region")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_db(p)
    p.set_defaults(func=cmd_recheck)

    p = sub.add_parser("corpus-check", help="语料自检：逐份报告类型、范围、表、恒等式闭合、说明数字、页数、用时")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", default=None, help="also write corpus_check.jsonl / corpus_check.txt here")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_corpus_check)

    p = sub.add_parser("rules", help="列出规则目录")
    p.add_argument("--markdown", action="store_true", help="print the catalog as Markdown (docs/rules.md)")
    p.set_defaults(func=cmd_rules)

    report_cmd.register(sub)
    checklist_cmd.register(sub)
    ui_cmd.register(sub)
    return ap


def _on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run one command. Usage and database errors: one line on stderr, exit 2; Ctrl-C / SIGTERM: exit 130."""
    import signal
    import sqlite3
    import threading

    from juesuan.store.sqlite import StoreError

    ap = build_parser()
    args = ap.parse_args(argv)
    prev = None
    if threading.current_thread() is threading.main_thread():
        prev = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.func(args) or 0)
    except StoreError as e:
        print(f"juesuan {args.command}: {e}", file=sys.stderr)
        return 2
    except sqlite3.Error as e:
        from juesuan.store.errors import describe_db_error

        print(f"juesuan {args.command}: 数据库错误（{describe_db_error(e)}）", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"juesuan {args.command}: 已中断。已完成的文件已保存，重新运行同一命令将从中断处继续。", file=sys.stderr)
        return 130
    finally:
        if prev is not None:
            signal.signal(signal.SIGTERM, prev)


if __name__ == "__main__":
    sys.exit(main())
