"""Read reports from disk: text and Markdown with YAML (or TOML) front matter, HTML pages, and JSON,
JSON Lines and CSV records with a text column. Folders are read recursively.

Every report gets a stable ``report_id`` (a hash of its normalised text); a report met twice is
kept once. Input that cannot be read becomes a :class:`Skipped` record with a one-line reason and a
log line; input that can be read with a doubt (not UTF-8, broken front matter, a ``published``
that is not a date, not English) is read and logged as a warning. Reading goes on with the rest of
the corpus whatever one file holds.

Paths in reports and log lines are shown relative: as typed when the input was given as a relative
path, else from the input's own name (``reports/wire/a.txt`` for the folder ``/home/ann/reports``),
so frames and briefings never carry home folders. A text longer than ``MAX_CHARS`` is split into
parts at paragraph, sentence or word boundaries, each a report of its own (``path#part2``), so one
huge file cannot stall the run; offsets are exact into each part's text.

Markdown headings (``# Heading`` lines and ``===``/``---`` underlined lines) are read as what they
are: a heading at the top is the report's title when its front matter has none, and is left out of
the text when it repeats the title; every other heading becomes a plain line that ends its own
sentence (``## Background`` reads ``Background.``), so it never runs into the sentence after it.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from analysis.ingest import lead
from analysis.ingest.files import Decoded, Skipped, decode, iter_paths, read_bytes, unreadable, walk
from analysis.ingest.html_pages import html_report
from analysis.ingest.markdown import markdown_headings, split_front_matter
from analysis.ingest.record_files import FIELDS, RECORD_SUFFIXES, Columns, from_records
from analysis.records import Report
from analysis.resources import bundled, read_csv

__all__ = ["Columns", "Decoded", "Report", "Skipped", "decode", "iter_paths", "normalise",
           "parse_date", "read_file", "read_reports", "report_id"]

log = logging.getLogger("analysis")

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
MAX_BYTES = 5_000_000       # files above this are skipped
MAX_CHARS = 50_000          # texts above this are split into parts of at most this length
MAX_FIELD_CHARS = 500       # a title, source or url longer than this is cut
# Dates outside this range are mistakes ("March" parses as year 1) and overflow the frames.
FIRST_DATE, LAST_DATE = pd.Timestamp("1800-01-01"), pd.Timestamp("2200-12-31")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s")


def normalise(text: str) -> str:
    """Return text with Unicode NFC, ``\\n`` line ends, control characters and lone surrogates
    replaced by spaces, and no trailing spaces or blank edges."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def report_id(text: str) -> str:
    """Return the stable id of a report: a hash of its text with whitespace and case folded."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha1(folded.encode("utf-8", "replace")).hexdigest()[:16]


def parse_date(value) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD``, or None when it is missing or not a plausible date.

    Strings must name a year ("2025-03-04", "March 4, 2025"); numbers, "today" or "March" alone
    are not dates, nor is anything before 1800 or after 2200.
    """
    if isinstance(value, str):
        if not re.search(r"\d", value):
            return None
    elif not isinstance(value, (dt.date, np.datetime64)):  # datetime and Timestamp are dates
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError, OSError):
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.strftime("%Y-%m-%d") if FIRST_DATE <= stamp <= LAST_DATE else None


