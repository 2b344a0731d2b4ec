"""The run folder: frames as partitioned Parquet (or CSV), a manifest that commits them, and
batches staged by a run that has not committed yet.

Layout of a run folder ``<out>`` (``.csv`` instead of ``.parquet`` with ``fmt="csv"``)::

    run.json                         the manifest: the only commit point
    reports/part-<id>.parquet        one file per partition for each per-report frame:
    sentences/part-<id>.parquet        reports, sentences, mentions, numbers, events
    mentions/part-<id>.parquet
    numbers/part-<id>.parquet
    events/part-<id>.parquet
    actors/part-<id>.parquet         one file for the frames rebuilt whole by every run:
    errors/part-<id>.parquet           actors (resolved across the corpus) and errors
    .staging/<token>/                batches extracted by a run that has not committed yet
    .lock                            held (flock) by the run writing the folder

A file is written once under a new name and never changed; the manifest lists the files that
make up the frames, and replacing it (write, fsync, rename) commits a run. The files of the
generation it replaces stay until the next commit (its ``retained`` entry), so readers of that
generation finish. Files the manifest neither lists nor retains are leftovers of an interrupted
run and are removed by the next one; a staged batch of the
same extractor version is adopted by it, so a killed run loses no finished batch.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd

from analysis.errors import WorkbookError
from analysis.store.schema import (
    FRAME_NAMES,
    SCHEMAS,
    STR,
    conform,
    frame,
    validate,
    validate_links,
)

LAYOUT = 2
MANIFEST = "run.json"
STAGING = ".staging"
LOCK = ".lock"
PER_REPORT = ("reports", "sentences", "mentions", "places", "numbers", "events")
WHOLE = ("actors", "errors")
FORMATS = ("parquet", "csv")


def new_tag() -> str:
    """Return a short random tag that makes the file names of one run unique."""
    return secrets.token_hex(3)


def part_path(folder: Path, name: str, pid: str, fmt: str) -> Path:
    """Return the file of frame ``name`` in partition ``pid``."""
    return Path(folder) / name / f"part-{pid}.{fmt}"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_files(paths) -> None:
    """Flush files to disk (before a manifest that lists them is written)."""
    for path in paths:
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())


def _file_mode() -> int:
    """The mode a new file gets under the user's umask (0644 under the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, write, *, durable: bool = True) -> None:
    """Write ``path`` through a temporary file in the same folder and rename it; ``durable``
    flushes the file to disk first (staged batches skip it: a commit flushes what it lists).
    The file gets the mode the user's umask gives a new file (a temporary file is 0600), so a
    shared run folder can be read by colleagues."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _file_mode())
        if durable:
            fsync_files([tmp])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(df: pd.DataFrame, path: Path, fmt: str, *, durable: bool = True) -> None:
    """Write one frame file atomically (Parquet or CSV, no index)."""
    if fmt == "parquet":
        atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False), durable=durable)
    else:
        atomic_write(path, lambda tmp: df.to_csv(tmp, index=False), durable=durable)


def read_table(name: str, path: Path, fmt: str, columns: list[str] | None = None, *,
               handle=None) -> pd.DataFrame:
    """Read one frame file as written (all columns, or ``columns``), without conforming; from
    ``handle`` (the file opened in binary mode) when given."""
    where = f"{path.parent.name}/{path.name}"
    source = path if handle is None else handle
    try:
        if fmt == "parquet":
            return pd.read_parquet(source, columns=columns)
        text = {c: "string" for c, d in SCHEMAS[name].items() if d == STR}
        return pd.read_csv(source, usecols=columns, dtype=text, keep_default_na=True)
    except FileNotFoundError:
        raise WorkbookError("E061", path=str(path.parent.parent),
                            reason=f"{where} is missing") from None
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        # pyarrow's ArrowInvalid is a ValueError: a truncated, empty or foreign file
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise WorkbookError("E061", path=str(path.parent.parent),
                            reason=f"{where} cannot be read: {first}") from None


def _partitions_on_disk(folder: Path) -> list[Path]:
    """The committed-looking partition files of a folder (``<frame>/part-*``)."""
    return [p for name in FRAME_NAMES if (folder / name).is_dir()
            for p in (folder / name).iterdir() if p.name.startswith("part-")]


def read_manifest(folder: str | os.PathLike) -> dict | None:
    """Return the manifest of a partitioned run folder, or None for a folder without one that
    holds no partition (a new folder, or frames of the old flat layout).

    Raises
    ------
    WorkbookError
        E064 when partitions lie in the folder but its manifest is missing or of another
        layout: what they hold cannot be accounted for, so nothing may read or replace them;
        E061 when the manifest cannot be read.
    """
    folder = Path(folder)
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        manifest = None
    except (OSError, ValueError) as exc:
        raise WorkbookError("E061", path=str(folder), reason=f"{MANIFEST}: {exc}") from None
    if isinstance(manifest, dict) and manifest.get("layout") == LAYOUT:
        return manifest
    found = _partitions_on_disk(folder)
    if not found:
        return None
    what = (f"{len(found)} partition files but no {MANIFEST}" if manifest is None else
            f"its {MANIFEST} is of layout {manifest.get('layout')!r}, not {LAYOUT}"
            if isinstance(manifest, dict) else f"its {MANIFEST} is no manifest")
    raise WorkbookError("E064", path=str(folder), reason=what)


def whole_manifest(folder: Path) -> dict | None:
    """Return the manifest as :func:`read_manifest` does, refusing one that names a partition
    file missing from the folder (:func:`check_partitions`): what a run may build on."""
    manifest = read_manifest(folder)
    if manifest is not None:
        check_partitions(folder, manifest)
    return manifest


def check_partitions(folder: Path, manifest: Mapping) -> None:
    """Refuse a manifest that names a partition file missing from the folder or one that cannot be
    read (it would be committed again, its rows gone): E061 naming the file. A Parquet file's
    footer is read, a CSV file's header line; rows are not."""
    for name in FRAME_NAMES:
        for path in frame_files(folder, manifest, name):
            check_readable(name, path, manifest["format"])


