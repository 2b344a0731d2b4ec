"""The explorer's widgets in JupyterLab: a thin ipywidgets shell over
:func:`analysis.views.explore.view`.

Menus for one choice show "all" as "all"; types, actors and countries take several; a reset
button clears every filter; the search box searches the sentences as you type (after a pause
of ``debounce`` seconds) and marks the words found. Every section of the view follows the
filters. The output is one HTML block (the chart and the map as PNG), set on the output widget
directly, so a redraw from the search box's timer needs no notebook cell.
"""
from __future__ import annotations

import html
import os
import threading
import time
from pathlib import Path
from typing import Mapping

import ipywidgets as widgets
import pandas as pd

from analysis.errors import WorkbookError
from analysis.views.explore import MAX_ROWS, View, choices, export_view, view
from analysis.views.filters import FILTERS

Frames = Mapping[str, pd.DataFrame]

ALL = ""                                        # the value of "all" in a one-choice menu
MULTIPLE = ("event_type", "actor", "country")   # the filters that take several choices
LABELS = {"event_type": "types", "actor": "actors", "modality": "modality",
          "category": "figure", "place": "place", "country": "countries", "outlet": "outlet",
          "precision": "date is", "start": "from", "end": "to", "text": "search"}
WIDE = widgets.Layout(width="250px")
ROW = widgets.Layout(flex_flow="row wrap")     # a narrow page wraps the filters, never cuts them


def _menu(name: str, options: list[tuple[str, object]]):
    if name in MULTIPLE:
        return widgets.SelectMultiple(description=LABELS[name], options=options, rows=4,
                                      layout=WIDE)
    return widgets.Dropdown(description=LABELS[name], options=[("all", ALL), *options],
                            value=ALL, layout=WIDE)


