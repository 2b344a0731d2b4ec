"""The corrected view of a run's frames: every correction of the file applied, in time order.

Rows are found by their keys (:mod:`analysis.corrections.keys`), computed on the frames as the
extractor wrote them, so a correction finds its row again after any re-run that finds the same
row, and a correction whose row is gone is listed as orphaned, never applied elsewhere.

Columns the view adds: ``key`` (events, numbers, mentions: the row's key), ``corrected`` (events,
numbers, mentions, actors: the columns an analyst changed, ``; ``-joined, else missing) and
``wrong`` (events, numbers: marked wrong; views and totals leave such rows out).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pandas as pd

from analysis.corrections.keys import frame_keys, parse_event_key
from analysis.corrections.ledger import Correction, ordered, parse_range

VIEW_COLUMNS = {"events": ("key", "corrected", "wrong"), "numbers": ("key", "corrected", "wrong"),
                "mentions": ("key", "corrected"), "actors": ("corrected",)}
_ACTOR_REFS = (("mentions", "actor_id"), ("numbers", "actor_id"), ("events", "source_id"),
               ("events", "target_id"), ("actors", "affiliation"))
_PLACE_COLUMNS = ("place_country", "place_id", "latitude", "longitude", "admin1", "geo_precision")


@dataclass
class Applied:
    """What applying a corrections file did."""

    applied: list[Correction] = field(default_factory=list)
    orphans: list[tuple[Correction, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)   # rows corrected, per frame

    @property
    def n_rows(self) -> int:
        """Rows corrected in all frames."""
        return sum(self.rows.values())

    def line(self) -> str:
        """One line for a briefing or the command line."""
        if not self.applied and not self.orphans:
            return "no corrections by analysts"
        rows = ", ".join(f"{name} {n}" for name, n in self.rows.items() if n)
        n = len(self.applied)
        text = (f"{n} correction{'' if n == 1 else 's'} by analysts applied"
                + (f" (rows corrected: {rows})" if rows else ""))
        if self.orphans:
            text += (f"; {len(self.orphans)} orphaned (their rows are no longer found; "
                     "python -m analysis corrections RUN lists them)")
        return text


class CorrectedFrames(dict):
    """The frames of a run with its corrections applied; ``corrections`` says what was done."""

    corrections: Applied = Applied()


def with_view_columns(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the frames with the view's columns (keys, nothing corrected): copies of the frames
    that have them, the others as they are (never changed)."""
    out = {}
    for name, df in frames.items():
        if name in VIEW_COLUMNS:
            df = df.copy()
            if "key" in VIEW_COLUMNS[name]:
                df["key"] = frame_keys(name, df)
            df["corrected"] = pd.Series(pd.NA, index=df.index, dtype="string")
            if "wrong" in VIEW_COLUMNS[name]:
                df["wrong"] = pd.Series(False, index=df.index, dtype="boolean")
        out[name] = df
    return out


def apply_corrections(frames: Mapping[str, pd.DataFrame], corrections: Iterable[Correction]
                      ) -> CorrectedFrames:
    """Return the frames with ``corrections`` applied (the frames given are not changed).

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as the extractor wrote them (:func:`analysis.store.runfolder.load_frames`).
    corrections : iterable of Correction
        From :func:`analysis.corrections.ledger.read_corrections`; applied by time.
    """
    work = _Work(with_view_columns(frames))
    for c in ordered(corrections):
        why = work.apply(c)
        if why:
            work.done.orphans.append((c, why))
        else:
            work.done.applied.append(c)
    return work.result()


