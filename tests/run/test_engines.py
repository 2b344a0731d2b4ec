"""Tests of analysis.run.engines: every engine gives the same frames for the same corpus."""
from __future__ import annotations

import pytest

import analysis
from analysis.errors import WorkbookError
from analysis.run import engines
from analysis.store.runfolder import load_frames, read_manifest
from tests.framecheck import assert_same_frames
from tests.support import FIXTURES, ROOT

SAMPLE = ROOT / "data" / "reports"


@pytest.fixture(scope="module")
def local_frames(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    analysis.extract([SAMPLE], out, progress=False, batch_size=5)
    return load_frames(out)


def test_engines_local_with_two_processes_gives_the_same_frames(tmp_path, local_frames):
    analysis.extract([SAMPLE], tmp_path, progress=False, processes=2, batch_size=7)
    assert_same_frames(load_frames(tmp_path), local_frames)


def test_engines_dask_gives_the_same_frames(tmp_path, local_frames):
    summary = analysis.extract([SAMPLE], tmp_path, progress=False, engine="dask", processes=2,
                               batch_size=4)
    assert summary.n_processed == len(local_frames["reports"])
    assert_same_frames(load_frames(tmp_path), local_frames)
    n = len(local_frames["reports"])
    assert len(read_manifest(tmp_path)["partitions"]) == -(-n // 4)  # one per task


def test_engines_dask_starts_no_cluster_when_nothing_is_new(tmp_path, monkeypatch):
    analysis.extract([FIXTURES / "tiny" / "a.txt"], tmp_path, progress=False)

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(engines, "_client", no_cluster)
    summary = analysis.extract([FIXTURES / "tiny" / "a.txt"], tmp_path, progress=False,
                               engine="dask")
    assert (summary.n_processed, summary.n_unchanged) == (0, 1)


def test_engines_unreachable_scheduler_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(WorkbookError, match="E062.*cannot reach the scheduler") as err:
        analysis.extract([FIXTURES / "tiny" / "a.txt"], tmp_path, progress=False,
                         engine="dask", scheduler="tcp://127.0.0.1:9")
    assert "\n" not in str(err.value)
    assert read_manifest(tmp_path) is None
