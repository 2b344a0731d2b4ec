"""The workbook's knowledge as CSV (gazetteers, trigger lexicon, word classes, number tables), and
the one reader every table goes through, bundled here or an analyst's own.

:func:`read_csv` accepts what spreadsheets write (a UTF-8 byte-order mark, ``\\r\\n`` or ``\\n``
line ends), checks the columns a caller needs and names the file when one is missing, and caches
each file on its path, size and modification time, so an edited file is read again.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Sequence

from analysis.errors import WorkbookError

RESOURCES = Path(__file__).resolve().parent
# resolved path -> ((mtime, size), (header, rows)): one entry per file, replaced when it changes
_CACHE: dict[str, tuple[tuple[int, int], tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]] = {}


def bundled(name: str) -> Path:
    """Return the path of the bundled resource table ``name`` (``"actors.csv"``)."""
    return RESOURCES / name


def file_stamp(path: str | os.PathLike | None) -> tuple[str, int] | None:
    """Return the cache key of an analyst's file: its path and modification time (None for no
    file), so that caches built from it read an edited file again."""
    if not path:
        return None
    try:
        return str(path), os.stat(path).st_mtime_ns
    except OSError:
        return str(path), 0     # reading it raises the one-line error


def _parse(path: Path) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    try:
        stat = os.stat(path)
        key, stamp = str(Path(path).resolve()), (stat.st_mtime_ns, stat.st_size)
        if key in _CACHE and _CACHE[key][0] == stamp:
            return _CACHE[key][1]
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise WorkbookError("E040", path=str(path), reason=exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise WorkbookError("E040", path=str(path), reason=f"not a readable CSV ({exc})") from exc
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = tuple(next(reader, ()))
        rows = tuple(tuple(row) for row in reader if row)
    except csv.Error as exc:
        raise WorkbookError("E040", path=str(path), reason=f"not a readable CSV ({exc})") from exc
    _CACHE[key] = (stamp, (header, rows))
    return header, rows


def read_csv(path: str | os.PathLike, columns: Sequence[str] = ()) -> list[dict[str, str]]:
    """Read a resource CSV into one dict per row (header names to values, ``""`` when missing).

    Parameters
    ----------
    path : path-like
        A bundled table (see :func:`bundled`) or an analyst's file.
    columns : sequence of str
        Columns the caller needs; a file without one of them is refused, naming the file.

    Raises
    ------
    WorkbookError
        E040 for a file that cannot be read or lacks a column.
    """
    header, rows = _parse(Path(path))
    missing = [c for c in columns if c not in header]
    if missing:
        raise WorkbookError("E040", path=str(path),
                            reason=f"missing column(s) {', '.join(missing)}")
    return [{name: (row[k] if k < len(row) else "") for k, name in enumerate(header)}
            for row in rows]
