"""Read reports from disk: text and Markdown with YAML front matter, HTML pages, and JSON, JSON
Lines and CSV records with a text column. Folders are read recursively.

Every report gets a stable ``report_id`` (a hash of its normalised text); a report met twice is
kept once. Input that cannot be read becomes a :class:`Skipped` record with a one-line reason and a
log line; reading goes on with the rest of the corpus.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pandas as pd
import yaml

log = logging.getLogger("analysis")

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
MAX_BYTES = 5_000_000
FIELDS = ("title", "source", "published", "url")


class Report(NamedTuple):
    """One report as read from disk; ``text`` is what every character offset points into."""

    report_id: str
    path: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None       # YYYY-MM-DD
    published_assumed: bool     # True when ``published`` came from the run, not the report
    text: str


class Skipped(NamedTuple):
    """An input that was not turned into a report, and why."""

    path: str
    reason: str


class Columns(NamedTuple):
    """Column (or key) names of JSON, JSON Lines and CSV records."""

    text: str = "text"
    title: str = "title"
    source: str = "source"
    published: str = "published"
    url: str = "url"


def normalise(text: str) -> str:
    """Return text with Unicode NFC, ``\\n`` line ends and no trailing spaces or blank edges."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def report_id(text: str) -> str:
    """Return the stable id of a report: a hash of its text with whitespace and case folded."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def parse_date(value) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD``, or None when it is missing or not a date."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skipped]:
    """Yield the files under ``paths`` (folders recursively, in name order, hidden files skipped),
    or a :class:`Skipped` for a path that does not exist or cannot be listed."""
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            yield path
        elif path.is_dir():
            for folder, dirs, files in os.walk(path, onerror=None, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(folder) / name
        else:
            yield Skipped(str(path), "no such file or folder")


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes to text. Return ``(text, encoding)`` or ``(None, reason)``.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as such;
    other bytes are tried as Windows-1252. Files with NUL bytes are binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, "not valid UTF-16 text"
    if b"\x00" in data[:8192]:
        return None, "binary file, not text"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None, "not valid UTF-8 or Windows-1252 text"
    return text, "cp1252"


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Split YAML front matter (between ``---`` lines at the top) from the body."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text
    lines = stripped.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            head, body = "\n".join(lines[1:i]), "\n".join(lines[i + 1:])
            try:
                meta = yaml.safe_load(head)
            except yaml.YAMLError:
                log.warning("%s: front matter is not valid YAML; read as text only", path)
                return {}, body
            if not isinstance(meta, dict):
                log.warning("%s: front matter is not a YAML mapping; ignored", path)
                return {}, body
            return meta, body
    return {}, text


def _html_report(raw: str) -> tuple[dict, str]:
    import trafilatura  # imported on first HTML file: it is slow to import

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return {}, ""
    meta = {"title": doc.title, "source": doc.sitename, "published": doc.date, "url": doc.url}
    text = doc.text or ""
    first, _, rest = text.partition("\n")
    if doc.title and first.strip() == doc.title.strip():
        text = rest
    return meta, text


def _records(raw: str, suffix: str) -> Iterator[tuple[int, object]]:
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
                except json.JSONDecodeError as exc:
                    yield number, Skipped("", f"not valid JSON ({exc.msg})")


_RECORD_WORD = {".csv": "row", ".json": "record", ".jsonl": "line", ".ndjson": "line"}


def _from_records(path: Path, raw: str, columns: Columns) -> Iterator[tuple[str, dict, str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = next(csv.reader(io.StringIO(raw, newline="")), [])
        if columns.text not in header:
            raise ValueError(f"no '{columns.text}' column (columns: {', '.join(header)[:80]})")
    for number, row in _records(raw, suffix):
        where = f"{path}#{_RECORD_WORD[suffix]}{number}"
        if isinstance(row, Skipped):
            yield where, {}, row._replace(path=where)
            continue
        if not isinstance(row, dict) or columns.text not in row:
            yield where, {}, Skipped(where, f"record has no '{columns.text}' field")
            continue
        meta = {f: row.get(getattr(columns, f)) for f in FIELDS}
        yield where, meta, str(row.get(columns.text) or "")


def _make_report(where: str, meta: dict, body: str, published: str | None) -> Report | Skipped:
    text = normalise(body)
    if not text:
        return Skipped(where, "empty report: no text")
    date = parse_date(meta.get("published"))
    if meta.get("published") not in (None, "") and date is None:
        log.warning("%s: published date %r is not a date; using the run's date", where,
                    meta.get("published"))
    clean = {f: (str(meta[f]).strip() or None) if meta.get(f) is not None else None
             for f in ("title", "source", "url")}
    return Report(report_id(text), where, clean["title"], clean["source"], clean["url"],
                  date or published, date is None and published is not None, text)


def read_file(path: Path, *, published: str | None = None, columns: Columns = Columns(),
              max_bytes: int = MAX_BYTES) -> Iterator[Report | Skipped]:
    """Yield the reports one file holds (several for JSON, JSON Lines and CSV), or a Skipped."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Skipped(where, f"unsupported file type '{suffix or path.name}'")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(where, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(where, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Skipped(where, "empty file")
        return
    raw, encoding = decode(data)
    if raw is None:
        yield Skipped(where, encoding)
        return
    if encoding == "cp1252":
        log.warning("%s: not UTF-8; read as Windows-1252", where)
    if suffix in TEXT_SUFFIXES:
        meta, body = split_front_matter(raw, where)
        yield _make_report(where, meta, body, published)
    elif suffix in HTML_SUFFIXES:
        meta, body = _html_report(raw)
        yield _make_report(where, meta, body, published) if body.strip() else Skipped(
            where, "HTML page has no main text")
    else:
        try:
            for rec_where, meta, body in _from_records(path, raw, columns):
                yield body if isinstance(body, Skipped) else _make_report(
                    rec_where, meta, body, published)
        except (ValueError, csv.Error) as exc:
            yield Skipped(where, f"cannot read records: {str(exc).splitlines()[0]}")


def read_reports(paths: Iterable[str | os.PathLike], *, published: str | None = None,
                 columns: Columns = Columns(), max_bytes: int = MAX_BYTES
                 ) -> Iterator[Report | Skipped]:
    """Yield every report under ``paths`` once, and a :class:`Skipped` for each input that is not.

    Parameters
    ----------
    paths : iterable of path-like
        Files and folders (read recursively).
    published : str, optional
        ``YYYY-MM-DD`` date for reports that carry none (``published_assumed`` is then True).
    columns : Columns
        Column names of JSON, JSON Lines and CSV records.
    max_bytes : int
        Files larger than this are skipped.

    Examples
    --------
    >>> reports = [r for r in read_reports(["data/reports"]) if isinstance(r, Report)]  # doctest: +SKIP
    """
    seen: dict[str, str] = {}
    for path in iter_paths(paths):
        items = [path] if isinstance(path, Skipped) else read_file(
            path, published=published, columns=columns, max_bytes=max_bytes)
        for item in items:
            if isinstance(item, Report):
                if item.report_id in seen:
                    item = Skipped(item.path, f"duplicate of {seen[item.report_id]}")
                else:
                    seen[item.report_id] = item.path
            if isinstance(item, Skipped):
                log.warning("skipped %s: %s", item.path, item.reason)
            yield item