def _scalar(value, name: str, where: str) -> str | dt.date | None:
    """A metadata value as text (dates kept as dates); lists, mappings and the like are ignored."""
    if value is None or isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (dt.date, np.datetime64)):
        return value if name == "published" else str(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(normalise(str(value)).split())
        return text[:MAX_FIELD_CHARS].rstrip() + "\u2026" if len(text) > MAX_FIELD_CHARS else (
            text or None)
    log.warning("%s: %s is a %s, not text; ignored", where, name, type(value).__name__)
    return None


def _split(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into parts of at most ``max_chars``: at a blank line, else a sentence end,
    else a line break, else a space, in the second half of each part; a hard cut if none."""
    parts = []
    while len(text) > max_chars:
        window, half = text[:max_chars + 1], max_chars // 2
        cut = window.rfind("\n\n", half)
        if cut < 0:
            ends = [m.end() - 1 for m in _SENTENCE_END.finditer(window, half)]
            cut = ends[-1] if ends else window.rfind("\n", half)
        if cut < 0:
            cut = max(window.rfind(" ", half), window.rfind("\t", half))
        cut = max_chars if cut <= 0 else cut
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


@functools.cache
def _english_words() -> frozenset[str]:
    """Words that make up a tenth or more of any English text (``english_words.csv``); far fewer
    means another language."""
    return frozenset(row["word"].lower() for row in read_csv(bundled("english_words.csv"), ["word"]))


def _looks_english(text: str) -> bool:
    words = _WORD.findall(text[:20_000].lower())
    common = _english_words()
    return len(words) < 30 or sum(w in common for w in words) >= 0.08 * len(words)


def _make_reports(where: str, meta: dict, body: str, published: str | None,
                  max_chars: int = MAX_CHARS) -> Iterator[Report | Skipped]:
    text = normalise(body)
    if not text:
        yield Skipped(where, "empty report: no text")
        return
    clean = {f: _scalar(meta.get(f), f, where) for f in FIELDS}
    date = parse_date(clean["published"])
    if clean["published"] is not None and date is None:
        log.warning("%s: published %r is not a date; %s", where, str(clean["published"]),
                    "read from its dateline" if lead.dateline_date(text) else
                    f"using the run's date {published}" if published else "left empty")
    if date is None:                    # "BAMAKO, April 12, 2025 - ..."
        date = parse_date(lead.dateline_date(text))
    if clean["title"] is None:          # a headline on a line of its own
        clean["title"] = lead.headline(text)
    if not _looks_english(text):
        log.warning("%s: does not look like English; read, but the extractors are for English",
                    where)
    parts = _split(text, max_chars)
    if len(parts) > 1:
        log.warning("%s: %d characters; split into %d parts of at most %d", where, len(text),
                    len(parts), max_chars)
    for k, part in enumerate(parts, start=1):
        title = clean["title"]
        if len(parts) > 1:
            title = f"{title or ''} (part {k} of {len(parts)})".strip()
        yield Report(report_id(part), where if len(parts) == 1 else f"{where}#part{k}", title,
                     clean["source"], clean["url"], date or published,
                     date is None and published is not None, part)


def read_file(path: Path, *, shown: str | None = None, published: str | None = None,
              columns: Columns = Columns(), max_bytes: int = MAX_BYTES,
              max_chars: int = MAX_CHARS) -> Iterator[Report | Skipped]:
    """Yield the reports one file holds (several for records and long texts), or a Skipped.

    ``shown`` is the path reports and messages carry (default: ``path`` as given).
    """
    where = shown or str(path)
    suffix = path.suffix.lower()
    if path.is_symlink() and not path.exists():
        yield Skipped(where, unreadable(path))
        return
    if suffix not in SUFFIXES:
        yield Skipped(where, f"unsupported file type '{suffix or path.name}'")
        return
    data = read_bytes(path, max_bytes)
    if isinstance(data, str):
        yield Skipped(where, data)
        return
    if not data.strip():
        yield Skipped(where, "empty file")
        return
    raw, _, problem = decoded = decode(data)
    if raw is None:
        yield Skipped(where, decoded.problem)
        return
    if problem:
        log.warning("%s: %s", where, problem)
    if suffix in TEXT_SUFFIXES:
        meta, body = split_front_matter(raw, where)
        if suffix in MARKDOWN_SUFFIXES:
            title = _scalar(meta.get("title"), "title", where)
            meta["title"], body = markdown_headings(body, None if title is None else str(title))
        yield from _make_reports(where, meta, body, published, max_chars)
    elif suffix in HTML_SUFFIXES:
        try:
            meta, body = html_report(raw)
        except Exception as exc:  # noqa: BLE001  a parser failing on a hostile page is a skip
            yield Skipped(where, f"cannot parse HTML: {type(exc).__name__}")
            return
        if normalise(body):
            yield from _make_reports(where, meta, body, published, max_chars)
        else:
            yield Skipped(where, "HTML page has no main text")
    else:
        csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
        try:
            for rec_where, meta, body in from_records(path, where, raw, columns):
                if isinstance(body, Skipped):
                    yield body
                else:
                    yield from _make_reports(rec_where, meta, body, published, max_chars)
        except (ValueError, csv.Error, RecursionError) as exc:
            reason = "nested too deep" if isinstance(exc, RecursionError) else (
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            yield Skipped(where, f"cannot read records: {reason}")


def read_reports(paths: Iterable[str | os.PathLike], *, published: str | None = None,
                 columns: Columns = Columns(), max_bytes: int = MAX_BYTES,
                 max_chars: int = MAX_CHARS, exclude: Iterable[str | os.PathLike] = ()
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
    max_chars : int
        Texts longer than this are split into parts, each a report.
    exclude : iterable of path-like
        Folders never read (the run folder being written), each reported as skipped.

    Examples
    --------
    >>> found = [r for r in read_reports(["data/reports"]) if isinstance(r, Report)]
    >>> found[0].path  # as typed: relative paths stay relative
    'data/reports/desk_exports.json#record1'
    """
    seen: dict[str, str] = {}
    for found in walk(paths, exclude=exclude):
        items = [found] if isinstance(found, Skipped) else read_file(
            found[0], shown=found[1], published=published, columns=columns,
            max_bytes=max_bytes, max_chars=max_chars)
        for item in items:
            if isinstance(item, Report):
                if item.report_id in seen:
                    item = Skipped(item.path, f"duplicate of {seen[item.report_id]}")
                else:
                    seen[item.report_id] = item.path
            if isinstance(item, Skipped):
                log.warning("skipped %s: %s", item.path, item.reason)
            yield item
