"""Committing a run: the folder's partitions and the run's staged batches become one consistent
set of frames.

Actors are resolved across the corpus from every mention in the folder (ordered by report id and
offset, so the same corpus gives the same actors whatever the order reports arrived in); actor ids
are then made final everywhere. Partitions whose ids changed (two names meeting on one slug) or that
hold superseded reports are rewritten under new names; staged batches whose ids already agree are
hard-linked into place. Replacing the manifest commits it all at once.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import WorkbookError
from analysis.extractors.actors import Mention
from analysis.store.resolve import actor_records
from analysis.store.runfolder import (
    PER_REPORT,
    WHOLE,
    fsync_files,
    part_path,
    read_table,
    write_manifest,
    write_table,
)
from analysis.store.schema import conform, frame, validate, validate_links
from analysis.store.staging import ACTOR_ID_COLUMNS, staged_path

MENTION_COLUMNS = ["report_id", "start", "end", "text", "label", "role", "actor_id", "actor_name",
                   "actor_kind", "actor_country", "actor_affiliation", "actor_titles"]


class Source:
    """A set of per-report files going into the commit: a committed partition or a staged batch."""

    def __init__(self, folder: Path, fmt: str, *, part: Mapping | None = None,
                 meta: Mapping | None = None):
        self.folder, self.fmt, self.part, self.meta = folder, fmt, part, meta
        self.actor_ids: set[str] = set()

    @property
    def reports(self) -> list[str]:
        """The report ids the source holds."""
        return (self.part or self.meta)["reports"]

    def path(self, name: str) -> Path:
        """The file of frame ``name``."""
        if self.part is not None:
            return part_path(self.folder, name, self.part["id"], self.fmt)
        return staged_path(self.folder, self.meta["token"], name, self.fmt)

    def arrow(self, name: str, columns: list[str]) -> pa.Table:
        """Read ``columns`` of frame ``name`` as an Arrow table."""
        if self.fmt == "parquet":
            try:
                return pq.read_table(self.path(name), columns=columns)
            except (OSError, ValueError):   # missing, truncated, empty or foreign (ArrowInvalid)
                read_table(name, self.path(name), self.fmt)  # raises the damaged-folder error
                raise
        df = read_table(name, self.path(name), self.fmt, columns=columns)
        return pa.Table.from_pandas(df.astype({"start": "Int64", "end": "Int64"}, errors="ignore")
                                    if name == "mentions" else df, preserve_index=False)


def _mention_table(sources: Iterable[Source], drop: set[str]) -> tuple[pa.Table, dict]:
    """Return every mention of ``sources`` sorted by report and offset, and each report's date."""
    tables, published = [], {}
    for src in sources:
        table = src.arrow("mentions", MENTION_COLUMNS)
        src.actor_ids = {x for x in table.column("actor_id").to_pylist() if x is not None}
        reports = src.arrow("reports", ["report_id", "published"]).to_pandas()
        for rid, day in zip(reports["report_id"], reports["published"]):
            published[rid] = None if pd.isna(day) else pd.Timestamp(day).strftime("%Y-%m-%d")
        if drop and src.part is not None:
            keep = [rid not in drop for rid in table.column("report_id").to_pylist()]
            table = table.filter(pa.array(keep, type=pa.bool_()))
        tables.append(table.drop_columns(["actor_id"]).cast(_MENTION_SCHEMA))
    table = pa.concat_tables(tables) if tables else _MENTION_SCHEMA.empty_table()
    order = [(c, "ascending") for c in MENTION_COLUMNS if c != "actor_id"]
    return table.sort_by(order), published


_MENTION_SCHEMA = pa.schema([(c, pa.int64() if c in ("start", "end") else pa.string())
                             for c in MENTION_COLUMNS if c != "actor_id"])


def _mentions_by_report(table: pa.Table, published: Mapping[str, str | None]
                        ) -> Iterator[tuple[str, str | None, list[Mention]]]:
    """Yield ``(report_id, published, mentions)`` from a sorted mention table, a chunk at a time."""
    rid, found = None, []
    for chunk in table.to_batches(max_chunksize=20_000):
        for row in chunk.to_pylist():
            if row["report_id"] != rid:
                if found:
                    yield rid, published.get(rid), found
                rid, found = row["report_id"], []
            titles = tuple(row["actor_titles"].split("; ")) if row["actor_titles"] else ()
            found.append(Mention(row["start"], row["end"], row["text"], row["actor_name"],
                                 row["actor_kind"], row["actor_country"],
                                 row["actor_affiliation"], titles, row["label"] or "", 0, 0,
                                 role=row["role"] or "participant"))
    if found:
        yield rid, published.get(rid), found


