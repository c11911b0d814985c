"""Nothing lost, nothing stuck: the hostile barrage, dying workers, a dying parent, per-file limits,
formula injection in exports, and clear one-line errors. Real processes (subprocess + SIGKILL), real
SQLite, inputs generated here (tests/hostile.py)."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from juesuan.store.sqlite import Store
from tests.hostile import HYPERLINK, INJECTION_NAME, SEEDS, make_barrage

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "juesuan.cli.main", *args], env={**ENV, **(env or {})},
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _popen(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "juesuan.cli.main", *args], env={**ENV, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)


def _outputs(out: Path) -> tuple[list[dict], list[dict]]:
    findings = [json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(out / "ranking.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return findings, rows


def _batch(d: Path, n: int = 6) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (d / f"doc{i:02d}.txt").write_bytes(SEEDS[i % len(SEEDS)].read_bytes() + f"\n附注 {i}\n".encode())
    return d


def _busy(status: Path) -> list[tuple[int, int, str]]:
    try:
        lines = status.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [(int(p), int(a), path) for p, a, path in (x.split("\t", 2) for x in lines if x.count("\t") >= 2)]


def _wait_busy(status: Path, needle: str, attempt: int, timeout: float = 120) -> int:
    deadline = time.time() + timeout
    while time.time() < deadline:
        for pid, a, path in _busy(status):
            if needle in path and a == attempt:
                return pid
        time.sleep(0.05)
    raise AssertionError(f"no worker on {needle} (attempt {attempt})")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


# --------------------------------------------------------------------------- the barrage


def test_barrage_every_input_reported_none_treated_as_clean(tmp_path):
    inputs = make_barrage(tmp_path / "in")
    assert len(inputs) >= 40
    r = _cli("scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "j.db"), "--quiet",
             "--workers", "2", "--file-timeout", "120")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    findings, rows = _outputs(tmp_path / "out")
    by_path: dict[str, list[dict]] = {}
    for f in findings:
        by_path.setdefault(f["path"], []).append(f)
    ranked = {row["path"]: row for row in rows}
    for label, p in inputs.items():
        assert str(p) in by_path, label  # every input path in findings.jsonl ...
        assert str(p) in ranked, label  # ... and in ranking.csv
        assert {f["document"] for f in by_path[str(p)]} == {p.name}
        if ranked[str(p)]["coverage"] == "unchecked":  # never clean without a word: an ingest finding says why
            assert any(f["category"] == "ingest" for f in by_path[str(p)]), label
    assert len(rows) == len(inputs)
    rule = {label: {f["rule_id"] for f in by_path[str(p)]} for label, p in inputs.items()}
    for i in range(5):
        assert "INGEST-EMPTY" in rule[f"empty-{i}"]
    assert "INGEST-SPECIAL" in rule["fifo.txt"] and "INGEST-SPECIAL" in rule["loop.txt"] and "INGEST-SPECIAL" in rule["dangling.pdf"]
    msg = {label: " ".join(f["message"] for f in by_path[str(p)]) for label, p in inputs.items()}
    assert "命名管道" in msg["fifo.txt"] and "符号链接循环" in msg["loop.txt"] and "悬空符号链接" in msg["dangling.pdf"]
    assert "INGEST-DIMENSIONS" in rule["huge-dimension.xlsx"]
    assert ranked[str(inputs["good.txt"])]["coverage"] == "full" and ranked[str(inputs["good-copy.txt"])]["coverage"] == "full"
    # identical bytes under several names: one stored document, every name reported
    store = Store(tmp_path / "j.db")
    assert len({f["sha256"] for i in range(5) for f in by_path[str(inputs[f"empty-{i}"])]}) == 1
    # 22 copies of the same tables: one folded duplicate-table finding per table, with a count
    dup = [f for f in by_path[str(inputs["repeated-pages.txt"])] if f["rule_id"] == "STRUCT-TABLE-DUPLICATE"]
    tables = [f["message"].split("》")[0] for f in dup]
    assert 5 <= len(dup) == len(set(tables)) and all(f["values"]["count"] == 21 for f in dup)
    assert store.conn.execute("SELECT status FROM scans").fetchone()[0] == "done"


def test_special_inputs_named_on_the_command_line(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.pdf"
    os.symlink("loop.pdf", loop)
    r = _cli("scan", str(fifo), str(loop), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    findings, rows = _outputs(tmp_path / "o")
    assert {f["path"] for f in findings} == {str(fifo), str(loop)} == {row["path"] for row in rows}
    assert "路径不存在" not in r.stderr


# --------------------------------------------------------------------------- dying workers


def test_killed_worker_file_is_retried_and_output_equals_an_uninterrupted_scan(tmp_path):
    src = _batch(tmp_path / "batch")
    ref = _cli("scan", str(src), "--out", str(tmp_path / "ref"), "--db", str(tmp_path / "ref.db"), "--quiet", "--workers", "2")
    assert ref.returncode == 0
    status = tmp_path / "workers.tsv"
    proc = _popen("scan", str(src), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet", "--workers", "2",
                  env={"JUESUAN_TEST_HOLD": "doc03", "JUESUAN_WORKER_STATUS": str(status)})
    pid = _wait_busy(status, "doc03", 1)
    os.kill(pid, signal.SIGKILL)  # as the OOM killer would
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert (tmp_path / "o" / "findings.jsonl").read_text() == (tmp_path / "ref" / "findings.jsonl").read_text()
    assert (tmp_path / "o" / "ranking.csv").read_text() == (tmp_path / "ref" / "ranking.csv").read_text()


def test_worker_dying_twice_is_an_ingest_finding_and_is_not_cached(tmp_path):
    src = _batch(tmp_path / "batch", 3)
    status = tmp_path / "workers.tsv"
    env = {"JUESUAN_TEST_HOLD": "doc01", "JUESUAN_TEST_HOLD_ATTEMPTS": "2", "JUESUAN_WORKER_STATUS": str(status)}
    proc = _popen("scan", str(src), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet", "--workers", "2", env=env)
    os.kill(_wait_busy(status, "doc01", 1), signal.SIGKILL)
    os.kill(_wait_busy(status, "doc01", 2), signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    findings, rows = _outputs(tmp_path / "o")
    doc01 = [f for f in findings if f["document"] == "doc01.txt"]
    assert [f["rule_id"] for f in doc01] == ["INGEST-WORKER"]
    assert "处理进程异常终止" in doc01[0]["message"]
    assert {r["document"] for r in rows} == {"doc00.txt", "doc01.txt", "doc02.txt"}
    # the next scan analyses it again: its real findings return without --force
    r = _cli("scan", str(src), "--out", str(tmp_path / "o2"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0
    again = [f for f in _outputs(tmp_path / "o2")[0] if f["document"] == "doc01.txt"]
    assert again and not any(f["category"] == "ingest" for f in again)


def test_a_file_over_the_time_limit_is_stopped_and_the_batch_completes(tmp_path):
    src = _batch(tmp_path / "batch", 3)
    r = _cli("scan", str(src), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet", "--file-timeout", "3",
             env={"JUESUAN_TEST_HOLD": "doc02"})
    assert r.returncode == 0, r.stderr
    findings, rows = _outputs(tmp_path / "o")
    doc02 = [f for f in findings if f["document"] == "doc02.txt"]
    assert [f["rule_id"] for f in doc02] == ["INGEST-TIMEOUT"]
    assert "3 秒后停止" in doc02[0]["message"]
    assert len(rows) == 3 and any(f["document"] == "doc00.txt" and f["category"] != "ingest" for f in findings)


def test_a_file_over_the_memory_limit_is_stopped(tmp_path):
    src = _batch(tmp_path / "batch", 2)
    r = _cli("scan", str(src), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet", "--file-memory", "400",
             env={"JUESUAN_TEST_BALLOON": "doc01"})
    assert r.returncode == 0, r.stderr
    doc01 = [f for f in _outputs(tmp_path / "o")[0] if f["document"] == "doc01.txt"]
    assert [f["rule_id"] for f in doc01] == ["INGEST-MEMORY"]


# --------------------------------------------------------------------------- a dying parent


def test_killed_parent_leaves_no_worker_and_rerun_equals_an_uninterrupted_scan(tmp_path):
    src = _batch(tmp_path / "batch")
    ref = _cli("scan", str(src), "--out", str(tmp_path / "ref"), "--db", str(tmp_path / "ref.db"), "--quiet")
    assert ref.returncode == 0
    status = tmp_path / "workers.tsv"
    proc = _popen("scan", str(src), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet", "--workers", "2",
                  env={"JUESUAN_TEST_HOLD": "doc04", "JUESUAN_WORKER_STATUS": str(status)})
    held = _wait_busy(status, "doc04", 1)
    workers = [pid for pid, _, _ in _busy(status)]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers), (held, workers)
    r = _cli("scan", str(src), "--out", str(tmp_path / "o2"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0
    assert (tmp_path / "o2" / "findings.jsonl").read_text() == (tmp_path / "ref" / "findings.jsonl").read_text()
    assert (tmp_path / "o2" / "ranking.csv").read_text() == (tmp_path / "ref" / "ranking.csv").read_text()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_end_cleanly_with_the_scan_marked_interrupted(tmp_path, sig):
    src = _batch(tmp_path / "batch", 3)
    status = tmp_path / "workers.tsv"
    proc = _popen("scan", str(src), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet",
                  env={"JUESUAN_TEST_HOLD": "doc01", "JUESUAN_WORKER_STATUS": str(status)})
    worker = _wait_busy(status, "doc01", 1)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "已中断" in err
    with sqlite3.connect(tmp_path / "j.db") as c:
        assert c.execute("SELECT status FROM scans").fetchall() == [("interrupted",)]
        assert c.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1  # doc00 kept
    deadline = time.time() + 10
    while time.time() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


# --------------------------------------------------------------------------- exports


def test_no_export_contains_a_live_formula(tmp_path):
    from openpyxl import load_workbook

    d = tmp_path / "in"
    d.mkdir()
    seed = SEEDS[0].read_text(encoding="utf-8")
    (d / INJECTION_NAME).write_text(seed, encoding="utf-8")
    (d / "unit.txt").write_text(seed.replace("湖北省电子口岸运行服务中心", HYPERLINK), encoding="utf-8")
    (d / "@SUM(A1).txt").write_text("=1+1\n-2+3\n", encoding="utf-8")
    r = _cli("scan", str(d), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "o" / "ranking.csv", encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert any(INJECTION_NAME in c for c in cells)  # the name is there, as text
    bad = [c for c in cells if c.startswith(TRIGGERS) and not c.lstrip("+-").replace(".", "", 1).isdigit()]
    assert not bad
    month = time.strftime("%Y-%m", time.gmtime())
    r = _cli("report", "--month", month, "--db", str(tmp_path / "j.db"), "--out", str(tmp_path / "rep"))
    assert r.returncode == 0, r.stderr
    (xlsx,) = (tmp_path / "rep").glob("summary_*.xlsx")  # summary_<since>_<until>.xlsx
    wb = load_workbook(xlsx)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    texts.append(c.value)
    assert any(t == INJECTION_NAME for t in texts)  # kept verbatim, as a text cell


def test_safecell_rules():
    from juesuan.text.safecell import csv_cell, is_formula_like

    for s in ("=1+1", "+A1", "-A1", "@SUM(A1)", "\tx", "\rx", "\x01x", "＝1", HYPERLINK):
        assert is_formula_like(s) and csv_cell(s) == "'" + s
    for s in ("-12.50", "+3%", "1,234.56", "收入", "", "a=b"):
        assert not is_formula_like(s) and csv_cell(s) == s
    assert csv_cell(-5) == -5


# --------------------------------------------------------------------------- clear errors


def _one_line_exit_2(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r.stderr


def test_usage_and_database_errors_are_one_line_and_exit_2(tmp_path):
    seed = str(SEEDS[0])
    a_file = tmp_path / "file"
    a_file.write_text("x")
    _one_line_exit_2(_cli("scan", seed, "--out", str(a_file / "sub"), "--db", str(tmp_path / "j.db"), "--quiet"))
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite" * 100)
    assert "损坏" in _one_line_exit_2(_cli("scan", seed, "--out", str(tmp_path / "o"), "--db", str(corrupt), "--quiet"))
    _one_line_exit_2(_cli("scan", seed, "--out", str(tmp_path / "o"), "--db", str(tmp_path), "--quiet"))
    typo = tmp_path / "typo.db"
    assert "数据库不存在" in _one_line_exit_2(_cli("report", "--month", "2024-01", "--db", str(typo), "--out", str(tmp_path / "r")))
    assert not typo.exists()
    _one_line_exit_2(_cli("report", "--month", "2024-01", "--db", str(corrupt), "--out", str(tmp_path / "r")))
    _one_line_exit_2(_cli("scan", seed, "--out", str(tmp_path / "o"), "--db", str(tmp_path / "k.db"), "--workers", "0"))


def test_change_detection_is_by_content_not_size_and_mtime(tmp_path):
    p = tmp_path / "a.txt"
    text = SEEDS[0].read_text(encoding="utf-8")
    p.write_text(text, encoding="utf-8")
    st = p.stat()
    r = _cli("scan", str(p), "--out", str(tmp_path / "o1"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0
    changed = text.replace("2022", "2021", 1)  # same size
    assert len(changed.encode()) == st.st_size
    p.write_text(changed, encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # as cp -p / rsync -t / tar x leave it
    r = _cli("scan", str(p), "--out", str(tmp_path / "o2"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0
    s1 = {f["sha256"] for f in _outputs(tmp_path / "o1")[0]}
    s2 = {f["sha256"] for f in _outputs(tmp_path / "o2")[0]}
    assert s1 and s2 and s1 != s2


def test_a_scan_left_running_by_a_dead_process_is_marked_interrupted(tmp_path):
    s = Store(tmp_path / "j.db")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with s.tx() as c:
        c.execute("INSERT INTO scans(started_at, status, args_json) VALUES ('x', 'running', ?)", (json.dumps({"pid": dead.pid}),))
        c.execute("INSERT INTO scans(started_at, status, args_json) VALUES ('x', 'running', ?)", (json.dumps({"pid": os.getpid()}),))
    s.finish_scan(s.start_scan({"paths": []}))
    assert [r[0] for r in s.conn.execute("SELECT status FROM scans ORDER BY id")] == ["interrupted", "running", "done"]


def test_unreadable_files_are_each_reported_under_their_own_key(tmp_path):
    """Two files that cannot be read (here: links to /proc/self/mem, which fails with EIO even for root)
    are two documents, each with an ingest finding, in both outputs; not one overwriting the other."""
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.txt", "b.pdf"):
        os.symlink("/proc/self/mem", d / name)
    (d / "good.txt").write_bytes(SEEDS[0].read_bytes())
    r = _cli("scan", str(d), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "j.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    findings, rows = _outputs(tmp_path / "o")
    for name in ("a.txt", "b.pdf"):
        fs = [f for f in findings if f["document"] == name]
        assert [f["rule_id"] for f in fs] == ["INGEST-UNREADABLE"] and "文件无法读取" in fs[0]["message"]
    keys = {f["sha256"] for f in findings if f["document"] in ("a.txt", "b.pdf")}
    assert len(keys) == 2 and all(k.startswith("path-") for k in keys)
    assert {row["document"] for row in rows} == {"a.txt", "b.pdf", "good.txt"}
    assert {row["coverage"] for row in rows if row["document"] != "good.txt"} == {"unchecked"}
