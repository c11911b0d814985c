"""``juesuan ui [--db PATH] [--port N] [--host H]``: start the Streamlit inspector workspace (ui/app.py).

The database path reaches the app through ``$JUESUAN_DB``. Streamlit runs with ui/ as its working directory so
that ui/.streamlit/config.toml applies; the privacy/safety options are also passed on the command line.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from juesuan.store.sqlite import Store, default_db_path
from juesuan.workspace.upload import MAX_UPLOAD_BYTES

UI_DIR = Path(__file__).resolve().parent.parent / "ui"  # juesuan/ui
APP = UI_DIR / "app.py"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("ui", help="启动审核工作台（浏览器界面）")
    p.add_argument("--db", default=None, help="SQLite database (default: $JUESUAN_DB, else ./juesuan.db)")
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for the network)")
    p.set_defaults(func=run)


def streamlit_command(port: int, host: str) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", host,
        "--server.headless", "true",
        "--server.runOnSave", "false",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
        "--server.maxUploadSize", str(max(1, MAX_UPLOAD_BYTES // (1024 * 1024))),
    ]


def run(args: argparse.Namespace) -> int:
    if not APP.is_file():
        print(f"juesuan ui: 找不到界面程序 {APP}", file=sys.stderr)
        return 2
    if not (0 < int(args.port) < 65536):
        print(f"juesuan ui: 端口无效：{args.port}", file=sys.stderr)
        return 2
    db = os.path.abspath(args.db or default_db_path())
    try:
        Store(db).close()  # create / migrate the file now, so a bad path is a clear error here
    except Exception as e:
        print(f"juesuan ui: 无法打开数据库 {db}：{e}", file=sys.stderr)
        return 2
    # relative document paths recorded by `juesuan scan` resolve against the directory the UI was started from
    env = {**os.environ, "JUESUAN_DB": db, "JUESUAN_LAUNCH_DIR": os.getcwd(), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    root = str(UI_DIR.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    print(f"审核工作台：http://{args.host}:{args.port}/  数据库：{db}", file=sys.stderr)
    proc = subprocess.Popen(streamlit_command(args.port, args.host), cwd=str(UI_DIR), env=env)

    def _forward(signum: int, _frame: Any) -> None:
        if proc.poll() is None:
            proc.send_signal(signum)

    old = signal.signal(signal.SIGTERM, _forward)
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                _forward(signal.SIGINT, None)
    finally:
        signal.signal(signal.SIGTERM, old)
