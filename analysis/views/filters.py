"""Filter the events of a run as an analyst asks: by type, actors, modality, place, country,
outlet, date and its precision, figures, and words of the sentence.

:func:`filter_events` is what the explorer's widgets drive (:mod:`analysis.views.explore`) and
what a notebook cell calls; every filter takes one value or several, and ``None`` or ``""`` (or
an empty list) means no filter.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from analysis.checks import check_choice, check_date
from analysis.errors import ParameterError
from analysis.store.schema import CATEGORIES, EVENT_TYPES, MODALITIES
from analysis.views.tables import _get, date_periods, event_table, own_precision

Frames = Mapping[str, pd.DataFrame]

FILTERS = ("event_type", "actor", "modality", "category", "place", "country", "outlet",
           "precision", "start", "end", "text")
PRECISIONS = {"1": 1, "2": 2, "3": 3, "day": 1, "week": 2, "month": 3, "year": 3}


def _values(value) -> list | None:
    """One value or several as a list; None for "no filter"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    values = [value] if isinstance(value, (str, int)) else [v for v in value if v not in
                                                             (None, "")]
    return values or None


def _as_set(value, name: str, choices: list[str]) -> set[str] | None:
    values = _values(value)
    return None if values is None else {check_choice(v, name, choices) for v in values}


def _folded(value) -> set[str] | None:
    values = _values(value)
    return None if values is None else {str(v).strip().casefold() for v in values}


def _precisions(value) -> set[int] | None:
    values = _values(value)
    if values is None:
        return None
    out = set()
    for v in values:
        level = PRECISIONS.get(str(v).strip().lower())
        if level is None:
            raise ParameterError("precision", v, "1 (a day), 2 (a week), 3 (a month or a year)")
        out.add(level)
    return out


def _dated(table: pd.DataFrame) -> pd.Series:
    """The date of each event row: its own ``date``, else its report's ``published`` date."""
    return pd.to_datetime(table["date"].fillna(table["published"]), errors="coerce")


def _with_figure(table: pd.DataFrame, numbers: pd.DataFrame, categories: set[str]) -> pd.Series:
    """True for the rows whose sentence holds a number of one of ``categories``."""
    hits = numbers.loc[numbers["category"].isin(categories), ["report_id", "sent_id"]].dropna()
    keys = set(zip(hits["report_id"].astype(str), hits["sent_id"].astype(int)))
    return pd.Series([pd.notna(r) and pd.notna(s) and (str(r), int(s)) in keys
                      for r, s in zip(table["report_id"], table["sent_id"])],
                     index=table.index, dtype=bool)


def _in(column: pd.Series, wanted: set[str]) -> pd.Series:
    return column.astype("string").str.strip().str.casefold().isin(wanted).fillna(False)


def _actors(table: pd.DataFrame, wanted: set[str]) -> pd.Series:
    hit = pd.Series(False, index=table.index)
    for role in ("source", "target"):
        hit |= _in(table[f"{role}_id"], wanted) | _in(table[role], wanted)
    return hit


def _dates(table: pd.DataFrame, first, last) -> pd.Series:
    keep = pd.Series(True, index=table.index)
    since, until = date_periods(_dated(table), own_precision(table))
    if first is not None:
        keep &= (until >= first.normalize()).fillna(False)
    if last is not None:
        keep &= (since < last.normalize() + pd.Timedelta(days=1)).fillna(False)
    return keep


def filter_events(frames: Frames, *, event_type=None, actor=None, modality=None, text=None,
                  start=None, end=None, category=None, place=None, country=None, outlet=None,
                  precision=None) -> pd.DataFrame:
    """Return the rows of :func:`analysis.views.tables.event_table` that match every filter.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    event_type, modality, category : str or iterable of str, optional
        PLOVER event types; modalities (asserted, planned, ...); number categories (killed,
        wounded, deployed, ...): events whose sentence gives such a figure.
    actor : str or iterable of str, optional
        ``actor_id`` or actor names (case-insensitive), as source or target.
    place, country, outlet : str or iterable of str, optional
        Place names of the events; ISO3 codes of their place's country; report sources
        (outlets), all case-insensitive.
    precision : int, str or iterable, optional
        Precision of the event's own date: 1 or "day", 2 or "week", 3 or "month" / "year".
    text : str, optional
        Words searched (case-insensitive) in the event's sentence, and only there.
    start, end : str, date or Timestamp, optional
        First and last day to keep (both included), on the event's date or, without one, its
        report's ``published`` date; an event is kept when the days its date stands for overlap
        the range (:func:`analysis.views.tables.date_periods`): "March 2024" matches
        ``start="2024-03-15"``. Events with no date at all are dropped by a bound.

    Returns
    -------
    DataFrame
        The filtered event table, in its order (by date).

    Raises
    ------
    ParameterError
        When a type, modality, category or precision is not in the vocabulary, a bound is not a
        date, or ``end`` is before ``start``.

    Examples
    --------
    >>> filter_events(frames, event_type=["ASSAULT", "PROTEST"], country="KEN")  # doctest: +SKIP
    >>> filter_events(frames, start="2025-03-01", category="killed")  # doctest: +SKIP
    """
    types = _as_set(event_type, "event_type", EVENT_TYPES)
    modalities = _as_set(modality, "modality", MODALITIES)
    categories = _as_set(category, "category", CATEGORIES)
    levels = _precisions(precision)
    first, last = check_date(start, "start"), check_date(end, "end")
    if first is not None and last is not None and last < first:
        raise ParameterError("end", f"{last:%Y-%m-%d}",
                             f"a date on or after start ({first:%Y-%m-%d})")
    table = event_table(frames)
    keep = pd.Series(True, index=table.index)
    if types:
        keep &= table["event_type"].isin(types)
    if modalities:
        keep &= table["modality"].isin(modalities)
    for column, wanted in (("place", _folded(place)), ("place_country", _folded(country)),
                           ("report_source", _folded(outlet))):
        if wanted:
            keep &= _in(table[column], wanted)
    if (actors := _folded(actor)) is not None:
        keep &= _actors(table, actors)
    if levels:
        keep &= own_precision(table).isin(levels).fillna(False)
    if text is not None and str(text).strip():
        keep &= table["sentence"].astype("string").str.casefold().str.contains(
            str(text).strip().casefold(), regex=False).fillna(False)
    if first is not None or last is not None:
        keep &= _dates(table, first, last)
    if categories:
        keep &= _with_figure(table, _get(frames, "numbers"), categories)
    return table[keep.astype(bool)].reset_index(drop=True)
