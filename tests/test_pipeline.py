"""Tests of analysis.pipeline: a corpus to frames on disk, offsets, links and bad input."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import analysis
from analysis.errors import ParameterError
from analysis.frames import FRAME_NAMES, load_frames

from conftest import FIXTURES

TINY = FIXTURES / "tiny"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    return analysis.extract([TINY], out, progress=False), out


def test_pipeline_writes_every_frame_and_a_manifest(tiny_run):
    summary, out = tiny_run
    for name in FRAME_NAMES:
        assert (out / f"{name}.parquet").is_file()
    assert summary.n_processed == 3 and not summary.skipped
    assert json.loads((out / "run.json").read_text())["pipeline_version"]
    back = load_frames(out)
    assert {name: len(df) for name, df in back.items()} == summary.rows


def test_pipeline_offsets_point_at_the_row_text(tiny_run):
    frames = tiny_run[0].frames
    texts = dict(zip(frames["reports"]["report_id"], frames["reports"]["text"]))
    for name in ("sentences", "mentions", "numbers", "events"):
        df = frames[name]
        assert len(df), name
        column = "trigger" if name == "events" else "text"
        for row in df.itertuples():
            assert texts[row.report_id][row.start:row.end] == getattr(row, column), name


def test_pipeline_fills_every_frame_with_real_values(tiny_run):
    frames = tiny_run[0].frames
    events, numbers = frames["events"], frames["numbers"]
    assert {"ASSAULT", "MOBILIZE", "CONSULT"} <= set(events["event_type"].dropna())
    strike = events[events["event_type"] == "ASSAULT"].iloc[0]
    assert strike["killed"] == 12 and strike["wounded"] == 30
    killed = numbers[numbers["category"] == "killed"].iloc[0]
    assert (killed["value"], killed["qualifier"], killed["event_id"]) == (
        12, "at_least", strike["event_id"])
    assert "planned" in set(events["modality"].dropna())
    assert frames["actors"]["kind"].notna().all()
    assert frames["reports"]["published"].notna().all()


def test_pipeline_bad_files_become_errors_rows(tmp_path):
    (tmp_path / "good.txt").write_text("Israel attacked Hezbollah on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02binary")
    summary = analysis.extract([tmp_path], tmp_path / "out", published="2025-03-05",
                               progress=False)
    errors = summary.frames["errors"]
    assert summary.n_processed == 1
    assert sorted(errors["reason"]) == ["binary file, not text", "empty file"]
    assert summary.frames["reports"]["published_assumed"].tolist() == [True]


@pytest.mark.parametrize("option, value", [
    ("published", "next tuesday-ish"), ("processes", 0), ("fmt", "xlsx")])
def test_pipeline_rejects_bad_options_before_work(tmp_path, option, value):
    with pytest.raises(ParameterError, match=option if option != "fmt" else "format"):
        analysis.extract([TINY], tmp_path / "out", progress=False, **{option: value})
    assert not (tmp_path / "out").exists()


def test_pipeline_csv_format(tmp_path):
    analysis.extract([TINY / "a.txt"], tmp_path, fmt="csv", progress=False)
    assert (tmp_path / "events.csv").is_file()
    back = load_frames(tmp_path)
    assert isinstance(back["reports"]["published"].dtype, type(pd.Series(
        pd.to_datetime(["2025-01-01"])).dtype))
