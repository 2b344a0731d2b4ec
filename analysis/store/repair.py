"""Repairing a run folder: a new manifest from the partitions that can be read, the rest set aside.

A run folder whose ``run.json`` is lost, damaged or of another layout, or whose manifest names a
partition file that is missing or cannot be read, is refused by every reader and by ``extract``
(E064, E061). :func:`repair` makes it whole again without deleting anything:

- every partition is read in full and checked against the frames contract; one with a file
  missing, unreadable or off the contract is moved whole into ``.set-aside/<time>/``;
- of two partitions holding the same report the newer one is kept (a leftover of a commit that
  rewrote it), the older set aside;
- the newest ``actors`` frame that covers the kept partitions is kept (partitions naming actors
  it lacks are set aside), and the newest readable ``errors`` frame;
- a new manifest lists what was kept. Without the old manifest the extractor version is unknown,
  so the next ``extract`` re-extracts the kept reports from their stored text.

``python -m analysis repair RUN_FOLDER`` runs it and prints what it kept and set aside.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

from analysis.errors import WorkbookError
from analysis.store.runfolder import (
    FORMATS,
    MANIFEST,
    PER_REPORT,
    WHOLE,
    frame_files,
    locked,
    new_tag,
    part_path,
    read_manifest,
    read_table,
    write_manifest,
    write_table,
)
from analysis.store.schema import FRAME_NAMES, conform, frame, validate, validate_links

SET_ASIDE = ".set-aside"
_PART = re.compile(r"^part-(?P<pid>(?P<gen>\d+)-[^/]+)\.(?P<fmt>parquet|csv)$")
_ACTOR_REFS = {"mentions": ("actor_id",), "numbers": ("actor_id",),
               "events": ("source_id", "target_id")}


@dataclass
class Repair:
    """What :func:`repair` did to a run folder."""

    folder: Path
    changed: bool = False
    kept: list[str] = field(default_factory=list)          # partition ids
    reports: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    set_aside: list[tuple[str, str]] = field(default_factory=list)   # (file, why)
    aside: Path | None = None
    extractor_known: bool = False

    def lines(self) -> list[str]:
        """The report printed by ``python -m analysis repair``."""
        if not self.changed:
            return [f"{self.folder}: nothing to repair: its manifest lists only files that can "
                    "be read"]
        rows = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        n = len(self.kept)
        out = [f"{self.folder}: repaired: kept {n} partition{'' if n == 1 else 's'} holding "
               f"{self.reports} reports ({rows})"]
        why: dict[str, int] = {}
        for _, reason in self.set_aside:
            why[reason] = why.get(reason, 0) + 1
        if self.set_aside:
            out.append(f"set aside {len(self.set_aside)} files into {self.aside} (nothing "
                       "deleted): " + "; ".join(f"{n} {r}" for r, n in why.items()))
        if not self.extractor_known:
            out.append("the extractor version is unknown: the next extract re-extracts the kept "
                       "reports from their stored text")
        return out


def repair(path: str | os.PathLike) -> Repair:
    """Rebuild the manifest of run folder ``path`` from the partitions it can read.

    Parameters
    ----------
    path : path-like
        A run folder; nothing is done to one whose manifest lists only files that can be read.

    Returns
    -------
    Repair
        What was kept and what was set aside (and why).

    Raises
    ------
    WorkbookError
        E001 when ``path`` is no folder; E060 when a run is writing it.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise WorkbookError("E001", path=str(folder), reason="no such run folder")
    done = Repair(folder)
    with locked(folder):
        try:
            manifest, damaged = read_manifest(folder), False
        except WorkbookError:
            manifest, damaged = None, True
        if manifest is None and not damaged or manifest is not None and _whole(folder, manifest):
            return done
        fmt, parts, wholes, foreign = _on_disk(folder)
        if manifest is not None:   # what it lists: unlisted files are leftovers of other runs
            fmt = manifest["format"]
            parts = {p["id"]: {name: part_path(folder, name, p["id"], fmt) for name in PER_REPORT
                               if name in p["rows"]} for p in manifest["partitions"]}
            for name in WHOLE:
                listed = manifest["whole"][name]["id"]
                wholes[name] = [listed] + [pid for pid in wholes[name] if pid != listed]
            foreign = []
        done.changed = True
        done.aside = aside = folder / SET_ASIDE / (
            pd.Timestamp.now(tz="UTC").strftime("%Y%m%dT%H%M%S-") + new_tag())
        for path_, why in foreign:
            _move(folder, path_, aside, why, done)
        kept = _keep_partitions(folder, fmt, parts, aside, done)
        actors = _keep_actors(folder, fmt, wholes["actors"], kept, aside, done)
        errors = _newest_readable(folder, fmt, "errors", wholes["errors"], aside, done)
        if manifest is None:   # every file left in the frame folders is listed
            for name, chosen in (("actors", actors), ("errors", errors)):
                for pid in wholes[name]:
                    path_ = part_path(folder, name, pid, fmt)
                    if pid != chosen and path_.exists():
                        _move(folder, path_, aside, "older actors or errors frames", done)
        gens = [int(_PART.match(p.name)["gen"]) for p in _all_parts(folder)]
        gen = max(gens + [(manifest or {}).get("generation", 0)]) + 1
        tag = f"{gen:05d}-{new_tag()}-repair"
        whole = {}
        for name, pid in (("actors", actors), ("errors", errors)):
            if pid is None:
                write_table(frame(name), part_path(folder, name, tag, fmt), fmt)
                pid = tag
            rows = len(read_table(name, part_path(folder, name, pid, fmt), fmt))
            whole[name] = {"id": pid, "rows": rows}
        if damaged and (folder / MANIFEST).exists():
            _move(folder, folder / MANIFEST, aside, f"damaged or foreign {MANIFEST}", done)
        write_manifest(folder, {
            "format": fmt, "generation": gen,
            "extractor": manifest.get("extractor") if manifest else None,
            "written": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
            "repaired": {"set_aside": len(done.set_aside), "into": str(aside.relative_to(folder))},
            "partitions": [p for _, p in kept], "whole": whole})
        done.kept = [p["id"] for _, p in kept]
        done.reports = sum(len(p["reports"]) for _, p in kept)
        done.rows = {name: sum(p["rows"].get(name, 0) for _, p in kept) for name in PER_REPORT}
        done.rows.update({name: whole[name]["rows"] for name in WHOLE})
        done.extractor_known = manifest is not None and manifest.get("extractor") is not None
    return done


