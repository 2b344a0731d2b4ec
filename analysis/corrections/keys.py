"""Row keys that survive re-extraction: a row is named by what it says, not by a sequence number.

- an event by its report, its trigger's character span, its type and its source and target
  (one trigger can give several source-target pairs): ``r1:120-127:ASSAULT:houthis>israel``;
- a number or a mention by its report and span: ``r1:55-64``;
- an actor by its canonical id: ``houthis``.

A new extractor version that finds the same row gives it the same key; a row it no longer finds
leaves the corrections made to it orphaned, never applied to another row.
"""
from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

KEYED = ("events", "numbers", "mentions", "actors")
_EVENT = re.compile(r"^(?P<report>[^:]+):(?P<start>\d+)-(?P<end>\d+):(?P<type>[A-Z_]+):"
                    r"(?P<source>[^>]*)>(?P<target>.*)$")
_SPAN = re.compile(r"^(?P<report>[^:]+):(?P<start>\d+)-(?P<end>\d+)$")


class EventKey(NamedTuple):
    """The parts of an event key."""

    report_id: str
    start: int
    end: int
    event_type: str
    source_id: str | None
    target_id: str | None


def event_key(report_id: str, start: int, end: int, event_type: str, source_id=None,
              target_id=None) -> str:
    """Return the key of an event.

    Examples
    --------
    >>> event_key("r1", 120, 127, "ASSAULT", "houthis", None)
    'r1:120-127:ASSAULT:houthis>'
    """
    def part(value):
        return "" if value is None or pd.isna(value) else str(value)

    return f"{report_id}:{int(start)}-{int(end)}:{event_type}:{part(source_id)}>{part(target_id)}"


def parse_event_key(key: str) -> EventKey | None:
    """Return the parts of an event key, or None when ``key`` is not one.

    Examples
    --------
    >>> parse_event_key("r1:120-127:ASSAULT:houthis>")
    EventKey(report_id='r1', start=120, end=127, event_type='ASSAULT', source_id='houthis', \
target_id=None)
    """
    m = _EVENT.match(key)
    if m is None:
        return None
    return EventKey(m["report"], int(m["start"]), int(m["end"]), m["type"],
                    m["source"] or None, m["target"] or None)


def is_span_key(key: str) -> bool:
    """Whether ``key`` names a number or mention (``report:start-end``)."""
    return _SPAN.match(key) is not None


def frame_keys(name: str, df: pd.DataFrame) -> pd.Series:
    """Return the key of every row of frame ``name`` (events, numbers, mentions or actors)."""
    if name == "actors":
        return df["actor_id"].astype("string")
    if df.empty:
        return pd.Series([], index=df.index, dtype="string")
    span = df["report_id"].astype(str) + ":" + df["start"].astype(str) + "-" + \
        df["end"].astype(str)
    if name != "events":
        return span.astype("string")
    def side(col):
        return df[col].astype("string").fillna("")

    keys = span + ":" + df["event_type"].astype(str) + ":" + side("source_id") + ">" + \
        side("target_id")
    return keys.astype("string")
