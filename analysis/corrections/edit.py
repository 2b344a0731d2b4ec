"""Making corrections: the functions the command line, the explorer and a notebook cell share.

Each checks its correction against the run's frames as analysts see them now (the row must exist,
an actor it names must exist), records what the row said (``old``) and appends it to the run's
corrections file.

Examples
--------
>>> from analysis.corrections import edit
>>> edit.correct("data/frames/sample", "events", key, event_type="ACCUSE")  # doctest: +SKIP
>>> edit.mark_wrong("data/frames/sample", key, note="a tennis score")  # doctest: +SKIP
>>> run = "data/frames/sample"
>>> edit.merge_actors(run, "pentagon", "united-states-armed-forces")  # doctest: +SKIP
"""
from __future__ import annotations

import os
from typing import Mapping

import numpy as np
import pandas as pd

from analysis.corrections.keys import is_span_key, parse_event_key
from analysis.corrections.ledger import CORRECTABLE, Correction, append, new_correction
from analysis.corrections.view import load_frames
from analysis.errors import ParameterError

ALIASES = {"source": "source_id", "target": "target_id", "type": "event_type"}


def frame_of_key(key: str) -> str:
    """``events`` for an event key, ``numbers`` for a span key; ParameterError otherwise."""
    if parse_event_key(key) is not None:
        return "events"
    if is_span_key(key):
        return "numbers"
    raise ParameterError("key", key, "an event key (report:start-end:TYPE:source>target) or a "
                                     "number key (report:start-end)")


def correct(run_folder: str | os.PathLike, frame: str, key: str, *, note: str = "",
            by: str | None = None, frames: Mapping[str, pd.DataFrame] | None = None,
            **values: str) -> list[Correction]:
    """Set columns of one row (``event_type="ACCUSE"``, ``source="houthis"``, ``kind=...``).

    Parameters
    ----------
    run_folder : path-like
    frame : {"events", "numbers", "actors"}
    key : str
        The row's ``key`` (an actor's ``actor_id``).
    note, by : str, optional
        Why, and who (default ``ANALYSIS_USER`` or the login name).
    frames : mapping, optional
        The corrected frames, when the caller holds them already.
    **values
        Column to new value; ``wrong="true"`` marks the row wrong.

    Returns
    -------
    list of Correction
        What was appended.
    """
    frames = load_frames(run_folder) if frames is None else frames
    row = _row(frames, frame, key)
    made = []
    for column, new in values.items():
        column = ALIASES.get(column, column)
        new = "" if new is None else str(new).strip()
        if column in ("source_id", "target_id", "affiliation", "merge_into") and new:
            _actor(frames, new, column)
        old = "" if column not in row.index or pd.isna(row[column]) else row[column]
        old = str(old).lower() if isinstance(old, (bool, np.bool_)) else str(old)
        try:
            made.append(new_correction(frame, key, column, new, old=old, note=note, by=by))
        except ValueError as exc:
            expected = str(exc).replace(f"{new!r} is not ", "").replace(f"{new!r} is no ", "a ")
            raise ParameterError(column, new, expected) from None
    append(run_folder, made)
    return made


def mark_wrong(run_folder, key: str, *, note: str = "", by: str | None = None,
               frames=None) -> list[Correction]:
    """Mark an event or number wrong (left out of views and totals; kept with ``wrong``)."""
    return correct(run_folder, frame_of_key(key), key, note=note, by=by, frames=frames,
                   wrong="true")


def merge_actors(run_folder, actor: str, into: str, *, note: str = "", by: str | None = None,
                 frames=None) -> list[Correction]:
    """Merge actor ``actor`` into actor ``into``: its mentions and events go to that one."""
    return correct(run_folder, "actors", actor, note=note, by=by, frames=frames,
                   merge_into=into)


def add_event(run_folder, key: str, *, modality: str = "asserted", note: str = "",
              by: str | None = None, frames=None) -> list[Correction]:
    """Add an event the extractor missed; ``key`` names it (report:start-end:TYPE:source>target,
    the span that of its trigger word)."""
    frames = load_frames(run_folder) if frames is None else frames
    parts = parse_event_key(key)
    if parts is None:
        raise ParameterError("add-event", key, "an event key report:start-end:TYPE:source>target")
    if key in set(frames["events"]["key"]):
        raise ParameterError("add-event", key, "an event the run does not hold yet")
    for actor in (parts.source_id, parts.target_id):
        if actor:
            _actor(frames, actor, "add-event")
    try:
        made = [new_correction("events", key, "add", modality, note=note, by=by)]
    except ValueError as exc:
        raise ParameterError("add-event", key, str(exc)) from None
    append(run_folder, made)
    return made


def _row(frames, frame: str, key: str) -> pd.Series:
    if frame not in ("events", "numbers", "actors"):
        raise ParameterError("frame", frame, "events, numbers or actors")
    df = frames[frame]
    rows = df[df["actor_id"] == key] if frame == "actors" else df[df["key"] == key]
    if rows.empty:
        raise ParameterError("key", key, f"the key of a row of {frame} in this run")
    return rows.iloc[0]


def _actor(frames, actor_id: str, what: str) -> None:
    if actor_id not in set(frames["actors"]["actor_id"]):
        raise ParameterError(what, actor_id, "the actor_id of an actor in this run")


def correctable(frame: str) -> list[str]:
    """The columns of ``frame`` an analyst may correct."""
    return [c for f, c in CORRECTABLE if f == frame and c != "add"]
