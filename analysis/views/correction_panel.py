"""The explorer's correction controls: pick an event of the view, read its sentence, fix it.

The common fixes are one click each: mark the event wrong, change its type, change its source
or target, merge two actors (with a note). Each is written to the run folder's
``corrections.csv`` through :mod:`analysis.corrections.edit`, the frames are read again, and the
explorer redraws: the correction shows at once and lasts through every re-run.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from analysis.corrections import edit
from analysis.errors import WorkbookError
from analysis.store.schema import EVENT_TYPES

MAX_CHOICES = 300              # events offered in the menu (the first of the view)
NONE = ""                      # "no actor" in the source and target menus
WIDE = widgets.Layout(width="420px")
NARROW = widgets.Layout(width="250px")
ROW = widgets.Layout(flex_flow="row wrap")


def _label(row) -> str:
    def name(value):
        return "—" if pd.isna(value) or not value else str(value)

    return (f"{row['event_type']} · {name(row['trigger'])} · {name(row['source'])} → "
            f"{name(row['target'])} · {str(row['report_id'])[:8]}")


class CorrectionPanel:
    """Correction controls over the events an explorer shows.

    Parameters
    ----------
    run_folder : path-like
        The run folder whose ``corrections.csv`` the fixes are appended to.
    frames : mapping of str to DataFrame
        The corrected frames the explorer shows.
    changed : callable
        Called with no argument after a correction was recorded (the explorer reloads).
    """

    def __init__(self, run_folder: str | os.PathLike, frames, changed: Callable[[], None]):
        self.run_folder, self.frames, self.changed = Path(run_folder), frames, changed
        self.event = widgets.Dropdown(description="event", options=[], layout=WIDE)
        self.sentence = widgets.HTML()
        self.note = widgets.Text(description="note", placeholder="why (kept with the fix)",
                                 layout=WIDE)
        self.event_type = widgets.Dropdown(description="type", options=EVENT_TYPES,
                                           layout=NARROW)
        self.source = widgets.Dropdown(description="source", layout=NARROW)
        self.target = widgets.Dropdown(description="target", layout=NARROW)
        self.merge_from = widgets.Dropdown(description="merge", layout=NARROW)
        self.merge_into = widgets.Dropdown(description="into", layout=NARROW)
        self.buttons = {
            "wrong": widgets.Button(description="mark wrong", icon="ban",
                                    button_style="danger"),
            "type": widgets.Button(description="set type", icon="tag"),
            "actors": widgets.Button(description="set source/target", icon="user"),
            "merge": widgets.Button(description="merge actors", icon="compress"),
        }
        for name, button in self.buttons.items():
            button.on_click(lambda _b, name=name: self.apply(name))
        self.status = widgets.HTML()
        self.event.observe(lambda _c: self.show_event(), names="value")
        self.widget = widgets.VBox([
            widgets.HTML("<b>Correct an event</b> (written to "
                         f"<code>{html.escape(str(self.run_folder / 'corrections.csv'))}"
                         "</code>)"),
            widgets.HBox([self.event, self.note], layout=ROW),
            self.sentence,
            widgets.HBox([self.buttons["wrong"], self.event_type, self.buttons["type"]],
                         layout=ROW),
            widgets.HBox([self.source, self.target, self.buttons["actors"]], layout=ROW),
            widgets.HBox([self.merge_from, self.merge_into, self.buttons["merge"]], layout=ROW),
            self.status,
        ])
        self.set_frames(frames)

    def set_frames(self, frames) -> None:
        """Take the frames read again after a correction (actor menus follow them)."""
        self.frames = frames
        actors = frames["actors"].sort_values("name")
        options = [(f"{n} ({i})", i) for n, i in zip(actors["name"], actors["actor_id"])]
        for menu in (self.source, self.target):
            menu.options = [("none", NONE), *options]
        self.merge_from.options = options
        self.merge_into.options = options
        self.keys = dict(zip(frames["events"]["event_id"], frames["events"]["key"]))

    def set_events(self, table: pd.DataFrame) -> None:
        """Offer the events of the explorer's view (an event table), the first ones first."""
        rows = table.head(MAX_CHOICES)
        keep = self.event.value
        self.event.options = [(_label(r), self.keys.get(r["event_id"]))
                              for _, r in rows.iterrows() if self.keys.get(r["event_id"])]
        values = [v for _, v in self.event.options]
        if values:   # the event chosen before, if the view still has it, else the first
            self.event.value = keep if keep in values else values[0]
        self.show_event()

    def show_event(self) -> None:
        """Show the chosen event's sentence, and set the menus to what it says now."""
        events = self.frames["events"]
        row = events[events["key"] == self.event.value]
        if row.empty:
            self.sentence.value = "<p><i>no event in the view</i></p>"
            return
        row = row.iloc[0]
        sentences = self.frames["sentences"]
        hit = sentences[(sentences["report_id"] == row["report_id"])
                        & (sentences["sent_id"] == row["sent_id"])]
        text = str(hit["text"].iloc[0]) if len(hit) else str(row["trigger"])
        start = row["start"] - (int(hit["start"].iloc[0]) if len(hit) else row["start"])
        end = start + (row["end"] - row["start"])
        marked = (html.escape(text[:start]) + f"<mark>{html.escape(text[start:end])}</mark>"
                  + html.escape(text[end:]))
        fixed = "" if pd.isna(row["corrected"]) else (
            f' <span style="color:#8a5a00">corrected: {html.escape(row["corrected"])}</span>')
        self.sentence.value = (f'<p style="max-width:60em">{marked}</p><p><code>'
                               f'{html.escape(row["key"])}</code>{fixed}</p>')
        self.event_type.value = str(row["event_type"])
        for menu, col in ((self.source, "source_id"), (self.target, "target_id")):
            value = NONE if pd.isna(row[col]) else row[col]
            menu.value = value if value in {v for _, v in menu.options} else NONE

    def _actor_changes(self, key: str) -> dict[str, str]:
        row = self.frames["events"].set_index("key").loc[key]
        changes = {}
        for menu, col in ((self.source, "source_id"), (self.target, "target_id")):
            now = "" if pd.isna(row[col]) else row[col]
            if menu.value != now:
                changes[col] = menu.value
        if not changes:
            raise ValueError("the source and target are already these")
        return changes

    def apply(self, what: str) -> list | None:
        """Record the fix ``what`` (wrong, type, actors, merge) for the chosen event."""
        key, note = self.event.value, self.note.value.strip()
        try:
            if what == "merge":
                made = edit.merge_actors(self.run_folder, self.merge_from.value,
                                         self.merge_into.value, note=note, frames=self.frames)
            elif not key:
                raise ValueError("choose an event first")
            elif what == "wrong":
                made = edit.mark_wrong(self.run_folder, key, note=note, frames=self.frames)
            elif what == "type":
                made = edit.correct(self.run_folder, "events", key, note=note,
                                    frames=self.frames, event_type=self.event_type.value)
            else:
                made = edit.correct(self.run_folder, "events", key, note=note,
                                    frames=self.frames, **self._actor_changes(key))
        except (WorkbookError, ValueError) as err:
            self.status.value = f'<span class="error">{html.escape(str(err))}</span>'
            return None
        self.status.value = "recorded: " + "; ".join(
            html.escape(f"{c.column} {c.old or '—'} → {c.new or '—'}") for c in made)
        self.note.value = ""
        self.changed()
        return made
