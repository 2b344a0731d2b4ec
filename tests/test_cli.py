"""Tests of the command line: arguments, exit codes, one-line messages, the summary."""
from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.cli import main

from conftest import FIXTURES, ROOT


def test_cli_extract_writes_frames_and_summary(tmp_path, capsys):
    assert main(["extract", str(FIXTURES / "tiny"), "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "events.parquet").is_file()
    assert main(["extract", str(FIXTURES / "tiny"), "--out", str(tmp_path / "b")]) == 0
    err = capsys.readouterr().err
    assert "reports read: 3, processed: 3, skipped: 0" in err and "rows: reports 3" in err


@pytest.mark.parametrize("argv, code, message", [
    (["extract", "nope-folder", "--out", "X"], 2, "parameter 'PATH'"),
    (["extract", "TINY", "--out", "X", "--published", "someday"], 2, "parameter 'published'"),
    (["extract", "TINY", "--out", "X", "--processes", "0"], 2, "parameter 'processes'"),
    (["extract", "TINY", "--out", "X", "--format", "xlsx"], 2, "invalid choice"),
    (["extract", "TINY"], 2, "--out"),
    (["frobnicate"], 2, "invalid choice"),
    (["extract", "EMPTY", "--out", "X"], 1, "no report could be processed"),
])
def test_cli_bad_arguments_exit_codes(tmp_path, capsys, argv, code, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_text("   ")
    subst = {"TINY": str(FIXTURES / "tiny"), "X": str(tmp_path / "out"),
             "EMPTY": str(tmp_path / "empty")}
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


def test_cli_runs_as_module(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(FIXTURES / "tiny"),
                           "--out", str(tmp_path), "--quiet", "--format", "csv"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "numbers.csv").is_file()
    help_text = subprocess.run([sys.executable, "-m", "analysis", "extract", "--help"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    assert "--published" in help_text and "examples:" in help_text
