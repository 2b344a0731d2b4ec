"""The frames contract: column names and dtypes, building frames from records, validation, and
atomic Parquet / CSV input and output.

Every frame the workbook writes is described once here (``SCHEMAS``); everything else builds
frames through :func:`frame` and writes them through :func:`write_frames`.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pandera.pandas as pa

from .errors import WorkbookError

KINDS = ["person", "organization", "state", "armed_group", "military", "igo", "media", "other"]
QUALIFIERS = ["exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague"]
CATEGORIES = [
    "killed", "wounded", "deployed", "force_size", "displaced", "arrested", "missing",
    "protesters", "sources", "money", "duration", "other",
]
EVENT_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
MODALITIES = ["asserted", "planned", "possible", "hypothetical", "negated"]

STR = "string"
INT = "Int64"
FLOAT = "Float64"
DATE = "datetime64[ns]"


def _cat(values: list[str]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(values, ordered=False)


# frame name -> {column: dtype}; the order of columns is the order written to disk.
SCHEMAS: dict[str, dict[str, object]] = {
    "reports": {
        "report_id": STR, "path": STR, "title": STR, "source": STR, "url": STR,
        "published": DATE, "published_assumed": "boolean", "n_words": INT, "text": STR,
    },
    "sentences": {"report_id": STR, "sent_id": INT, "start": INT, "end": INT, "text": STR},
    "actors": {
        "actor_id": STR, "name": STR, "kind": _cat(KINDS), "country": STR, "aliases": STR,
        "titles": STR, "affiliation": STR, "n_mentions": INT, "n_reports": INT,
        "first_seen": DATE, "last_seen": DATE,
    },
    "mentions": {
        "report_id": STR, "sent_id": INT, "start": INT, "end": INT, "text": STR, "actor_id": STR,
        "label": STR, "role": STR,
    },
    "numbers": {
        "number_id": STR, "report_id": STR, "sent_id": INT, "start": INT, "end": INT, "text": STR,
        "value": FLOAT, "low": FLOAT, "high": FLOAT, "qualifier": _cat(QUALIFIERS), "unit": STR,
        "category": _cat(CATEGORIES), "actor_id": STR, "event_id": STR,
    },
    "events": {
        "event_id": STR, "report_id": STR, "sent_id": INT, "start": INT, "end": INT,
        "trigger": STR, "event_type": _cat(EVENT_TYPES), "mode": STR, "source_id": STR,
        "target_id": STR, "place": STR, "place_country": STR, "date": DATE, "date_text": STR,
        "date_uncertain": "boolean", "modality": _cat(MODALITIES), "attribution": STR,
        "killed": INT, "wounded": INT,
    },
    "errors": {"path": STR, "reason": STR},
}
FRAME_NAMES = list(SCHEMAS)

# Columns that may never be missing (keys and provenance).
_REQUIRED = {
    "reports": ["report_id", "text", "n_words"],
    "sentences": ["report_id", "sent_id", "start", "end", "text"],
    "actors": ["actor_id", "name", "kind", "n_mentions", "n_reports"],
    "mentions": ["report_id", "sent_id", "start", "end", "text", "actor_id"],
    "numbers": ["number_id", "report_id", "sent_id", "start", "end", "text", "value", "low",
                "high", "qualifier", "category"],
    "events": ["event_id", "report_id", "sent_id", "start", "end", "trigger", "event_type",
               "modality"],
    "errors": ["path", "reason"],
}
_UNIQUE = {"reports": ["report_id"], "actors": ["actor_id"], "numbers": ["number_id"],
           "events": ["event_id"], "sentences": ["report_id", "sent_id"]}


def frame(name: str, records: Iterable[Mapping] = ()) -> pd.DataFrame:
    """Build the frame ``name`` from records (mappings or named tuples), with contract dtypes.

    Missing columns are filled with ``<NA>``; extra keys are dropped.

    Examples
    --------
    >>> frame("errors", [{"path": "a.txt", "reason": "empty file"}]).dtypes["reason"]
    string[python]
    """
    schema = _schema(name)
    rows = [r._asdict() if hasattr(r, "_asdict") else dict(r) for r in records]
    df = pd.DataFrame(rows, columns=list(schema))
    return conform(name, df)


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with exactly the contract's columns, in order, cast to their dtypes."""
    schema = _schema(name)
    out = pd.DataFrame(index=df.index)
    for col, dtype in schema.items():
        values = df[col] if col in df.columns else pd.Series(pd.NA, index=df.index)
        if dtype == DATE:
            values = pd.to_datetime(values, errors="coerce").astype(DATE)
        elif isinstance(dtype, pd.CategoricalDtype):
            values = values.astype(object)
            values = values.where(values.isin(dtype.categories), None).astype(dtype)
        elif dtype in (INT, FLOAT, "boolean"):
            values = pd.array(values.astype(object).where(values.notna(), None), dtype=dtype)
        else:
            values = values.astype(object).where(values.notna(), None).astype(dtype)
        out[col] = values
    return out.reset_index(drop=True)


