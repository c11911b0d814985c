"""``juesuan report --month YYYY-MM | --since D --until D [--db PATH] [--out DIR]``."""

from __future__ import annotations

import argparse
import calendar
import sys
from datetime import date


def _month(s: str) -> tuple[date, date]:
    y, m = (int(x) for x in s.split("-", 1))
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("report", help="生成月度汇总报告（summary_起_止.xlsx 与 .html）")
    p.add_argument("--month", help="YYYY-MM")
    p.add_argument("--since", help="YYYY-MM-DD")
    p.add_argument("--until", help="YYYY-MM-DD")
    p.add_argument("--out", default="report", help="output directory (default: ./report)")
    p.add_argument("--db", default=None, help="SQLite database (default: $JUESUAN_DB, else ./juesuan.db)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.store.sqlite import Store, default_db_path
    from juesuan.workspace.report import build_report

    try:
        if args.month and not (args.since or args.until):
            since, until = _month(args.month)
        elif args.since and args.until and not args.month:
            since, until = date.fromisoformat(args.since), date.fromisoformat(args.until)
        else:
            print("juesuan report: 需要 --month YYYY-MM，或同时给出 --since 与 --until", file=sys.stderr)
            return 2
    except ValueError as e:
        print(f"juesuan report: 日期格式错误：{e}", file=sys.stderr)
        return 2
    if until < since:
        print("juesuan report: --until 早于 --since", file=sys.stderr)
        return 2
    paths = build_report(Store(args.db or default_db_path(), create=False), since, until, args.out)
    print(f"报告已生成：{paths['xlsx']}，{paths['html']}", file=sys.stderr)
    return 0
