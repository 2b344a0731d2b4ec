"""JSON, JSON Lines and CSV files of records, one report per record with a text column."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator, NamedTuple

from analysis.ingest.files import Skipped

RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
FIELDS = ("title", "source", "published", "url")


class Columns(NamedTuple):
    """Column (or key) names of JSON, JSON Lines and CSV records."""

    text: str = "text"
    title: str = "title"
    source: str = "source"
    published: str = "published"
    url: str = "url"


def _rows(raw: str, suffix: str) -> Iterator[tuple[int, object]]:
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(raw, newline=""))
        for number, row in enumerate(reader, start=2):
            yield number, row
    elif suffix == ".json":
        data = json.loads(raw)
        for number, row in enumerate(data if isinstance(data, list) else [data], start=1):
            yield number, row
    else:
        for number, line in enumerate(raw.split("\n"), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"
                    yield number, Skipped("", f"not valid JSON ({reason})")


_RECORD_WORD = {".csv": "row", ".json": "record", ".jsonl": "line", ".ndjson": "line"}


def from_records(path: Path, shown: str, raw: str, columns: Columns
                  ) -> Iterator[tuple[str, dict, str | Skipped]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = next(csv.reader(io.StringIO(raw, newline="")), [])
        if columns.text not in header:
            raise ValueError(f"no '{columns.text}' column (columns: {', '.join(header)[:80]})")
    for number, row in _rows(raw, suffix):
        where = f"{shown}#{_RECORD_WORD[suffix]}{number}"
        if isinstance(row, Skipped):
            yield where, {}, row._replace(path=where)
        elif not isinstance(row, dict) or columns.text not in row:
            yield where, {}, Skipped(where, f"record has no '{columns.text}' field")
        elif not isinstance(row[columns.text], str) and row[columns.text] is not None:
            yield where, {}, Skipped(where, f"field '{columns.text}' is not text")
        else:
            yield where, {f: row.get(getattr(columns, f)) for f in FIELDS}, row[columns.text] or ""
