"""Tests of analysis.store.repair: a damaged run folder gets a manifest of what can be read, and
everything else is moved aside, never deleted."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import pytest

import analysis
from analysis.errors import WorkbookError
from analysis.store.repair import SET_ASIDE, repair
from analysis.store.runfolder import MANIFEST, frame_files, load_frames, read_manifest
from analysis.store.schema import FRAME_NAMES
from tests.support import FIXTURES, ROOT

TINY = FIXTURES / "tiny"


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([TINY], out, progress=False, batch_size=2)   # two partitions
    return out


@pytest.fixture
def copy(tmp_path, committed):
    out = tmp_path / "run"
    shutil.copytree(committed, out)
    return out


def _contents(folder):
    """Digests of every partition file, wherever it lies in the folder (set aside or not)."""
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("part-*"))


def _same(a, b):
    for name in FRAME_NAMES:
        pd_a, pd_b = a[name].reset_index(drop=True), b[name].reset_index(drop=True)
        assert pd_a.equals(pd_b), name


@pytest.mark.parametrize("damage", [
    lambda out: (out / MANIFEST).unlink(),
    lambda out: (out / MANIFEST).write_text(json.dumps({"layout": 99}), encoding="utf-8"),
    lambda out: (out / MANIFEST).write_text("{ truncated", encoding="utf-8"),
], ids=["missing", "other layout", "unreadable"])
def test_repair_rebuilds_a_lost_manifest_from_the_partitions(copy, committed, damage):
    before = _contents(copy)
    damage(copy)
    with pytest.raises(WorkbookError, match="E06[14].*analysis repair"):
        load_frames(copy)
    done = repair(copy)
    assert done.changed and done.reports == 3 and len(done.kept) == 2
    _same(load_frames(copy), load_frames(committed))
    assert _contents(copy) == before                    # not one file lost
    assert not repair(copy).changed                     # whole now
    summary = analysis.extract([TINY], copy, progress=False)
    assert summary.n_processed == 3                     # version unknown: re-extracted
    _same(load_frames(copy), load_frames(committed))


def test_repair_moves_an_unreadable_partition_aside(copy):
    manifest = read_manifest(copy)
    bad = frame_files(copy, manifest, "events")[0]
    bad.write_bytes(bad.read_bytes()[:100])              # truncated
    before = _contents(copy)
    done = repair(copy)
    assert len(done.kept) == 1 and done.reports == len(manifest["partitions"][1]["reports"])
    aside = copy / SET_ASIDE
    moved = sorted(p.relative_to(done.aside).as_posix() for p in aside.rglob("part-*"))
    pid = manifest["partitions"][0]["id"]
    assert moved == sorted(f"{name}/part-{pid}.parquet" for name in manifest["partitions"][0]
                           ["rows"])                     # the whole partition, nothing else
    assert _contents(copy) == before
    frames = load_frames(copy)
    assert set(frames["reports"]["report_id"]) == set(manifest["partitions"][1]["reports"])
    assert any("unreadable or incomplete" in why for _, why in done.set_aside)
    analysis.extract([TINY], copy, progress=False)      # the lost reports come back
    assert len(load_frames(copy)["reports"]) == 3


def test_repair_keeps_the_newer_of_two_partitions_holding_one_report(copy):
    manifest = read_manifest(copy)
    old = manifest["partitions"][0]["id"]
    stale = "00000-stale0-00001"                         # an older copy of the same reports
    for name in manifest["partitions"][0]["rows"]:
        shutil.copy(copy / name / f"part-{old}.parquet", copy / name / f"part-{stale}.parquet")
    (copy / MANIFEST).unlink()
    done = repair(copy)
    assert sorted(done.kept) == sorted(p["id"] for p in manifest["partitions"])
    assert {why for _, why in done.set_aside} == {"partitions superseded by a newer one"}
    assert len(load_frames(copy)["reports"]) == 3


def test_repair_sets_aside_a_partition_naming_unknown_actors(copy):
    manifest = read_manifest(copy)
    actors = frame_files(copy, manifest, "actors")[0]
    df = load_frames(copy)["actors"]
    used = set(load_frames(copy)["mentions"]["actor_id"].dropna())
    keep = df[df["actor_id"] != sorted(used)[0]]        # drop one actor a mention names
    keep = keep.assign(affiliation=keep["affiliation"].where(
        keep["affiliation"].isin(keep["actor_id"])))
    keep.to_parquet(actors, index=False)
    (copy / MANIFEST).unlink()
    done = repair(copy)
    assert any("naming actors" in why for _, why in done.set_aside)
    frames = load_frames(copy)                          # consistent: every link resolves
    assert set(frames["mentions"]["actor_id"].dropna()) <= set(frames["actors"]["actor_id"])


def test_repair_of_a_healthy_or_new_folder_changes_nothing(copy, tmp_path):
    manifest = (copy / MANIFEST).read_text(encoding="utf-8")
    assert not repair(copy).changed
    assert (copy / MANIFEST).read_text(encoding="utf-8") == manifest
    assert not (copy / SET_ASIDE).exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not repair(empty).changed
    with pytest.raises(WorkbookError, match="E001"):
        repair(tmp_path / "nowhere")


def test_repair_from_the_command_line(copy, tmp_path):
    (copy / MANIFEST).unlink()
    run = [sys.executable, "-m", "analysis", "repair"]
    proc = subprocess.run(run + [str(copy)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "repaired: kept 2 partitions holding 3 reports" in proc.stderr
    proc = subprocess.run(run + [str(copy)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and "nothing to repair" in proc.stderr
    proc = subprocess.run(run + [str(tmp_path / "nowhere")], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 1 and "E001" in proc.stderr and "Traceback" not in proc.stderr