def _whole(folder: Path, manifest: Mapping) -> bool:
    """Whether every file the manifest lists is there and can be read."""
    try:
        for name in FRAME_NAMES:
            for part in frame_files(folder, manifest, name):
                read_table(name, part, manifest["format"])
    except WorkbookError:
        return False
    return True


def _all_parts(folder: Path) -> list[Path]:
    return [p for name in FRAME_NAMES if (folder / name).is_dir()
            for p in (folder / name).iterdir() if p.is_file() and _PART.match(p.name)]


def _on_disk(folder: Path):
    """The folder's partition files: its format (the one most files have), per-report files by
    partition id, whole-frame ids by frame (newest first), and ``(file, why)`` of the files
    named like partitions that are of the other format or not named as a commit names them."""
    files = _all_parts(folder)
    counts = {fmt: sum(1 for p in files if p.suffix == f".{fmt}") for fmt in FORMATS}
    fmt = max(FORMATS, key=lambda f: (counts[f], f == "parquet"))
    parts: dict[str, dict[str, Path]] = {}
    wholes: dict[str, list[str]] = {name: [] for name in WHOLE}
    foreign = [(p, "files not named as partitions") for name in FRAME_NAMES
               if (folder / name).is_dir() for p in (folder / name).iterdir()
               if p.name.startswith("part-") and not _PART.match(p.name)]
    for path in files:
        m = _PART.match(path.name)
        if m["fmt"] != fmt:
            foreign.append((path, f"files of format {m['fmt']}, not {fmt}"))
        elif path.parent.name in WHOLE:
            wholes[path.parent.name].append(m["pid"])
        else:
            parts.setdefault(m["pid"], {})[path.parent.name] = path
    for name in WHOLE:
        wholes[name].sort(key=_order, reverse=True)
    return fmt, parts, wholes, foreign