class _Work:
    """The frames being corrected, their rows by key, and the columns changed per row."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self.frames = frames
        self.done = Applied()
        self.changed: dict[str, dict[object, set[str]]] = {name: {} for name in VIEW_COLUMNS}
        self.merged: dict[str, str] = {}            # actor id -> the id it was merged into
        self.index = {name: dict(zip(frame_keys(name, frames[name]), frames[name].index))
                      for name in VIEW_COLUMNS if name in frames}

    def mark(self, name: str, row, column: str) -> None:
        self.changed[name].setdefault(row, set()).add(column)

    def actor(self, actor_id: str) -> str | None:
        """The id an actor has now (after merges), or None when no actor has it."""
        seen = set()
        while actor_id in self.merged and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.merged[actor_id]
        return actor_id if actor_id in self.index["actors"] else None

    def apply(self, c: Correction) -> str | None:
        """Apply one correction; return why it could not be, or None."""
        if c.frame == "events" and c.column == "add":
            return self.add_event(c)
        if c.frame == "actors":   # never applied to the actor it was merged into
            if c.key in self.merged:
                return f"merged into another actor ({self.actor(c.key)})"
            if c.key not in self.index["actors"]:
                return "no actor with this id"
            return self.merge(c.key, c.new) if c.column == "merge_into" else \
                self.set_actor(c.key, c.column, c.new)
        row = self.index[c.frame].get(c.key)
        if row is None:
            return "no row with this key (the extractor no longer finds it)"
        df = self.frames[c.frame]
        if c.column == "wrong":
            df.loc[row, "wrong"] = c.new == "true"
        elif c.column in ("source_id", "target_id"):
            actor = self.actor(c.new) if c.new else None
            if c.new and actor is None:
                return f"no actor with id {c.new!r}"
            df.loc[row, c.column] = actor if actor else pd.NA
        elif c.column == "place":
            df.loc[row, "place"] = c.new or pd.NA
            df.loc[row, list(_PLACE_COLUMNS)] = pd.NA      # the resolved place was the old one
        elif c.column == "date":
            df.loc[row, "date"] = pd.Timestamp(c.new) if c.new else pd.NaT
            df.loc[row, "date_precision"] = 1 if c.new else pd.NA
        elif c.column == "value":
            value = float(c.new)
            low, high = df.loc[row, "low"], df.loc[row, "high"]
            if pd.isna(low) or pd.isna(high) or low == high:
                df.loc[row, ["low", "high"]] = value
            df.loc[row, "value"] = value
        elif c.column == "range":
            df.loc[row, ["low", "high"]] = parse_range(c.new)
        else:                                        # event_type, mode, modality, qualifier, ...
            df.loc[row, c.column] = c.new or pd.NA
        self.mark(c.frame, row, c.column)
        return None

    def set_actor(self, key: str, column: str, new: str) -> str | None:
        actors = self.frames["actors"]
        row = self.index["actors"][key]
        if column == "affiliation" and new:
            new = self.actor(new)
            if new is None:
                return "no actor with this affiliation's id"
        actors.loc[row, column] = new or pd.NA
        self.mark("actors", row, column)
        return None

    def merge(self, key: str, into: str) -> str | None:
        """Merge actor ``key`` into actor ``into``: every row naming it names ``into``."""
        target = self.actor(into)
        if target is None:
            return f"no actor with id {into!r} to merge into"
        if target == key:
            return None
        for name, col in _ACTOR_REFS:
            df = self.frames.get(name)
            if df is None:
                continue
            hit = df.index[df[col] == key]
            df.loc[hit, col] = target
            for row in hit:
                self.mark(name, row, col)
        actors = self.frames["actors"]
        src, dst = self.index["actors"].pop(key), self.index["actors"][target]
        names = [actors.loc[dst, "aliases"], actors.loc[src, "name"], actors.loc[src, "aliases"]]
        aliases = [a for part in names if pd.notna(part) and part for a in str(part).split("; ")]
        actors.loc[dst, "aliases"] = "; ".join(dict.fromkeys(aliases)) or pd.NA
        for col in ("n_mentions", "n_reports"):
            actors.loc[dst, col] = actors.loc[dst, col] + actors.loc[src, col]
        actors.loc[dst, "first_seen"] = min(actors.loc[[src, dst], "first_seen"].dropna(),
                                            default=pd.NaT)
        actors.loc[dst, "last_seen"] = max(actors.loc[[src, dst], "last_seen"].dropna(),
                                           default=pd.NaT)
        self.frames["actors"] = actors.drop(index=src)
        self.merged[key] = target
        self.mark("actors", dst, "aliases")
        return None

    def add_event(self, c: Correction) -> str | None:
        """Add the event an analyst found: the key gives its report, span, type and actors."""
        if c.key in self.index["events"]:
            return None                              # the extractor finds it now
        key = parse_event_key(c.key)
        reports = self.frames["reports"].set_index("report_id")
        if key.report_id not in reports.index:
            return "no report with this id"
        text = reports.loc[key.report_id, "text"]
        if not 0 <= key.start < key.end <= len(text):
            return "the span is outside the report's text"
        ids = {}
        for role in ("source_id", "target_id"):
            given = getattr(key, role)
            ids[role] = self.actor(given) if given else None
            if given and ids[role] is None:
                return f"no actor with id {given!r}"
        sentences = self.frames["sentences"]
        hit = sentences[(sentences["report_id"] == key.report_id)
                        & (sentences["start"] <= key.start) & (sentences["end"] > key.start)]
        events = self.frames["events"]
        row = {"event_id": f"{key.report_id}-x{key.start}-{key.end}-{len(events)}",
               "report_id": key.report_id,
               "sent_id": hit["sent_id"].iloc[0] if len(hit) else pd.NA,
               "start": key.start, "end": key.end, "trigger": text[key.start:key.end],
               "event_type": key.event_type, "modality": c.new or "asserted",
               **ids, "key": c.key, "wrong": False}
        added = pd.DataFrame([row]).astype({k: v for k, v in events.dtypes.items() if k in row})
        label = (events.index.max() + 1) if len(events) else 0
        added.index = [label]
        self.frames["events"] = pd.concat([events, added], ignore_index=False)
        self.index["events"][c.key] = label
        self.mark("events", label, "add")
        return None

    def tolls(self) -> None:
        """Give the events whose linked numbers were corrected their tolls again: the largest
        killed and wounded figure among their numbers not marked wrong."""
        numbers, events = self.frames["numbers"], self.frames["events"]
        touched = {numbers.loc[row, "event_id"] for row, cols in self.changed["numbers"].items()
                   if cols & {"wrong", "value", "category"} and row in numbers.index}
        touched.discard(pd.NA)
        for row in events.index[events["event_id"].isin(touched)]:
            mine = numbers[numbers["event_id"].eq(events.loc[row, "event_id"]).fillna(False)
                           & ~numbers["wrong"].fillna(False).astype(bool)]
            for category in ("killed", "wounded"):
                values = mine.loc[mine["category"] == category, "value"].dropna()
                toll = int(round(values.max())) if len(values) else pd.NA
                old = events.loc[row, category]
                if pd.isna(old) and pd.isna(toll) or not pd.isna(old) and not pd.isna(toll) \
                        and old == toll:
                    continue
                events.loc[row, category] = toll
                self.mark("events", row, category)

    def result(self) -> CorrectedFrames:
        self.tolls()
        for name, rows in self.changed.items():
            df = self.frames[name]
            for row, columns in rows.items():
                if row in df.index:
                    df.loc[row, "corrected"] = "; ".join(sorted(columns))
            self.done.rows[name] = int(df["corrected"].notna().sum())
        out = CorrectedFrames({name: df.reset_index(drop=True) if name in VIEW_COLUMNS else df
                               for name, df in self.frames.items()})
        out.corrections = self.done
        return out
