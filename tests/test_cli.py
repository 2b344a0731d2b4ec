"""Tests of the command line: arguments, exit codes, one-line messages, the summary."""
from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from analysis import load_frames
from analysis.cli import main
from tests.support import FIXTURES, ROOT


def test_cli_extract_writes_frames_and_summary(tmp_path, capsys):
    assert main(["extract", str(FIXTURES / "tiny"), "--out", str(tmp_path), "--quiet"]) == 0
    assert len(load_frames(tmp_path)["events"]) > 0
    assert main(["extract", str(FIXTURES / "tiny"), "--out", str(tmp_path / "b")]) == 0
    err = capsys.readouterr().err
    assert "reports read: 3, processed: 3, skipped: 0" in err and "rows: reports 3" in err


@pytest.mark.parametrize("argv, code, message", [
    (["extract", "nope-folder", "--out", "X"], 2, "parameter 'PATH': 'nope-folder'"),
    (["extract", "TINY", "--out", "X", "--published", "someday"], 2, "parameter 'published'"),
    (["extract", "TINY", "--out", "X", "--published", "2025-02-30"], 2, "parameter 'published'"),
    (["extract", "TINY", "--out", "X", "--processes", "0"], 2, "parameter 'processes'"),
    (["extract", "TINY", "--out", "X", "--processes", "two"], 2, "parameter 'processes': 'two'"),
    (["extract", "TINY", "--out", "X", "--processes", "1.5"], 2, "parameter 'processes'"),
    (["extract", "TINY", "--out", "X", "--engine", "spark"], 2,
     "parameter 'engine': 'spark' is not valid (expected one of 'local', 'dask')"),
    (["extract", "TINY", "--out", "X", "--scheduler", "tcp://h:8786"], 2, "parameter 'scheduler'"),
    (["extract", "TINY", "--out", "X", "--format", "xlsx"], 2, "parameter 'format'"),
    (["extract", "TINY", "--out", "X", "--max-mb", "-1"], 2, "parameter 'max-mb'"),
    (["extract", "TINY", "--out", "X", "--max-mb", "lots"], 2, "parameter 'max-mb'"),
    (["extract", "TINY", "--out", "X", "--gazetteer", "no.csv"], 2, "parameter 'gazetteer'"),
    (["extract", "TINY", "--out", "X", "--triggers", "no.csv"], 2, "parameter 'triggers'"),
    (["extract", "TINY", "--out", "X", "--text-column", " "], 2, "parameter 'text-column'"),
    (["extract", "TINY", "--out", "FILE"], 2, "parameter 'out'"),
    (["extract", "TINY"], 2, "--out"),
    (["frobnicate"], 2, "invalid choice"),
    (["render", "--params", "no-such-set"], 2, "parameter 'params': 'no-such-set'"),
    (["render", "--notebook", "04-nothing"], 2, "parameter 'notebook': '04-nothing'"),
    (["extract", "EMPTY", "--out", "X"], 1, "no report could be processed"),
])
def test_cli_bad_arguments_exit_codes(tmp_path, capsys, argv, code, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_text("   ")
    (tmp_path / "file").write_text("not a folder")
    subst = {"TINY": str(FIXTURES / "tiny"), "X": str(tmp_path / "out"),
             "EMPTY": str(tmp_path / "empty"), "FILE": str(tmp_path / "file")}
    argv = [subst.get(a, a) for a in argv]
    try:
        got = main(argv)
    except SystemExit as exc:
        got = exc.code
    assert got == code
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1]
    if code == 2:
        assert len(err) == 1  # one line, no traceback, no usage dump
        assert not (tmp_path / "out").exists()  # rejected before any work started


def test_cli_runs_as_module(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(FIXTURES / "tiny"),
                           "--out", str(tmp_path), "--quiet", "--format", "csv"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "numbers").glob("*.csv"))
    help_text = subprocess.run([sys.executable, "-m", "analysis", "extract", "--help"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    assert "--published" in help_text and "examples:" in help_text


def test_cli_a_file_name_cannot_forge_a_log_line(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "good.txt").write_text("Israel attacked Hezbollah on Monday.", encoding="utf-8")
    (reports / "bad\nWARNING: forged\x1b[2J.txt").write_text("", encoding="utf-8")   # empty
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(reports), "--out",
                           str(tmp_path / "out"), "--published", "2025-03-05"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert not any(line.startswith("WARNING: forged") for line in lines)   # no forged line
    assert "\x1b" not in proc.stderr
    assert any("bad\\nWARNING: forged\\x1b[2J.txt" in line for line in lines)


def _rows_file(tmp_path, empty: int):
    path = tmp_path / "feed.csv"
    rows = ["title,text"] + [f"t{i}," for i in range(empty)]
    rows.append('ok,"Rebels attacked the town of Goma on Monday, killing five people."')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_cli_quiet_leaves_errors_and_a_summary_that_counts_warnings(tmp_path):
    feed = _rows_file(tmp_path, 60)
    run = [sys.executable, "-m", "analysis", "extract", str(feed), "--published", "2025-03-01"]
    proc = subprocess.run(run + ["--out", str(tmp_path / "q"), "--quiet"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert not any(line.startswith("WARNING") for line in lines) and len(lines) <= 4, lines
    assert "60 warnings not shown" in proc.stderr and "errors frame" in proc.stderr
    assert len(load_frames(tmp_path / "q")["errors"]) == 60
    proc = subprocess.run(run + ["--out", str(tmp_path / "loud")], cwd=ROOT,
                          capture_output=True, text=True)
    listed = [line for line in proc.stderr.splitlines() if line.startswith("  skipped ")]
    assert len(listed) == 20 and "... and 40 more skipped" in proc.stderr   # the summary's list
    assert proc.stderr.count("WARNING: ") == 60


@pytest.mark.parametrize("name, level, quiet, verbose, shown", [
    ("analysis", logging.WARNING, False, False, True),
    ("analysis", logging.WARNING, True, False, False),
    ("analysis", logging.ERROR, True, False, True),
    ("analysis", logging.INFO, False, True, True),
    ("distributed.nanny", logging.INFO, False, False, False),
    ("distributed.scheduler", logging.WARNING, False, False, False),
    ("distributed.scheduler", logging.ERROR, False, False, True),
    ("distributed.scheduler", logging.INFO, False, True, True),
])
def test_cli_log_filter(name, level, quiet, verbose, shown):
    from analysis.cli import LogFilter

    keep = LogFilter(quiet=quiet, verbose=verbose)
    record = logging.LogRecord(name, level, __file__, 1, "message", None, None)
    assert keep.filter(record) is shown
    assert keep.hidden == (not shown and name == "analysis" and level == logging.WARNING)
