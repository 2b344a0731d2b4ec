"""Reading a run folder as analysts see it: its frames with the corrections file applied.

:func:`load_frames` and :func:`query` are what ``analysis.load_frames`` and ``analysis.query``
are; the explorer, the briefing, exports and SQL all read through them, so they all see the same
corrected rows.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from analysis.corrections.apply import VIEW_COLUMNS, CorrectedFrames, apply_corrections
from analysis.corrections.ledger import corrections_path, read_corrections
from analysis.store import runfolder, sql


def load_frames(path: str | os.PathLike, *, corrected: bool = True) -> CorrectedFrames:
    """Read the frames of a run folder, with its analysts' corrections applied.

    Parameters
    ----------
    path : path-like
        A run folder written by :func:`analysis.extract`.
    corrected : bool
        False for the frames as the extractor wrote them (still with the ``key``, ``corrected``
        and ``wrong`` columns, nothing corrected).

    Returns
    -------
    CorrectedFrames
        A dict of frame name to DataFrame; ``.corrections`` tells what was applied and which
        corrections are orphaned.

    Raises
    ------
    WorkbookError
        As :func:`analysis.store.runfolder.load_frames`; E070/E071 for a corrections file that
        cannot be read, naming its file and line.

    Examples
    --------
    >>> frames = load_frames("data/frames/sample")  # doctest: +SKIP
    >>> frames["events"].query("not wrong")  # doctest: +SKIP
    """
    raw = runfolder.load_frames(path)
    corrections = read_corrections(corrections_path(path)) if corrected else []
    return apply_corrections(raw, corrections)


def query(sql_text: str, run_folder: str | os.PathLike, *, corrected: bool = True
          ) -> pd.DataFrame:
    """Answer DuckDB SQL over the frames of ``run_folder`` as :func:`load_frames` gives them.

    Without corrections every table reads the folder's files (so questions over folders larger
    than memory work); with corrections, the corrected frames (events, numbers, mentions,
    actors) are read from memory and the others from their files. The tables have the view's
    columns (``key``, ``corrected``, ``wrong``) either way.
    """
    folder = Path(run_folder)
    corrections = read_corrections(corrections_path(folder)) if corrected else []
    if not corrections:
        return sql.query(sql_text, folder, extra=_view_columns_sql())
    frames = load_frames(folder)
    return sql.query(sql_text, folder, replace={name: frames[name] for name in VIEW_COLUMNS})


def _view_columns_sql() -> dict[str, str]:
    """SQL for the view's columns over a frame's files (nothing corrected)."""
    span = "report_id || ':' || CAST(start AS VARCHAR) || '-' || CAST(\"end\" AS VARCHAR)"
    event = (f"{span} || ':' || CAST(event_type AS VARCHAR) || ':' || coalesce(source_id, '') "
             "|| '>' || coalesce(target_id, '')")
    none, no = "CAST(NULL AS VARCHAR) AS corrected", "CAST(false AS BOOLEAN) AS wrong"
    return {"events": f"{event} AS key, {none}, {no}", "numbers": f"{span} AS key, {none}, {no}",
            "mentions": f"{span} AS key, {none}", "actors": none}
