"""Crash safety: a run killed at any point (a real ``python -m analysis extract`` process, killed
with SIGKILL) leaves the previous frames readable and as they were, and the next run finishes the
work without duplicate rows. Failures inside the commit are simulated in-process too."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

import analysis
from analysis.store import merge
from analysis.store import runfolder as store
from analysis.store.runfolder import load_frames, read_manifest
from tests.framecheck import assert_no_duplicates, assert_same_frames, by_keys
from tests.support import ROOT

SAMPLE = ROOT / "data" / "reports"
FIRST = ["uk_estonia_deployment.md", "yemen_prisoner_exchange_deal.md"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The corpus, and the frames of one uninterrupted run over it."""
    tmp = tmp_path_factory.mktemp("crash")
    corpus = tmp / "reports"
    shutil.copytree(SAMPLE, corpus)
    analysis.extract([corpus], tmp / "reference", progress=False)
    return corpus, load_frames(tmp / "reference")


@pytest.fixture
def previous(tmp_path):
    """A corpus, and a run folder holding the frames of two of its reports (the others came
    later)."""
    corpus, out = tmp_path / "reports", tmp_path / "out"
    corpus.mkdir()
    for name in FIRST:
        shutil.copy(SAMPLE / name, corpus / name)
    analysis.extract([corpus], out, progress=False)
    shutil.copytree(SAMPLE, corpus, dirs_exist_ok=True)
    return corpus, out, load_frames(out)


def _leftovers(out):
    manifest = read_manifest(out)
    listed = {p for name in load_frames(out) for p in store.frame_files(out, manifest, name)}
    listed |= {out / rel for rel in manifest.get("retained", ())}   # kept for its readers
    return [p for p in out.rglob("*") if p.is_file() and p not in listed
            and p.name not in ("run.json", ".lock")]


def _finish_and_check(corpus, out, expected):
    summary = analysis.extract([corpus], out, progress=False)
    frames = load_frames(out)
    assert_no_duplicates(frames)
    assert_same_frames(frames, expected)
    assert not _leftovers(out) and not (out / ".staging").exists()
    return summary


def _kill_when(proc, ready, limit=180.0):
    """Poll until ``ready()`` (or the process ends), then SIGKILL the process."""
    end = time.monotonic() + limit
    while proc.poll() is None and not ready() and time.monotonic() < end:
        time.sleep(0.002)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=30)


def _fail(*args, **kwargs):
    raise OSError("disk full")


def _staged(out):
    root = out / ".staging"
    return root.is_dir() and any(not p.name.startswith(".") for p in root.iterdir())


def _committing(out, before):
    folder = out / "reports"
    return folder.is_dir() and any(p.name not in before for p in folder.iterdir())


@pytest.mark.parametrize("moment", ["starting", "batch staged", "committing"])
def test_crash_killed_run_keeps_previous_frames_and_next_run_finishes(reference, previous,
                                                                      moment):
    _, expected = reference
    corpus, out, before = previous
    names = {p.name for p in (out / "reports").iterdir()}
    ready = {"starting": lambda start=time.monotonic(): time.monotonic() - start > 1.0,
             "batch staged": lambda: _staged(out),
             "committing": lambda: _committing(out, names)}[moment]
    env = {**os.environ, "ANALYSIS_BATCH_SIZE": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "extract", str(corpus), "--out",
                             str(out), "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    code = _kill_when(proc, ready)
    frames = load_frames(out)
    if code == 0:  # it finished before the kill (possible while committing): all or nothing
        assert moment == "committing"
        assert_same_frames(frames, expected)
    else:
        assert code == -signal.SIGKILL
        assert_same_frames(frames, before)
    summary = _finish_and_check(corpus, out, expected)
    if moment == "batch staged" and code != 0:
        assert summary.n_resumed >= 2  # the batch the killed run finished is not redone


def test_crash_failed_commit_keeps_previous_frames_and_batches(reference, previous, monkeypatch):
    _, expected = reference
    corpus, out, before = previous
    monkeypatch.setattr(merge, "write_manifest", _fail)
    with pytest.raises(OSError):
        analysis.extract([corpus], out, progress=False, batch_size=4)
    monkeypatch.undo()
    assert_same_frames(load_frames(out), before)
    summary = _finish_and_check(corpus, out, expected)
    n = len(expected["reports"])
    assert (summary.n_processed, summary.n_resumed, summary.n_unchanged) == (0, n - 2, 2)


def test_crash_after_commit_before_cleanup_adds_nothing_twice(reference, previous, monkeypatch):
    _, expected = reference
    corpus, out, _ = previous
    sweep = store.sweep

    def sweep_then_die(folder, manifest, *, staging):
        if staging:
            raise KeyboardInterrupt  # killed right after the manifest was replaced
        sweep(folder, manifest, staging=staging)

    monkeypatch.setattr(store, "sweep", sweep_then_die)
    with pytest.raises(KeyboardInterrupt):
        analysis.extract([corpus], out, progress=False, batch_size=4)
    monkeypatch.undo()
    assert_same_frames(load_frames(out), expected)
    assert _staged(out)
    summary = _finish_and_check(corpus, out, expected)
    assert summary.n_processed == summary.n_resumed == 0
    assert by_keys(load_frames(out))["reports"]["report_id"].is_unique


def test_crash_killed_run_with_two_processes_leaves_no_worker_behind(reference, previous):
    _, expected = reference
    corpus, out, before = previous
    env = {**os.environ, "ANALYSIS_BATCH_SIZE": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "extract", str(corpus), "--out",
                             str(out), "--quiet", "--processes", "2"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []

    def staged_with_workers():
        workers[:] = psutil.Process(proc.pid).children() if proc.poll() is None else workers
        return _staged(out) and workers

    assert _kill_when(proc, staged_with_workers) == -signal.SIGKILL
    _, alive = psutil.wait_procs(workers, timeout=20)
    assert not alive, "spaCy workers outlived the killed run"
    assert_same_frames(load_frames(out), before)
    _finish_and_check(corpus, out, expected)


def test_crash_during_a_new_extractor_version_run_adds_nothing_twice(reference, previous,
                                                                       monkeypatch):
    _, expected = reference
    corpus, out, _ = previous
    (corpus / FIRST[0]).unlink()  # reprocessed from the text the folder keeps
    monkeypatch.setattr(analysis.run.pipeline, "extractor_version", lambda *a, **k: "version-2")
    monkeypatch.setattr(merge, "write_manifest", _fail)
    with pytest.raises(OSError):
        analysis.extract([corpus], out, progress=False, batch_size=4)
    monkeypatch.undo()
    monkeypatch.setattr(analysis.run.pipeline, "extractor_version", lambda *a, **k: "version-2")
    summary = _finish_and_check(corpus, out, expected)
    assert summary.n_processed == 0 and summary.n_resumed == len(expected["reports"])
