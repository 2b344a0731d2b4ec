"""The frames contract: column names and dtypes, building frames from records, and validation.

Every frame the workbook writes is described once here (``SCHEMAS``); everything else builds
frames through :func:`frame`. Reading and writing run folders lives in :mod:`analysis.store.runfolder`;
:func:`write_frames` and :func:`load_frames` are kept here as its public entry points.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Mapping

import pandas as pd

from analysis.errors import WorkbookError
from analysis.resources import bundled, read_csv

ACTOR_KINDS = [row["kind"] for row in read_csv(bundled("actor_kinds.csv"), ["kind"])]
QUALIFIERS = ["exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague"]
CATEGORIES = [
    "killed", "wounded", "deployed", "force_size", "displaced", "arrested", "released", "missing",
    "protesters", "sources", "money", "duration", "other",
]
EVENT_TYPES = [row["event_type"] for row in read_csv(bundled("event_types.csv"), ["event_type"])]
MODALITIES = ["asserted", "planned", "possible", "hypothetical", "negated", "generic"]
FEATURES = ["settlement", "district", "region", "country", "other"]
PRECISION = "Int8"      # geo_precision (1 the settlement, 2 near it or a district, 3 a region)
                        # and date_precision (1 a day, 2 a few days or a week, 3 a month or year)

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
        "actor_id": STR, "name": STR, "kind": _cat(ACTOR_KINDS), "country": STR, "aliases": STR,
        "titles": STR, "affiliation": STR, "n_mentions": INT, "n_reports": INT,
        "first_seen": DATE, "last_seen": DATE,
    },
    # actor_name .. actor_titles: what this mention says about its actor (canonical name, kind,
    # country, the canonical name of its affiliation, titles joined by "; "); the input of actor
    # resolution across the corpus, kept so that each run can resolve actors from the folder.
    "mentions": {
        "report_id": STR, "sent_id": INT, "start": INT, "end": INT, "text": STR, "actor_id": STR,
        "label": STR, "role": STR, "actor_name": STR, "actor_kind": STR, "actor_country": STR,
        "actor_affiliation": STR, "actor_titles": STR,
    },
    # one row per place mention (and per state an event took as its place), resolved offline
    "places": {
        "place_id": STR, "report_id": STR, "sent_id": INT, "start": INT, "end": INT, "text": STR,
        "name": STR, "feature": _cat(FEATURES), "country": STR, "admin1": STR, "admin2": STR,
        "latitude": FLOAT, "longitude": FLOAT, "geonames_id": INT, "geo_precision": PRECISION,
    },
    "numbers": {
        "number_id": STR, "report_id": STR, "sent_id": INT, "start": INT, "end": INT, "text": STR,
        "value": FLOAT, "low": FLOAT, "high": FLOAT, "qualifier": _cat(QUALIFIERS), "unit": STR,
        "category": _cat(CATEGORIES), "actor_id": STR, "event_id": STR,
    },
    "events": {
        "event_id": STR, "report_id": STR, "sent_id": INT, "start": INT, "end": INT,
        "trigger": STR, "event_type": _cat(EVENT_TYPES), "mode": STR, "source_id": STR,
        "target_id": STR, "place": STR, "place_country": STR, "place_id": STR,
        "latitude": FLOAT, "longitude": FLOAT, "admin1": STR, "geo_precision": PRECISION,
        "date": DATE, "date_text": STR, "date_uncertain": "boolean", "date_precision": PRECISION,
        "modality": _cat(MODALITIES), "attribution": STR, "killed": INT, "wounded": INT,
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
    "places": ["place_id", "report_id", "sent_id", "start", "end", "text", "name"],
    "numbers": ["number_id", "report_id", "sent_id", "start", "end", "text", "value", "low",
                "high", "qualifier", "category"],
    "events": ["event_id", "report_id", "sent_id", "start", "end", "trigger", "event_type",
               "modality"],
    "errors": ["path", "reason"],
}
_UNIQUE = {"reports": ["report_id"], "actors": ["actor_id"], "numbers": ["number_id"],
           "places": ["place_id"],
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
        elif dtype in (INT, FLOAT, PRECISION, "boolean"):
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


_NOT_NEGATIVE = ("start", "end", "sent_id", "n_words", "n_mentions", "n_reports", "killed",
                 "wounded")


def _problems(name: str, df: pd.DataFrame) -> Iterator[str]:
    schema = _schema(name)
    if list(df.columns) != list(schema):
        extra = [c for c in df.columns if c not in schema]
        missing = [c for c in schema if c not in df.columns]
        yield (f"columns not in the contract: {', '.join(map(str, extra))}" if extra else
               f"missing columns: {', '.join(missing)}" if missing else "columns out of order")
        return
    for col, dtype in schema.items():
        if df[col].dtype != pd.api.types.pandas_dtype(dtype):
            yield f"{col}: dtype {df[col].dtype} is not {dtype}"
            return
    for col in _REQUIRED[name]:
        if df[col].isna().any():
            yield f"{col}: not_nullable"
    for col in _NOT_NEGATIVE:
        if col in schema and (df[col] < 0).any():
            yield f"{col}: greater_than_or_equal_to(0)"
    if "start" in schema and (df["start"] > df["end"]).any():
        yield "start <= end"
    if name == "numbers" and ((df["low"] > df["value"]) | (df["value"] > df["high"])).any():
        yield "low <= value <= high"
    if "latitude" in schema and ((df["latitude"].abs() > 90) | (df["longitude"].abs() > 180)
                                 ).any():
        yield "latitude within -90..90 and longitude within -180..180"
    for col in ("geo_precision", "date_precision"):
        if col in schema and (~df[col].dropna().isin([1, 2, 3])).any():
            yield f"{col}: one of 1, 2, 3"
    keys = _UNIQUE.get(name)
    if keys and df.duplicated(keys).any():
        yield f"{', '.join(keys)}: not unique"


def validate(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check ``df`` against the contract for ``name``; raise :class:`WorkbookError` if it fails.

    The contract: exactly the columns of ``SCHEMAS[name]`` in order and with their dtypes, keys and
    provenance never missing, counts and offsets never negative, ``start <= end``,
    ``low <= value <= high``, and keys unique.

    Returns
    -------
    DataFrame
        ``df`` itself.
    """
    found = list(_problems(name, df))
    if found:
        raise WorkbookError("E011", frame=name, detail="; ".join(found[:5]))
    return df


def validate_links(frames: Mapping[str, pd.DataFrame]) -> None:
    """Check that every id a frame refers to exists in the frame it points at.

    Only the links between frames present in ``frames`` are checked, so a batch of per-report
    frames can be checked without the ``actors`` frame.
    """
    keys = {"actors": "actor_id", "events": "event_id", "reports": "report_id",
            "places": "place_id"}
    known = {name: set(frames[name][col].dropna()) for name, col in keys.items() if name in frames}
    refs = [("mentions", "actor_id", "actors"), ("numbers", "actor_id", "actors"),
            ("numbers", "event_id", "events"), ("events", "source_id", "actors"),
            ("events", "target_id", "actors"), ("actors", "affiliation", "actors"),
            ("events", "place_id", "places")]
    refs += [(f, "report_id", "reports")
             for f in ("sentences", "mentions", "places", "numbers", "events")]
    for name, col, target in refs:
        if name not in frames or target not in known:
            continue
        dangling = set(frames[name][col].dropna()) - known[target]
        if dangling:
            raise WorkbookError("E012", frame=name, column=col,
                                ids=", ".join(sorted(map(str, dangling))[:3]))
