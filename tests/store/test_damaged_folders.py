"""Run folders that something outside the happy path touched: partitions without a manifest, a
manifest of another layout or naming a missing file, truncated and empty partitions. Nothing is
deleted or recommitted; every read error is the project's coded one, naming the file."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import analysis
from analysis.errors import WorkbookError
from analysis.store.runfolder import MANIFEST, frame_files, load_frames, read_manifest
from analysis.store.schema import FRAME_NAMES
from tests.support import FIXTURES, ROOT

TINY = FIXTURES / "tiny"


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([TINY], out, progress=False, batch_size=2)
    return out


@pytest.fixture
def copy(tmp_path, committed):
    out = tmp_path / "run"
    shutil.copytree(committed, out)
    return out


def _files(folder):
    return sorted(p.relative_to(folder) for name in FRAME_NAMES if (folder / name).is_dir()
                  for p in (folder / name).iterdir())


def _extract_cli(out):
    return subprocess.run([sys.executable, "-m", "analysis", "extract", str(TINY), "--out",
                           str(out), "--quiet"], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("damage, why", [
    (lambda out: (out / MANIFEST).unlink(), r"partition files but no run\.json"),
    (lambda out: (out / MANIFEST).write_text(json.dumps({"layout": 99}), encoding="utf-8"),
     r"layout 99, not 2"),
])
def test_damaged_unaccounted_partitions_are_refused_and_kept(copy, damage, why):
    damage(copy)
    before = _files(copy)
    with pytest.raises(WorkbookError, match=rf"E064.*{why}.*nothing was changed"):
        load_frames(copy)
    with pytest.raises(WorkbookError, match=r"E064"):
        analysis.extract([TINY], copy, progress=False)
    assert _files(copy) == before                       # not one partition deleted
    proc = _extract_cli(copy)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "E064" in proc.stderr and str(copy) in proc.stderr
    assert _files(copy) == before


def test_damaged_manifest_naming_a_missing_partition_is_never_recommitted(copy):
    manifest = (copy / MANIFEST).read_text(encoding="utf-8")
    frame_files(copy, read_manifest(copy), "events")[0].unlink()
    with pytest.raises(WorkbookError, match=r"E061.*events/part-.*missing"):
        analysis.extract([TINY], copy, progress=False)
    assert (copy / MANIFEST).read_text(encoding="utf-8") == manifest   # no new generation


@pytest.mark.parametrize("damage, name", [
    (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "truncated"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_text("not a parquet file\n", encoding="utf-8"), "foreign"),
])
def test_damaged_partitions_give_a_coded_error_naming_the_file(copy, damage, name):
    path = frame_files(copy, read_manifest(copy), "numbers")[0]
    damage(path)
    with pytest.raises(WorkbookError, match=rf"E061.*numbers/{path.name} cannot be read"):
        load_frames(copy)


def test_damaged_a_new_folder_and_a_flat_folder_are_no_damage(tmp_path):
    assert read_manifest(tmp_path) is None              # nothing there yet
    (tmp_path / "events.parquet").write_bytes(b"")       # the old flat layout: no partitions
    assert read_manifest(tmp_path) is None


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_damaged_out_inside_the_input_is_never_read_back(tmp_path, fmt):
    reports = tmp_path / "reports"
    shutil.copytree(TINY, reports)
    out = reports / "frames"                      # the run folder inside the folder it reads
    first = analysis.extract([reports], out, progress=False, fmt=fmt)
    second = analysis.extract([reports], out, progress=False, fmt=fmt)
    n = len(load_frames(out)["reports"])
    assert n == first.n_processed == second.n_unchanged   # the same reports, twice
    assert any("run folder this run writes into" in why for _, why in second.skipped)
    assert second.n_processed == 0


def test_damaged_frame_files_follow_the_users_umask(tmp_path):
    import os
    import stat

    old = os.umask(0o027)
    try:
        analysis.extract([TINY], tmp_path / "run", progress=False)
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "run").rglob("*")
             if p.is_file() and p.name != ".lock"}
    assert modes == {0o640}                     # 0666 under umask 027, never 0600


WRITER = """
import sys
import analysis
from analysis.store.runfolder import load_frames, write_frames
frames = load_frames(sys.argv[1])
for _ in range(int(sys.argv[3])):
    write_frames(frames, sys.argv[2])
"""


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_damaged_never_readers_beside_committing_writers(committed, tmp_path, fmt):
    from analysis.store.runfolder import write_frames
    from analysis.store.sql import query

    out = tmp_path / "shared"
    expected = load_frames(committed)
    write_frames(expected, out, fmt=fmt)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(committed), str(out), "40"],
                              cwd=ROOT, stderr=subprocess.PIPE, text=True)
    reads = failures = 0
    try:
        while writer.poll() is None or reads < 5:
            try:
                frames = load_frames(out)
                assert len(frames["events"]) == len(expected["events"])
                n = query("SELECT count(*) AS n FROM mentions", out)["n"][0]
                assert n == len(expected["mentions"])
            except WorkbookError as exc:
                failures += 1
                print(exc)
            reads += 1
    finally:
        writer.wait()
    assert writer.returncode == 0, writer.stderr.read()
    assert reads > 5 and failures == 0
    assert read_manifest(out)["generation"] == 41


def test_damaged_partitions_give_coded_errors_to_extract_and_query(copy, tmp_path):
    from analysis.store.sql import query

    path = frame_files(copy, read_manifest(copy), "mentions")[0]
    path.write_bytes(path.read_bytes()[:64])
    with pytest.raises(WorkbookError, match=rf"E061.*mentions/{path.name} cannot be read"):
        query("SELECT count(*) FROM mentions", copy)
    more = tmp_path / "more"
    shutil.copytree(TINY, more)
    (more / "new.txt").write_text("Rebels attacked the town of Goma on Monday.", encoding="utf-8")
    for paths in ([TINY], [more]):                       # nothing new, and new reports
        with pytest.raises(WorkbookError, match=rf"E061.*mentions/{path.name} cannot be read"):
            analysis.extract(paths, copy, progress=False)
        proc = subprocess.run([sys.executable, "-m", "analysis", "extract", *map(str, paths),
                               "--out", str(copy), "--quiet"], cwd=ROOT, capture_output=True,
                              text=True)
        assert proc.returncode == 1 and "E061" in proc.stderr and "Traceback" not in proc.stderr


def test_damaged_never_a_commit_keeps_the_previous_generation_until_the_next(committed,
                                                                           tmp_path):
    from analysis.store.runfolder import listed_files, write_frames

    frames, out = load_frames(committed), tmp_path / "run"
    generations = []
    for _ in range(3):
        write_frames(frames, out)
        generations.append(listed_files(out, read_manifest(out)))
    first, second, third = generations
    assert not first & second and not second & third
    assert all(p.is_file() for p in second | third)      # the one before is still readable
    assert not any(p.exists() for p in first)             # and no older one
    assert sorted(read_manifest(out)["retained"]) == sorted(
        str(p.relative_to(out)) for p in second)