def _rewrite(src: Source, pid: str, translate: Mapping[str, str], drop: set[str]) -> dict:
    """Write the files of ``src`` as partition ``pid``, without ``drop`` and with ids translated."""
    rows = {}
    for name in PER_REPORT:
        dest = part_path(src.folder, name, pid, src.fmt)
        if name not in (src.part or src.meta)["rows"]:  # committed before the frame existed
            dest.parent.mkdir(parents=True, exist_ok=True)
            write_table(frame(name), dest, src.fmt)
            rows[name] = 0
            continue
        if not translate and not drop and src.part is None:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.unlink(missing_ok=True)
            try:
                os.link(src.path(name), dest)
            except OSError:
                shutil.copy2(src.path(name), dest)
            fsync_files([dest])  # staged without a flush; the manifest will list it
            rows[name] = src.meta["rows"][name]
            continue
        df = read_table(name, src.path(name), src.fmt)
        if drop:
            df = df[~df["report_id"].isin(drop)]
        for col in ACTOR_ID_COLUMNS.get(name, ()):
            if translate:
                df[col] = df[col].map(lambda x: translate.get(x, x), na_action="ignore")
        df = validate(name, conform(name, df))
        write_table(df, dest, src.fmt)
        rows[name] = len(df)
    return {"id": pid, "reports": [r for r in src.reports if r not in drop], "rows": rows}


def commit(folder: Path, old: Mapping | None, staged: list[Mapping], *, keep_old: bool,
           drop: set[str], errors: pd.DataFrame, gazetteer, fmt: str, extractor: str | None,
           tag: str, info: Mapping) -> dict:
    """Merge staged batches into the run folder and commit; return the new manifest.

    Parameters
    ----------
    folder : Path
        The run folder (locked by the caller).
    old : mapping or None
        The folder's manifest before the run.
    staged : list of mapping
        Metas of the staged batches to commit, in order.
    keep_old : bool
        Keep the old partitions (an incremental run); False replaces them.
    drop : set of str
        Report ids to remove from the old partitions (their files now hold other text).
    errors : DataFrame
        The new ``errors`` frame.
    gazetteer : Gazetteer
        For actor resolution.
    fmt, extractor, tag, info
        File format, extractor version, the run's tag, and extra manifest entries.
    """
    gen = (old or {}).get("generation", 0) + 1
    kept = [Source(folder, fmt, part=p) for p in (old["partitions"] if old and keep_old else [])]
    new = [Source(folder, fmt, meta=m) for m in staged]
    table, published = _mention_table(kept + new, drop)
    records = actor_records(_mentions_by_report(table, published), gazetteer)
    del table
    final = {r["name"]: r["actor_id"] for r in records}
    before = {}
    if kept:
        actors = read_table("actors", part_path(folder, "actors", old["whole"]["actors"]["id"],
                                                fmt), fmt, columns=["actor_id", "name"])
        before = dict(zip(actors["actor_id"], actors["name"]))
    partitions = []
    for k, src in enumerate(kept + new):
        if src.part is not None:
            unknown = src.actor_ids - before.keys()
            if unknown:
                raise WorkbookError("E061", path=str(folder), reason="partition "
                                    f"{src.part['id']} names unknown actors {sorted(unknown)[:3]}")
            translate = {i: final[before[i]] for i in src.actor_ids
                         if before[i] in final and final[before[i]] != i}
            here = drop.intersection(src.reports)
            if not translate and not here:
                partitions.append(dict(src.part))
                continue
            partitions.append(_rewrite(src, f"{gen:05d}-{tag}-r{k:05d}", translate, here))
        else:
            missing = [n for n in src.meta["ids"] if n not in final]
            if missing:
                raise WorkbookError("E012", frame="actors", column="name",
                                    ids=", ".join(missing[:3]))
            translate = {i: final[n] for n, i in src.meta["ids"].items() if final[n] != i}
            partitions.append(_rewrite(src, src.meta["token"], translate, set()))
    partitions = [p for p in partitions if p["reports"]] or [_empty_partition(folder, gen, tag,
                                                                              fmt)]
    whole = {"actors": validate("actors", frame("actors", records)),
             "errors": validate("errors", frame("errors", errors.to_dict("records")))}
    validate_links({"actors": whole["actors"]})
    for name in WHOLE:
        write_table(whole[name], part_path(folder, name, f"{gen:05d}-{tag}", fmt), fmt)
    manifest = {**info, "format": fmt, "generation": gen, "extractor": extractor,
                "written": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
                "partitions": partitions,
                "whole": {n: {"id": f"{gen:05d}-{tag}", "rows": len(whole[n])} for n in WHOLE}}
    return write_manifest(folder, manifest)


def _empty_partition(folder: Path, gen: int, tag: str, fmt: str) -> dict:
    """Write a partition of no reports, so that every frame has a file with its columns."""
    pid = f"{gen:05d}-{tag}-empty"
    for name in PER_REPORT:
        write_table(frame(name), part_path(folder, name, pid, fmt), fmt)
    return {"id": pid, "reports": [], "rows": {name: 0 for name in PER_REPORT}}