def _order(pid: str) -> tuple[int, str]:
    return int(pid.split("-", 1)[0]), pid


def _read_partition(fmt: str, files: Mapping[str, Path]) -> dict[str, pd.DataFrame]:
    """Every per-report frame of one partition, checked against the contract (``places`` may be
    missing: partitions committed before it joined); raises WorkbookError."""
    frames = {}
    for name in PER_REPORT:
        if name not in files:
            if name == "places":
                continue
            raise WorkbookError("E061", path="", reason=f"its {name} file is missing")
        frames[name] = validate(name, conform(name, read_table(name, files[name], fmt)))
    validate_links(frames)
    return frames


def _keep_partitions(folder: Path, fmt: str, parts: Mapping[str, Mapping[str, Path]],
                     aside: Path, done: Repair) -> list[tuple[set[str], dict]]:
    """Read every partition, newest first; return ``(actor ids, manifest entry)`` of those kept,
    oldest first."""
    kept, held = [], set()
    for pid in sorted(parts, key=_order, reverse=True):
        files = parts[pid]
        try:
            frames = _read_partition(fmt, files)
        except WorkbookError:
            for path in files.values():
                if path.exists():
                    _move(folder, path, aside, "unreadable or incomplete partitions", done)
            continue
        reports = list(frames["reports"]["report_id"])
        if held.intersection(reports):
            for path in files.values():
                _move(folder, path, aside, "partitions superseded by a newer one", done)
            continue
        held.update(reports)
        ids = {x for name, cols in _ACTOR_REFS.items() for col in cols
               for x in frames[name][col].dropna()}
        kept.append((ids, {"id": pid, "reports": reports,
                           "rows": {name: len(df) for name, df in frames.items()}}))
    kept.reverse()
    return kept


def _keep_actors(folder: Path, fmt: str, pids: list[str], kept: list, aside: Path,
                 done: Repair) -> str | None:
    """Pick the actors frame that covers the most kept reports (the newest of equals); set aside
    the partitions naming actors it lacks. Returns its partition id, or None for none."""
    best, best_ids, best_cover = None, set(), -1
    for pid in pids:
        path = part_path(folder, "actors", pid, fmt)
        try:
            ids = set(validate("actors", conform("actors", read_table("actors", path, fmt)))
                      ["actor_id"])
        except WorkbookError:
            _move(folder, path, aside, "unreadable actors or errors frames", done)
            continue
        cover = sum(len(p["reports"]) for need, p in kept if need <= ids)
        if cover > best_cover:
            best, best_ids, best_cover = pid, ids, cover
    for need, part in list(kept):
        if not need <= best_ids:
            kept.remove((need, part))
            for name in PER_REPORT:
                path = part_path(folder, name, part["id"], fmt)
                if path.exists():
                    _move(folder, path, aside, "partitions naming actors no actors frame holds",
                          done)
    return best


def _newest_readable(folder: Path, fmt: str, name: str, pids: list[str], aside: Path,
                     done: Repair) -> str | None:
    for pid in pids:
        path = part_path(folder, name, pid, fmt)
        try:
            validate(name, conform(name, read_table(name, path, fmt)))
            return pid
        except WorkbookError:
            _move(folder, path, aside, "unreadable actors or errors frames", done)
    return None


def _move(folder: Path, path: Path, aside: Path, why: str, done: Repair) -> None:
    """Move ``path`` under ``aside`` at the same place it had in the folder (never delete)."""
    rel = path.relative_to(folder)
    dest = aside / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, dest)
    done.set_aside.append((str(rel), why))