class Explorer:
    """The explorer: filters over a live :func:`analysis.views.explore.view` of the events.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    max_rows : int or None, default ``MAX_ROWS``
        Most rows in each table.
    debounce : float, default 0.3
        Seconds the search box waits after the last key before it redraws; 0 redraws at once.
    exports : str or path, default "exports"
        The folder (relative to the notebook) where "export view" writes the matching events
        as CSV and Excel, with a download link to each.
    interactive : bool, default False
        The events table as an interactive one (sort, search, paging); the notebook must have
        run :func:`analysis.views.datatables.init` first.
    run_folder : str or path, optional
        The run folder the frames come from: correction controls under the filters append
        fixes to its ``corrections.csv`` and the view redraws with them
        (:mod:`analysis.views.correction_panel`).

    ``controls`` holds the widgets by filter name, so code can set them too
    (``explorer.controls["text"].value = "Goma"``); ``reset()`` clears them all.
    """

    def __init__(self, frames: Frames, *, max_rows: int | None = MAX_ROWS,
                 debounce: float = 0.3, exports: str | os.PathLike = "exports",
                 interactive: bool = False, run_folder: str | os.PathLike | None = None):
        self.frames, self.max_rows, self.debounce = frames, max_rows, debounce
        self.run_folder = run_folder
        self.interactive = interactive
        self.exports = Path(exports)
        menus = choices(frames)
        self.controls = {name: _menu(name, menus[name]) for name in FILTERS if name in menus}
        self.controls["start"] = widgets.DatePicker(description=LABELS["start"])
        self.controls["end"] = widgets.DatePicker(description=LABELS["end"])
        self.controls["text"] = widgets.Text(description=LABELS["text"],
                                             placeholder="words of the sentence",
                                             continuous_update=True, layout=WIDE)
        self.controls = {name: self.controls[name] for name in FILTERS}
        self.reset_button = widgets.Button(description="reset filters", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self.export_button = widgets.Button(description="export view", icon="download")
        self.export_button.on_click(lambda _: self.export())
        self.links = widgets.HTML()
        self.output = widgets.Output()
        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([c["event_type"], c["actor"], c["country"]], layout=ROW),
            widgets.HBox([c["modality"], c["category"], c["place"], c["outlet"]], layout=ROW),
            widgets.HBox([c["precision"], c["start"], c["end"], c["text"]], layout=ROW),
            widgets.HBox([self.reset_button, self.export_button, self.links], layout=ROW),
            self.output,
        ])
        self.panel = None
        if run_folder is not None:   # the correction controls, under the filters
            from analysis.views.correction_panel import CorrectionPanel

            self.panel = CorrectionPanel(run_folder, frames, self.reload)
            children = list(self.widget.children)
            self.widget.children = children[:-1] + [self.panel.widget, children[-1]]
        self.current: View | None = None
        self.error: str | None = None
        self._holding = False
        self._timer: threading.Timer | None = None
        for name, control in self.controls.items():
            control.observe(self._typed if name == "text" else self.redraw, names="value")
        self.redraw()

    def filters(self) -> dict:
        """Return the current value of every filter (``None`` where it is "all")."""
        out = {}
        for name, control in self.controls.items():
            value = control.value
            if isinstance(value, tuple):
                value = list(value) or None
            out[name] = None if value in (ALL, None) else value
        return out

    def reset(self) -> None:
        """Clear every filter, then redraw once."""
        self._holding = True
        try:
            for name, control in self.controls.items():
                control.value = () if name in MULTIPLE else (
                    None if name in ("start", "end") else ALL)
        finally:
            self._holding = False
        self.redraw()

    def export(self) -> tuple[Path, Path] | None:
        """Write the events of the current view (all of them, not only the rows shown) as CSV
        and Excel into ``exports``; show a download link to each; return their paths."""
        if self.current is None:
            self.links.value = self._error_html()
            return None
        stem = time.strftime("explorer-%Y%m%d-%H%M%S")
        try:
            paths = export_view(self.current.table, self.exports, stem)
        except (OSError, WorkbookError) as err:
            self.links.value = f'<span class="error">{html.escape(str(err))}</span>'
            return None
        self.links.value = f"{len(self.current.table)} events: " + " · ".join(
            f'<a href="{html.escape(p.as_posix())}" download="{html.escape(p.name)}">'
            f"{html.escape(p.name)}</a>" for p in paths)
        return paths

    def reload(self) -> None:
        """Read the run folder's frames again (after a correction) and redraw."""
        from analysis.corrections.view import load_frames

        self.frames = load_frames(self.run_folder)
        if self.panel is not None:
            self.panel.set_frames(self.frames)
        self.redraw()

    def _typed(self, _change=None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self.debounce <= 0:
            self.redraw()
            return
        self._timer = threading.Timer(self.debounce, self.redraw)
        self._timer.daemon = True
        self._timer.start()

    def redraw(self, _change=None) -> None:
        """Recompute the view from the controls and show it in the output area."""
        if self._holding:
            return
        try:
            self.current, self.error = view(self.frames, max_rows=self.max_rows,
                                            interactive=self.interactive, **self.filters()), None
        except WorkbookError as err:  # a bad combination (end before start): say so, keep going
            self.current, self.error = None, str(err)
        if self.panel is not None and self.current is not None:
            self.panel.set_events(self.current.table)
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": self._repr_html_(),
                                         "text/plain": "the explorer's view"}},)

    def _error_html(self) -> str:
        return f'<p class="error">{html.escape(self.error or "")}</p>'

    def _repr_html_(self) -> str:
        return self._error_html() if self.current is None else self.current.to_html()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        return {**data, "text/html": self._repr_html_()}


def explorer(frames: Frames, *, max_rows: int | None = MAX_ROWS, debounce: float = 0.3,
             exports: str | os.PathLike = "exports", interactive: bool = False,
             run_folder: str | os.PathLike | None = None) -> Explorer:
    """Build the explorer's widgets over ``frames`` (see :class:`Explorer`); with
    ``run_folder``, correction controls that write to its ``corrections.csv``."""
    return Explorer(frames, max_rows=max_rows, debounce=debounce, exports=exports,
                    interactive=interactive, run_folder=run_folder)
