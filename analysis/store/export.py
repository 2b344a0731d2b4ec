"""Export frames for a spreadsheet: one Excel workbook with a sheet per frame, or a folder of
CSV files, safe to open.

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) opens as a
formula in Excel and LibreOffice: report text is written by strangers, so such cells are written
with a leading apostrophe, which spreadsheets show as text. Column types are kept (numbers as
numbers, dates as dates); Excel's own limits are met: text cells are cut at 32,767 characters
(the count of cells cut is logged) and characters XML cannot hold are dropped. Files are written
to a temporary name and renamed, so an interrupted export leaves no half-written file.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Mapping

import pandas as pd

from analysis.errors import ParameterError
from analysis.store.runfolder import atomic_write

log = logging.getLogger("analysis")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_CHARS = 32_767
EXCEL_ROWS = 1_048_576
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")   # what XML 1.0 cannot hold


def escape_formula(value):
    """Return a text cell that a spreadsheet shows as text, never runs as a formula.

    Examples
    --------
    >>> escape_formula("=HYPERLINK(\\"http://x\\")"), escape_formula("-5 dead"), escape_formula(3)
    ('\\'=HYPERLINK("http://x")', "'-5 dead", 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_table(df: pd.DataFrame, *, excel: bool = False) -> tuple[pd.DataFrame, int]:
    """Return a copy of a frame with every text cell escaped (and, for Excel, cleaned and cut to
    its cell limit), and how many cells were cut."""
    out = df.copy()
    cut = 0
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype("string")
        if not (pd.api.types.is_string_dtype(series) or series.dtype == object):
            continue
        values = series.astype(object).map(escape_formula)
        if excel:
            values = values.map(lambda v: ILLEGAL.sub("", v) if isinstance(v, str) else v)
            long = values.map(lambda v: isinstance(v, str) and len(v) > EXCEL_CELL_CHARS)
            cut += int(long.sum())
            values = values.map(lambda v: v[:EXCEL_CELL_CHARS] if isinstance(v, str) else v)
        out[column] = values.where(series.notna(), None)
    return out, cut


def to_excel(frames: Mapping[str, pd.DataFrame], path: str | os.PathLike) -> Path:
    """Write the frames into one workbook, a sheet per frame (in the order given)."""
    path = Path(path)
    for name, df in frames.items():
        if len(df) >= EXCEL_ROWS:
            raise ParameterError("to", str(path), f"a CSV folder: frame {name} has "
                                 f"{len(df):,} rows, more than a sheet holds")

    def write(tmp):     # through a handle: pandas reads the engine off a path's suffix
        with open(tmp, "wb") as fh, pd.ExcelWriter(fh, engine="openpyxl") as writer:
            for name, df in frames.items():
                table, cut = safe_table(df, excel=True)
                if cut:
                    log.warning("%s: %d cells of frame %s cut to Excel's %d characters", path,
                                cut, name, EXCEL_CELL_CHARS)
                table.to_excel(writer, sheet_name=name[:31], index=False)

    atomic_write(path, write)   # the file gets the user's umask mode (atomic_write)
    return path


def to_csv_folder(frames: Mapping[str, pd.DataFrame], folder: str | os.PathLike) -> Path:
    """Write each frame as ``FOLDER/NAME.csv`` (UTF-8, a header row)."""
    folder = Path(folder)
    for name, df in frames.items():
        table = safe_table(df)[0]
        atomic_write(folder / f"{name}.csv",
                     lambda tmp, t=table: t.to_csv(tmp, index=False, encoding="utf-8"))
    return folder


def export(frames: Mapping[str, pd.DataFrame], to: str | os.PathLike) -> Path:
    """Write the frames to ``FILE.xlsx``, or as CSV files into a folder (a path ending in ``/``,
    an existing folder, or a name without a suffix).

    Raises
    ------
    ParameterError
        For a file that is neither ``.xlsx`` nor a folder, or a missing parent folder.
    """
    raw = str(to)
    target = Path(raw)
    if target.suffix.lower() == ".xlsx":
        if not target.parent.is_dir():
            raise ParameterError("to", raw, "a file in an existing folder")
        return to_excel(frames, target)
    if raw.endswith(("/", os.sep)) or target.is_dir() or not target.suffix:
        if target.exists() and not target.is_dir():
            raise ParameterError("to", raw, "a folder for CSV files")
        return to_csv_folder(frames, target)
    raise ParameterError("to", raw, "a .xlsx file or a folder for CSV files (ending in /)")