def empty_frames() -> dict[str, pd.DataFrame]:
    """Return every frame of the contract, empty but typed."""
    return {name: frame(name) for name in FRAME_NAMES}


def _schema(name: str) -> dict[str, object]:
    try:
        return SCHEMAS[name]
    except KeyError:
        raise WorkbookError("E010", frame=name, known=", ".join(FRAME_NAMES)) from None


def _pandera_schema(name: str) -> pa.DataFrameSchema:
    columns = {}
    for col, dtype in _schema(name).items():
        checks = []
        if col in ("start", "end", "sent_id", "n_words", "n_mentions", "n_reports",
                   "killed", "wounded"):
            checks.append(pa.Check.ge(0))
        columns[col] = pa.Column(dtype, nullable=col not in _REQUIRED[name], checks=checks)
    checks = []
    if name == "numbers":
        checks.append(pa.Check(lambda d: (d["low"] <= d["value"]) & (d["value"] <= d["high"]),
                               error="low <= value <= high"))
    if "start" in _schema(name):
        checks.append(pa.Check(lambda d: d["start"] <= d["end"], error="start <= end"))
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True,
                              unique=_UNIQUE.get(name))


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check ``df`` against the contract for ``name``; raise :class:`WorkbookError` if it fails."""
    try:
        return _pandera_schema(name).validate(df, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        cases = getattr(exc, "failure_cases", None)
        if cases is None:
            detail = str(exc).splitlines()[0]
        else:
            found = []
            for r in cases.itertuples():
                item = f"{r.column}: {r.check}" if r.schema_context == "Column" else str(r.check)
                if item not in found:
                    found.append(item)
            detail = "; ".join(found[:5])
        raise WorkbookError("E011", frame=name, detail=detail) from exc


def validate_links(frames: Mapping[str, pd.DataFrame]) -> None:
    """Check that every id a frame refers to exists in the frame it points at."""
    actor_ids = set(frames["actors"]["actor_id"].dropna())
    event_ids = set(frames["events"]["event_id"].dropna())
    report_ids = set(frames["reports"]["report_id"].dropna())
    refs = [("mentions", "actor_id", actor_ids), ("numbers", "actor_id", actor_ids),
            ("numbers", "event_id", event_ids), ("events", "source_id", actor_ids),
            ("events", "target_id", actor_ids), ("actors", "affiliation", actor_ids)]
    refs += [(f, "report_id", report_ids) for f in ("sentences", "mentions", "numbers", "events")]
    for name, col, known in refs:
        dangling = set(frames[name][col].dropna()) - known
        if dangling:
            raise WorkbookError("E012", frame=name, column=col,
                                ids=", ".join(sorted(map(str, dangling))[:3]))


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_frames(frames: Mapping[str, pd.DataFrame], out: str | os.PathLike, *,
                 fmt: str = "parquet") -> list[Path]:
    """Validate every frame and write it atomically into the run folder ``out``.

    Each frame goes to ``<out>/<name>.parquet`` (or ``.csv``) through a temporary file and a
    rename, so a reader never sees a half-written frame.

    Returns
    -------
    list of Path
        The files written.
    """
    if fmt not in ("parquet", "csv"):
        raise WorkbookError("E020", name="format", value=fmt, expected="parquet or csv")
    checked = {name: validate(name, conform(name, frames[name])) for name in FRAME_NAMES}
    validate_links(checked)
    out = Path(out)
    written = []
    for name, df in checked.items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            _atomic_write(path, lambda tmp, df=df: df.to_parquet(tmp, index=False))
        else:
            _atomic_write(path, lambda tmp, df=df: df.to_csv(tmp, index=False))
        written.append(path)
    return written


def load_frames(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the frames of a run folder back, with contract dtypes.

    Parameters
    ----------
    path : str or PathLike
        A run folder written by :func:`write_frames` (Parquet or CSV).

    Returns
    -------
    dict of str to DataFrame
        One entry per frame of the contract; frames absent from the folder come back empty.

    Examples
    --------
    >>> frames = load_frames("data/frames/sample")  # doctest: +SKIP
    >>> frames["events"].groupby("event_type").size()  # doctest: +SKIP
    """
    folder = Path(path)
    if not folder.is_dir():
        raise WorkbookError("E001", path=str(folder), reason="no such run folder")
    frames = {}
    for name in FRAME_NAMES:
        pq, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        if pq.exists():
            df = pd.read_parquet(pq)
        elif csv.exists():
            df = pd.read_csv(csv, keep_default_na=True)
        else:
            df = None
        frames[name] = frame(name) if df is None else conform(name, df)
    if all(df.empty for df in frames.values()) and not any(folder.iterdir()):
        raise WorkbookError("E001", path=str(folder), reason="run folder holds no frames")
    return frames
