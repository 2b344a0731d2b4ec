"""Tests of analysis.run.pipeline: a corpus to frames on disk, offsets, links, bad input, and
incremental runs."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import analysis
from analysis import load_frames  # the corrected view, as Summary.frames gives it
from analysis.errors import ParameterError
from analysis.nlp import model as nlp
from analysis.run import pipeline
from analysis.store import runfolder as store
from analysis.store.runfolder import read_manifest
from analysis.store.schema import FRAME_NAMES
from tests.framecheck import assert_no_duplicates, assert_same_frames
from tests.support import FIXTURES

TINY = FIXTURES / "tiny"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    return analysis.extract([TINY], out, progress=False), out


def test_pipeline_writes_every_frame_and_a_manifest(tiny_run):
    summary, out = tiny_run
    for name in FRAME_NAMES:
        assert list((out / name).glob("part-*.parquet")), name
    assert summary.n_processed == 3 and not summary.skipped
    assert json.loads((out / "run.json").read_text())["extractor"]
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
    assert sorted(errors["reason"]) == ["binary file, not text", "empty file",
                                        "the run folder this run writes into, not read as input"]
    assert summary.frames["reports"]["published_assumed"].tolist() == [True]


@pytest.mark.parametrize("option, value", [
    ("published", "next tuesday-ish"), ("processes", 0), ("fmt", "xlsx"), ("engine", "spark"),
    ("scheduler", "tcp://127.0.0.1:8786"), ("batch_size", 0), ("incremental", "yes")])
def test_pipeline_rejects_bad_options_before_work(tmp_path, option, value):
    with pytest.raises(ParameterError, match=option if option != "fmt" else "format"):
        analysis.extract([TINY], tmp_path / "out", progress=False, **{option: value})
    assert not (tmp_path / "out").exists()


def test_pipeline_csv_format(tmp_path):
    analysis.extract([TINY / "a.txt"], tmp_path, fmt="csv", progress=False)
    assert list((tmp_path / "events").glob("part-*.csv"))
    back = load_frames(tmp_path)
    assert isinstance(back["reports"]["published"].dtype, type(pd.Series(
        pd.to_datetime(["2025-01-01"])).dtype))


# -- incremental runs ---------------------------------------------------------------------------

def _corpus(tmp_path, *names):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(TINY / name, folder / name)
    return folder


def _files(out):
    return {p.relative_to(out): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_pipeline_rerun_with_nothing_new_loads_no_model_and_writes_nothing(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, "a.txt", "b.md")
    (corpus / "empty.txt").write_text("")
    analysis.extract([corpus], tmp_path / "out", progress=False)
    before, frames = _files(tmp_path / "out"), load_frames(tmp_path / "out")

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(nlp, "load_model", no_model)
    summary = analysis.extract([corpus], tmp_path / "out", progress=False)
    assert (summary.n_processed, summary.n_unchanged, len(summary.skipped)) == (0, 2, 1)
    assert "already in the run folder: 2" in summary.lines()[0]
    assert _files(tmp_path / "out") == before
    assert_same_frames(load_frames(tmp_path / "out"), frames)
    assert summary.rows == {name: len(df) for name, df in frames.items()}


def test_pipeline_incremental_runs_give_the_frames_of_one_run(tmp_path):
    corpus = _corpus(tmp_path, "c.jsonl")
    analysis.extract([corpus], tmp_path / "out", progress=False)
    _corpus(tmp_path, "a.txt", "b.md")
    summary = analysis.extract([corpus], tmp_path / "out", progress=False)
    assert (summary.n_processed, summary.n_unchanged) == (2, 1)
    analysis.extract([corpus], tmp_path / "one", progress=False)
    assert_same_frames(load_frames(tmp_path / "out"), load_frames(tmp_path / "one"))


def test_pipeline_changed_file_replaces_its_old_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "r.txt").write_text("Israel attacked Hezbollah on Monday.", encoding="utf-8")
    (corpus / "s.txt").write_text("Russia accused Ukraine of shelling Kursk.", encoding="utf-8")
    first = analysis.extract([corpus], tmp_path / "out", progress=False).frames
    (corpus / "r.txt").write_text("Hezbollah fired rockets at Israel on Tuesday.", encoding="utf-8")
    summary = analysis.extract([corpus], tmp_path / "out", progress=False)
    assert (summary.n_processed, summary.n_unchanged, summary.n_removed) == (1, 1, 1)
    frames = load_frames(tmp_path / "out")
    assert_no_duplicates(frames)
    old = set(first["reports"]["report_id"]) - set(frames["reports"]["report_id"])
    assert len(old) == 1 and sorted(frames["reports"]["path"]) == ["corpus/r.txt",
                                                                  "corpus/s.txt"]
    for name in ("sentences", "mentions", "events", "numbers"):
        assert not set(frames[name]["report_id"]) & old, name


def test_pipeline_new_extractor_version_reprocesses_stored_reports(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, "a.txt", "b.md")
    before = analysis.extract([corpus], tmp_path / "out", progress=False).frames
    (corpus / "b.md").unlink()  # its text is in the run folder
    monkeypatch.setattr(pipeline, "extractor_version", lambda *a, **k: "another-version")
    summary = analysis.extract([corpus], tmp_path / "out", progress=False)
    assert (summary.n_processed, summary.n_unchanged) == (2, 0)
    assert_same_frames(load_frames(tmp_path / "out"), before)
    assert json.loads((tmp_path / "out" / "run.json").read_text())["extractor"] == \
        "another-version"


def test_pipeline_incremental_false_replaces_the_folder(tmp_path, tiny_run):
    out = tmp_path / "out"
    shutil.copytree(tiny_run[1], out)
    summary = analysis.extract([TINY / "a.txt"], out, progress=False, incremental=False)
    assert summary.rows["reports"] == 1 and summary.n_processed == 1
    manifest = read_manifest(out)
    assert len(store.frame_files(out, manifest, "reports")) == 1
    retained = {out / rel for rel in manifest["retained"]}
    assert set((out / "reports").glob("part-*")) - retained == set(
        store.frame_files(out, manifest, "reports"))          # the old partitions only retained


def test_pipeline_errors_rows_are_not_repeated_by_reruns(tmp_path):
    corpus = _corpus(tmp_path, "a.txt")
    (corpus / "bin.md").write_bytes(b"\x00\x01binary")
    analysis.extract([corpus], tmp_path / "out", progress=False)
    analysis.extract([corpus], tmp_path / "out", progress=False)
    (corpus / "bin.md").write_text("Hamas released two hostages on Sunday.", encoding="utf-8")
    summary = analysis.extract([corpus], tmp_path / "out", progress=False)
    assert summary.n_processed == 1 and summary.frames["errors"].empty


def test_pipeline_summary_counts_the_reports_without_any_date(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "dated.txt").write_text("BAMAKO, April 12, 2025 - Gunmen attacked a convoy.\n")
    (corpus / "undated.txt").write_text("Gunmen attacked a convoy near Gao.\n")
    summary = analysis.extract([corpus], tmp_path / "out", progress=False)
    assert summary.n_undated == 1
    assert "without any date (give one with --published): 1" in summary.lines()[0]


def test_pipeline_published_too_late_for_reports_already_in_the_folder_says_so(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "undated.txt").write_text("Gunmen attacked a convoy near Gao.\n")
    analysis.extract([corpus], tmp_path / "out", progress=False)
    summary = analysis.extract([corpus], tmp_path / "out", progress=False,
                               published="2025-04-12")
    assert summary.n_published_ignored == 1
    assert "--published not applied" in summary.lines()[0]
    frames = load_frames(tmp_path / "out")
    assert frames["reports"]["published"].isna().all()     # the stored report is unchanged