def check_readable(name: str, path: Path, fmt: str) -> None:
    """Raise E061 naming ``path`` when it is missing, or is no Parquet file (its footer cannot be
    read) or no CSV file of frame ``name`` (its header line is not the contract's)."""
    where, folder = f"{path.parent.name}/{path.name}", str(path.parent.parent)
    if not path.is_file():
        raise WorkbookError("E061", path=folder, reason=f"{where} is missing")
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.read_metadata(path)
            return
        with open(path, encoding="utf-8", newline="") as fh:
            header = fh.readline().rstrip("\r\n").split(",")
    except (OSError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise WorkbookError("E061", path=folder, reason=f"{where} cannot be read: {first}") \
            from None
    if header[:1] != list(SCHEMAS[name])[:1]:
        raise WorkbookError("E061", path=folder,
                            reason=f"{where} cannot be read: no header line of {name}")


def listed_files(folder: Path, manifest: Mapping) -> set[Path]:
    """The partition files a manifest lists."""
    return {p for name in FRAME_NAMES for p in frame_files(folder, manifest, name)}


def write_manifest(folder: Path, manifest: Mapping) -> dict:
    """Commit: replace the manifest atomically and durably; return the manifest written.

    The files of the generation it replaces that it no longer lists are named in its
    ``retained`` entry and kept until the next commit, so a reader that opened the previous
    generation reads it whole while this one commits (see :func:`load_frames`)."""
    folder = Path(folder)
    try:
        previous = read_manifest(folder)
    except WorkbookError:
        previous = None
    manifest = {key: value for key, value in manifest.items() if key != "retained"}
    if previous is not None:
        gone = listed_files(folder, previous) - listed_files(folder, manifest)
        manifest["retained"] = sorted(str(p.relative_to(folder)) for p in gone if p.is_file())
    manifest = {"layout": LAYOUT, **manifest}
    data = json.dumps(manifest, indent=1)
    atomic_write(folder / MANIFEST, lambda tmp: Path(tmp).write_text(data, encoding="utf-8"))
    _fsync_dir(folder)
    return manifest


def total_rows(manifest: Mapping) -> dict[str, int]:
    """Return the rows of every frame of a manifest."""
    rows = {name: 0 for name in FRAME_NAMES}
    for part in manifest["partitions"]:
        for name in PER_REPORT:
            rows[name] += part["rows"].get(name, 0)
    for name in WHOLE:
        rows[name] = manifest["whole"][name]["rows"]
    return rows


def frame_files(folder: Path, manifest: Mapping, name: str) -> list[Path]:
    """Return the files that make up frame ``name``, in manifest order."""
    fmt = manifest["format"]
    if name in WHOLE:
        return [part_path(folder, name, manifest["whole"][name]["id"], fmt)]
    # a partition committed before a frame joined the contract has no file of it ("places")
    return [part_path(folder, name, p["id"], fmt) for p in manifest["partitions"]
            if name in p["rows"]]


_HELD: set[str] = set()  # run folders this process is writing


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the run folder's lock for the duration of a run; fail at once if another run holds it.

    The lock is a POSIX record lock on ``.lock``: the system releases it when the process dies,
    and the worker processes a run forks do not inherit it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    key = str(folder.resolve())
    if key in _HELD:
        raise WorkbookError("E060", path=str(folder))
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise WorkbookError("E060", path=str(folder)) from None
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
    finally:
        os.close(fd)  # releases the lock


# -- cleaning up ------------------------------------------------------------------------------

def sweep(folder: Path, manifest: Mapping | None, *, staging: bool) -> None:
    """Delete what the manifest neither lists nor retains: temporary files, partitions of runs
    that did not commit, superseded partitions, frames of the old flat layout, and
    (``staging=True``, after a commit) every staged batch."""
    folder = Path(folder)
    keep = set()
    if manifest is not None:   # what it lists, and the previous generation's files it retains
        keep = listed_files(folder, manifest) | {
            folder / rel for rel in manifest.get("retained", ())}
    for name in FRAME_NAMES:
        sub = folder / name
        if sub.is_dir():
            for path in sub.iterdir():
                if path.is_file() and path not in keep and (
                        path.name.startswith(("part-", ".part-")) or path.suffix == ".tmp"):
                    path.unlink(missing_ok=True)
        if manifest is not None:
            for fmt in FORMATS:
                (folder / f"{name}.{fmt}").unlink(missing_ok=True)
    for path in folder.glob(".*.tmp"):
        path.unlink(missing_ok=True)
    root = folder / STAGING
    if root.is_dir():
        for path in root.iterdir():
            if staging or path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink()
        if staging:
            shutil.rmtree(root, ignore_errors=True)


# -- whole run folders ------------------------------------------------------------------------

def load_frames(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the frames of a run folder back, with contract dtypes.

    Parameters
    ----------
    path : str or PathLike
        A run folder written by :func:`analysis.extract` or :func:`write_frames` (partitioned
        Parquet or CSV; a folder of one ``<frame>.parquet`` per frame is read too).

    Returns
    -------
    dict of str to DataFrame
        One entry per frame of the contract, rows of partitions in the order they were committed;
        frames absent from the folder come back empty.

    Examples
    --------
    >>> frames = load_frames("data/frames/sample")  # doctest: +SKIP
    >>> frames["events"].groupby("event_type").size()  # doctest: +SKIP
    """
    folder = Path(path)
    if not folder.is_dir():
        raise WorkbookError("E001", path=str(folder), reason="no such run folder")
    return read_snapshot(folder, lambda manifest: _frames_of(folder, manifest))


def read_snapshot(folder: Path, read, *, attempts: int = 3):
    """Return ``read(manifest)`` over the folder's current manifest (None for a flat folder).

    A commit keeps the files of the generation it replaces until the next one, so a reader
    reads the generation it opened whole; one that is slower than two commits finds a file gone
    and starts again on the newer manifest, up to ``attempts`` times in all (E061 at once if the
    manifest did not change: that file is lost, not replaced)."""
    manifest = read_manifest(folder)
    for attempt in range(attempts):
        try:
            return read(manifest)
        except WorkbookError as exc:
            if exc.code != "E061" or manifest is None or attempt == attempts - 1:
                raise
            newer = read_manifest(folder)
            if newer is None or newer.get("generation") == manifest.get("generation"):
                raise
            manifest = newer


def _frames_of(folder: Path, manifest: Mapping | None) -> dict[str, pd.DataFrame]:
    """Every frame of one manifest. Its files are all opened first: a file a commit removes
    while it is open stays readable, so the generation is read whole however long it takes."""
    if manifest is None:
        frames = {name: _read_flat(folder, name) for name in FRAME_NAMES}
        frames = {name: frame(name) if df is None else conform(name, df)
                  for name, df in frames.items()}
        if all(df.empty for df in frames.values()) and not any(
                p for p in folder.iterdir() if p.name != LOCK):
            raise WorkbookError("E001", path=str(folder), reason="run folder holds no frames")
        return frames
    fmt = manifest["format"]
    with contextlib.ExitStack() as stack:
        files = {name: [(p, _open(stack, p)) for p in frame_files(folder, manifest, name)]
                 for name in FRAME_NAMES}
        frames = {}
        for name, opened in files.items():
            parts = [read_table(name, p, fmt, handle=fh) for p, fh in opened]
            frames[name] = conform(name, pd.concat(parts, ignore_index=True)) if parts else \
                frame(name)
        return frames


def _open(stack: contextlib.ExitStack, path: Path):
    try:
        return stack.enter_context(open(path, "rb"))
    except FileNotFoundError:
        raise WorkbookError("E061", path=str(path.parent.parent),
                            reason=f"{path.parent.name}/{path.name} is missing") from None
    except OSError as exc:
        raise WorkbookError("E061", path=str(path.parent.parent),
                            reason=f"{path.parent.name}/{path.name} cannot be read: {exc}"
                            ) from None


def _read_flat(folder: Path, name: str) -> pd.DataFrame | None:
    for fmt in FORMATS:
        path = folder / f"{name}.{fmt}"
        if path.exists():
            return read_table(name, path, fmt)
    return None


def write_frames(frames: Mapping[str, pd.DataFrame], out: str | os.PathLike, *,
                 fmt: str = "parquet", info: Mapping | None = None) -> list[Path]:
    """Validate every frame and write them as the run folder ``out``, replacing what it held.

    The per-report frames become one partition; nothing is written unless every frame passes
    the contract, and the previous frames stay readable until the new manifest commits.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Every frame of the contract.
    out : path-like
        The run folder.
    fmt : {"parquet", "csv"}
    info : mapping, optional
        Extra entries for the manifest.

    Returns
    -------
    list of Path
        The files written.
    """
    if fmt not in FORMATS:
        raise WorkbookError("E020", name="format", value=fmt, expected="parquet or csv")
    checked = {name: validate(name, conform(name, frames[name])) for name in FRAME_NAMES}
    validate_links(checked)
    folder = Path(out)
    with locked(folder):
        old = read_manifest(folder)
        gen = (old or {}).get("generation", 0) + 1
        pid = f"{gen:05d}-{new_tag()}"
        written = []
        for name, df in checked.items():
            written.append(part_path(folder, name, pid, fmt))
            write_table(df, written[-1], fmt)
        reports = list(checked["reports"]["report_id"])
        manifest = {
            **(info or {}), "format": fmt, "generation": gen, "extractor": None,
            "written": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
            "partitions": [{"id": pid, "reports": reports,
                            "rows": {n: len(checked[n]) for n in PER_REPORT}}],
            "whole": {n: {"id": pid, "rows": len(checked[n])} for n in WHOLE}}
        sweep(folder, write_manifest(folder, manifest), staging=True)
    return written


def stored_reports(folder: Path, manifest: Mapping) -> Iterator:
    """Yield the reports a run folder holds (as :class:`analysis.records.Report`), a partition at a
    time, so that a new extractor version can reprocess them without their files."""
    from analysis.records import Report

    def text(value):
        return None if pd.isna(value) else str(value)

    for path in frame_files(folder, manifest, "reports"):
        df = conform("reports", read_table("reports", path, manifest["format"]))
        for r in df.itertuples(index=False):
            day = None if pd.isna(r.published) else r.published.strftime("%Y-%m-%d")
            yield Report(r.report_id, r.path, text(r.title), text(r.source), text(r.url), day,
                         bool(r.published_assumed) if not pd.isna(r.published_assumed) else False,
                         r.text)
