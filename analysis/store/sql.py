"""SQL over a run folder with DuckDB: one view per frame, over the files its manifest lists.

DuckDB reads the Parquet (or CSV) partitions itself, a column and a row group at a time, so
questions over run folders far larger than memory come back as small frames.

Examples
--------
>>> from analysis.store.sql import query
>>> query('''SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC''',
...       "data/frames/sample")  # doctest: +SKIP
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import pandas as pd

from analysis.errors import WorkbookError
from analysis.store.runfolder import (
    FORMATS,
    check_readable,
    frame_files,
    read_manifest,
    read_snapshot,
)
from analysis.store.schema import DATE, FLOAT, FRAME_NAMES, INT, SCHEMAS

_DUCK_TYPES = {INT: "BIGINT", FLOAT: "DOUBLE", DATE: "TIMESTAMP", "boolean": "BOOLEAN"}


def _files(folder: Path, manifest: dict | None, name: str) -> tuple[list[Path], str]:
    if manifest is not None:
        return frame_files(folder, manifest, name), manifest["format"]
    for fmt in FORMATS:  # a folder of one file per frame
        if (folder / f"{name}.{fmt}").exists():
            return [folder / f"{name}.{fmt}"], fmt
    return [], "parquet"


def _literal(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _view(name: str, files: list[Path], fmt: str, extra: str | None = None) -> str:
    """The view of frame ``name`` over its files, with ``extra`` columns (SQL) after its own."""
    columns = {col: _DUCK_TYPES.get(dtype, "VARCHAR") if isinstance(dtype, str) else "VARCHAR"
               for col, dtype in SCHEMAS[name].items()}
    if not files:
        cols = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in columns.items())
        rows = f"SELECT {cols} WHERE false"
    elif fmt == "parquet":
        rows = f"SELECT * FROM read_parquet({_literal(files)}, union_by_name = true)"
    else:
        types = "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"
        rows = f"SELECT * FROM read_csv({_literal(files)}, header = true, columns = {types})"
    if extra:
        rows = f"SELECT *, {extra} FROM ({rows})"
    return f"CREATE VIEW {name} AS {rows}"


def connect(run_folder: str | os.PathLike):
    """Return a DuckDB connection with one view per frame of ``run_folder``.

    Parameters
    ----------
    run_folder : path-like
        A run folder written by :func:`analysis.extract`.

    Returns
    -------
    duckdb.DuckDBPyConnection
        Views ``reports``, ``sentences``, ``actors``, ``mentions``, ``numbers``, ``events`` and
        ``errors``; close it when done.
    """
    folder = Path(run_folder)
    if not folder.is_dir():
        raise WorkbookError("E001", path=str(folder), reason="no such run folder")
    return _connect(folder, read_manifest(folder))


def _connect(folder: Path, manifest: dict | None, *, extra=None, replace=None):
    """One view per frame over the files of one manifest: every view of one generation.
    ``extra`` maps a frame to SQL for columns added to its view; ``replace`` maps a frame to a
    DataFrame its view reads instead of the files."""
    import duckdb

    con = duckdb.connect(":memory:")
    for name in FRAME_NAMES:
        if replace and name in replace:
            con.register(f"_{name}_rows", replace[name])
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM _{name}_rows")
            continue
        files, fmt = _files(folder, manifest, name)
        con.execute(_view(name, files, fmt, (extra or {}).get(name)))
    return con


def query(sql: str, run_folder: str | os.PathLike, *, extra: Mapping[str, str] | None = None,
          replace: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Answer ``sql`` over the frames of ``run_folder`` (tables named after the frames).

    Parameters
    ----------
    sql : str
        A DuckDB query, e.g. ``SELECT * FROM events WHERE event_type = 'ASSAULT'``.
    run_folder : path-like
    extra : mapping of str to str, optional
        SQL of columns added to a frame's view (``{"events": "1 AS one"}``).
    replace : mapping of str to DataFrame, optional
        Frames read from memory instead of their files.

    Returns
    -------
    DataFrame

    Raises
    ------
    WorkbookError
        E063 when DuckDB refuses the query; E061 naming the file when a partition it reads is
        missing or cannot be read.
    """
    folder = Path(run_folder)
    if not folder.is_dir():
        raise WorkbookError("E001", path=str(folder), reason="no such run folder")
    return read_snapshot(folder, lambda manifest: _answer(sql, folder, manifest, extra=extra,
                                                          replace=replace))


def _answer(sql: str, folder: Path, manifest: dict | None, **views) -> pd.DataFrame:
    import duckdb

    con = None
    try:
        con = _connect(folder, manifest, **views)
        return con.execute(sql).df()
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        for name in FRAME_NAMES:
            for path in _files(folder, manifest, name)[0]:
                if str(path) in first:   # a damaged or vanished partition, not the query
                    check_readable(name, path, manifest["format"] if manifest else "parquet")
                    raise WorkbookError("E061", path=str(folder), reason=f"{path.parent.name}/"
                                        f"{path.name} cannot be read: {first[:200]}") from None
        raise WorkbookError("E063", reason=first) from None
    finally:
        if con is not None:
            con.close()
