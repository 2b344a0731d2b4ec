"""The corrections file of a run folder: ``<run>/corrections.csv``, append-only and diffable.

One row per correction::

    when,who,frame,key,column,old,new,note
    2026-12-04T10:12:00+00:00,amina,events,r1:120-127:ASSAULT:houthis>,event_type,ASSAULT,ACCUSE,criticism

``when`` orders the corrections (the latest of two to one cell wins, whatever order their lines
are in), ``who`` comes from ``ANALYSIS_USER`` (else the login name), ``old`` is what the row said
when it was corrected (for the reviewer; a correction is applied whatever the row says now).
What may be corrected, and how each value is checked, is the table ``resources/correctable.csv``.
A ``.gitattributes`` beside the file asks git for its union merge, so two analysts who appended
corrections merge without a conflict.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import getpass
import io
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pandas as pd

from analysis.corrections.keys import is_span_key, parse_event_key
from analysis.errors import WorkbookError
from analysis.resources import bundled, read_csv
from analysis.store.runfolder import atomic_write
from analysis.store.schema import ACTOR_KINDS, CATEGORIES, EVENT_TYPES, MODALITIES, QUALIFIERS

FILE = "corrections.csv"
COLUMNS = ["when", "who", "frame", "key", "column", "old", "new", "note"]
CORRECTABLE = {(row["frame"], row["column"]): row["kind"]
               for row in read_csv(bundled("correctable.csv"), ["frame", "column", "kind"])}
_VOCABULARIES = {"event_type": EVENT_TYPES, "modality": MODALITIES, "qualifier": QUALIFIERS,
                 "category": CATEGORIES, "actor_kind": ACTOR_KINDS, "flag": ["true", "false"],
                 "new_event": MODALITIES}
_RANGE = re.compile(r"^\s*(-?[\d.]+)\s*(?:-|–|\.\.|to)\s*(-?[\d.]+)\s*$")


class Correction(NamedTuple):
    """One row of the corrections file, with the line it is on."""

    when: str
    who: str
    frame: str
    key: str
    column: str
    old: str
    new: str
    note: str
    line: int = 0


def corrections_path(run_folder: str | os.PathLike) -> Path:
    """Return the corrections file of a run folder."""
    return Path(run_folder) / FILE


def who() -> str:
    """The analyst making a correction: ``ANALYSIS_USER``, else the login name."""
    name = os.environ.get("ANALYSIS_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def parse_range(value: str) -> tuple[float, float] | None:
    """Return ``(low, high)`` of ``"500-700"`` (or ``500..700``, ``500 to 700``), else None."""
    m = _RANGE.match(value)
    if m is None:
        return None
    try:
        low, high = float(m[1]), float(m[2])
    except ValueError:
        return None
    return (low, high) if low <= high else None


def check(frame: str, key: str, column: str, new: str) -> str | None:
    """Return why a correction is not valid, or None when it is."""
    kind = CORRECTABLE.get((frame, column))
    if kind is None:
        allowed = sorted(c for f, c in CORRECTABLE if f == frame)
        if not allowed:
            return f"frame {frame!r} cannot be corrected (events, numbers or actors)"
        return f"column {column!r} of {frame} cannot be corrected (one of {', '.join(allowed)})"
    if frame == "events" and parse_event_key(key) is None:
        return f"{key!r} is no event key (report:start-end:TYPE:source>target)"
    if frame == "numbers" and not is_span_key(key):
        return f"{key!r} is no number key (report:start-end)"
    if frame == "actors" and not key.strip():
        return "an actor key is its actor_id"
    if kind == "new_event" and parse_event_key(key).event_type not in EVENT_TYPES:
        return f"{parse_event_key(key).event_type!r} is no event type"
    vocabulary = _VOCABULARIES.get(kind)
    if vocabulary is not None and new not in vocabulary and not (kind == "new_event" and not new):
        return f"{new!r} is not one of {', '.join(vocabulary)}"
    if kind == "number":
        try:
            float(new)
        except ValueError:
            return f"{new!r} is not a number"
    if kind == "range" and parse_range(new) is None:
        return f"{new!r} is no range LOW-HIGH"
    if kind == "date" and new:
        try:
            pd.Timestamp(new)
        except ValueError:
            return f"{new!r} is not a date (YYYY-MM-DD)"
    if kind == "country" and new and not re.fullmatch(r"[A-Z]{3}", new):
        return f"{new!r} is no ISO 3166 alpha-3 code"
    if kind == "actor" and column == "merge_into" and (not new or new == key):
        return "merge_into names another actor's id"
    return None


def read_corrections(path: str | os.PathLike) -> list[Correction]:
    """Read and check a corrections file (none yet: no corrections).

    Raises
    ------
    WorkbookError
        E070 naming the file and line of the first row that is not a valid correction; E071
        for a file that cannot be read or has another header.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError("E071", path=str(path), reason=f"cannot be read: {exc}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return []
    if header != COLUMNS:
        raise WorkbookError("E071", path=str(path),
                            reason=f"its header is not {','.join(COLUMNS)}")
    found = []
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise WorkbookError("E070", path=str(path), line=line,
                                reason=f"{len(row)} fields, not {len(COLUMNS)}")
        c = Correction(*row, line=line)
        try:
            pd.Timestamp(c.when)
        except ValueError:
            raise WorkbookError("E070", path=str(path), line=line,
                                reason=f"when {c.when!r} is not a time") from None
        why = check(c.frame, c.key, c.column, c.new)
        if why:
            raise WorkbookError("E070", path=str(path), line=line, reason=why)
        found.append(c)
    return found


def ordered(corrections: Iterable[Correction]) -> list[Correction]:
    """The corrections in the order they apply: by time (a time without a zone is UTC), then
    line."""
    return sorted(corrections, key=lambda c: (pd.to_datetime(c.when, utc=True), c.line))


def new_correction(frame: str, key: str, column: str, new: str, *, old: str = "",
                   note: str = "", by: str | None = None) -> Correction:
    """Build a checked correction made now (ValueError naming what is wrong)."""
    why = check(frame, key, column, new)
    if why:
        raise ValueError(why)
    when = pd.Timestamp.now(tz="UTC").isoformat(timespec="microseconds")
    return Correction(when, by or who(), frame, key, column, old, new, note)


def append(run_folder: str | os.PathLike, corrections: Iterable[Correction]) -> Path:
    """Append corrections to the run folder's file (created with its header when missing),
    atomically: the file is rewritten whole through a temporary file, under a lock."""
    folder = Path(run_folder)
    path = corrections_path(folder)
    rows = list(corrections)
    with _locked(folder):
        read_corrections(path)                     # never append to a file that is not ours
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        if not text:
            writer.writerow(COLUMNS)
        elif not text.endswith("\n"):
            out.write("\n")
        writer.writerows(list(c[:len(COLUMNS)]) for c in rows)
        data = text + out.getvalue()
        atomic_write(path, lambda tmp: Path(tmp).write_text(data, encoding="utf-8",
                                                            newline=""))
        attributes = folder / ".gitattributes"
        if not attributes.exists():
            attributes.write_text(f"{FILE} merge=union\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / ".corrections.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
