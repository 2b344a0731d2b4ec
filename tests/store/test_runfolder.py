"""Tests of analysis.store.runfolder: the layout of a run folder, its manifest, staged batches, cleaning up
and the lock."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

import analysis
from analysis.errors import WorkbookError
from analysis.store.runfolder import (
    PER_REPORT,
    frame_files,
    load_frames,
    locked,
    read_manifest,
    sweep,
    write_frames,
)
from analysis.store.schema import FRAME_NAMES, SCHEMAS, frame
from analysis.store.staging import stage_batch, staged_batches
from tests.support import FIXTURES, small_frames

TINY = FIXTURES / "tiny"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([TINY], out, progress=False, batch_size=2)
    return out


def test_runfolder_layout_one_file_per_partition_with_every_contract_column(run_folder):
    manifest = read_manifest(run_folder)
    assert [len(p["reports"]) for p in manifest["partitions"]] == [2, 1]
    for name in FRAME_NAMES:
        files = sorted(run_folder.rglob(f"{name}/*.parquet"))
        assert files == sorted(frame_files(run_folder, manifest, name)), name
        for path in files:
            assert list(pd.read_parquet(path).columns) == list(SCHEMAS[name]), path
        assert not list(run_folder.rglob(f"{name}.parquet"))
    assert {p.name for p in run_folder.iterdir()} == {*FRAME_NAMES, "run.json", ".lock"}


def test_runfolder_sweep_removes_what_the_manifest_does_not_list(tmp_path, run_folder):
    out = tmp_path / "run"
    shutil.copytree(run_folder, out)
    before = load_frames(out)
    junk = [out / "events" / "part-99999-dead00-00001.parquet", out / "events" / ".part-x.tmp",
            out / ".run.json.abc.tmp", out / ".staging" / ".tmp-00002-beef00-00001-x" / "m"]
    shutil.copy(frame_files(out, read_manifest(out), "events")[0], junk[0])
    for path in junk[1:]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half written")
    sweep(out, read_manifest(out), staging=False)
    assert not any(path.exists() for path in junk)
    for name, df in load_frames(out).items():
        pd.testing.assert_frame_equal(df, before[name])


def _stage(out, token, extractor):
    frames = {name: frame(name) for name in PER_REPORT}
    return stage_batch(out, token, frames, {"reports": [], "extractor": extractor, "ids": {}},
                       "parquet")


def test_runfolder_staged_batches_keeps_complete_batches_of_the_same_version(tmp_path):
    kept = _stage(tmp_path, "00001-aaaaaa-00001", "v1")
    _stage(tmp_path, "00001-aaaaaa-00002", "v2")
    (tmp_path / ".staging" / ".tmp-00001-aaaaaa-00003-xyz").mkdir()
    (tmp_path / ".staging" / "00001-aaaaaa-00004").mkdir()  # no meta.json: never finished
    assert staged_batches(tmp_path, "v1", "parquet") == [kept]
    assert [p.name for p in (tmp_path / ".staging").iterdir()] == ["00001-aaaaaa-00001"]
    for name in PER_REPORT:  # staged files never look like frames
        assert not list(tmp_path.rglob(f"{name}.parquet"))
        assert not list(tmp_path.rglob(f"{name}/*.parquet"))


def test_runfolder_lock_refuses_a_second_writer(tmp_path):
    with locked(tmp_path):
        with pytest.raises(WorkbookError, match="E060.*another run"):
            with locked(tmp_path):
                pass
    with locked(tmp_path):  # released
        pass


def test_runfolder_reads_and_replaces_the_flat_layout_of_older_folders(tmp_path):
    frames = small_frames()
    for name, df in frames.items():
        df.to_parquet(tmp_path / f"{name}.parquet", index=False)
    for name, df in load_frames(tmp_path).items():
        pd.testing.assert_frame_equal(df, frames[name])
    summary = analysis.extract([TINY / "a.txt"], tmp_path, progress=False)
    assert summary.rows["reports"] == 1
    assert not list(tmp_path.glob("*.parquet"))


def test_runfolder_write_frames_replaces_the_folder(tmp_path, run_folder):
    out = tmp_path / "run"
    shutil.copytree(run_folder, out)
    before = {p for name in FRAME_NAMES for p in frame_files(out, read_manifest(out), name)}
    write_frames(small_frames(), out)
    assert len(load_frames(out)["reports"]) == 1
    manifest = read_manifest(out)
    listed = {p for name in FRAME_NAMES for p in frame_files(out, manifest, name)}
    assert len(listed) == len(FRAME_NAMES)
    on_disk = {p for name in FRAME_NAMES for p in (out / name).iterdir()}
    assert on_disk - listed == before == {out / p for p in manifest["retained"]}


def test_runfolder_missing_partition_file_is_a_clear_error(tmp_path, run_folder):
    out = tmp_path / "run"
    shutil.copytree(run_folder, out)
    frame_files(out, read_manifest(out), "numbers")[1].unlink()
    with pytest.raises(WorkbookError, match=r"E061.*damaged.*numbers/part-.*missing"):
        load_frames(out)


def test_runfolder_lock_is_held_against_other_processes_and_freed_when_they_die(tmp_path):
    code = ("import sys, time; from pathlib import Path; from analysis.store.runfolder import locked\n"
            "with locked(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(WorkbookError, match="E060"):
            with locked(tmp_path):
                pass
    finally:
        proc.kill()
        proc.wait()
    with locked(tmp_path):  # the dead process holds nothing
        pass
