"""Explore the events of a run: filters, a capped table, a chart, a map, and the sentences behind
them.

The logic is plain functions over frames: :func:`view` filters the events
(:func:`analysis.views.tables.filter_events`), draws them over time and on a map, and renders the
table with every row linked to its highlighted source sentence; :func:`section` does the same for
any table of the briefing, and :func:`where_section` puts the map beside its table of places.
:class:`Explorer` is the thin widget shell over :func:`view` for JupyterLab; ipywidgets is imported
only when one is built, so renders (``interactive = False``) never need it.

Examples
--------
>>> frames = analysis.load_frames("data/frames/sample")  # doctest: +SKIP
>>> show(frames, event_type="ASSAULT", start="2025-03-01", category="killed")  # doctest: +SKIP
>>> HTML(where_section(frames))  # the map and its places  # doctest: +SKIP
>>> Explorer(frames)  # in JupyterLab: the filters and their live view  # doctest: +SKIP
"""
from __future__ import annotations

import base64
import html
import io
from typing import Iterable, Mapping, NamedTuple

import pandas as pd
from matplotlib.figure import Figure

from analysis.checks import check_int
from analysis.errors import ParameterError, WorkbookError
from analysis.views import highlight, maps, plots, tables

Frames = Mapping[str, pd.DataFrame]

MAX_ROWS = 50  # rows of a table on a page; the full table is in the run folder
WHERE = "the full table is in the run folder, and the explorer's filters narrow it"
WHERE_PLACES = "every place is in the run folder's places frame"
# the map beside its table of places; below ~900 px the table wraps under the map
WHERE_LAYOUT = "display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start"
MAP_BOX = "flex:1 1 480px;min-width:0"
PLACES_BOX = "flex:1 1 660px;min-width:0;overflow-x:auto"
# the places table beside the map: its point in one column, to leave the map its room
PLACES_SHOWN = ["name", "admin1", "country", "point", "precision", "events", "killed",
                "wounded", "event_types"]
MAP_ALT = "map of where the events took place"
FILTERS = ("event_type", "actor", "modality", "category", "start", "end", "text")
EVENT_COLUMNS = ["date", "event_type", "mode", "modality", "source", "target", "trigger",
                 "place", "killed", "wounded", "attribution", "sentence", "title", "published"]
# the columns the explorer and the briefing show of their actor and figure tables
ACTOR_COLUMNS_SHOWN = ["name", "kind", "country", "affiliation", "n_events", "as_source",
                       "as_target", "n_mentions", "n_reports", "sentence"]
FIGURE_COLUMNS_SHOWN = ["category", "text", "value", "low", "high", "qualifier", "unit", "actor",
                        "event_type", "sentence", "title", "published"]


class View(NamedTuple):
    """What the explorer shows for one set of filters."""

    table: pd.DataFrame      # every matching event (an :func:`analysis.views.tables.event_table`)
    shown: pd.DataFrame      # the rows on the page (at most ``max_rows``)
    figure: Figure           # the matching events over time, by type
    map: Figure              # the matching events on a map (see :func:`maps.event_map`)
    table_html: str          # the shown rows, each linked to its sentence, and a count note
    sentences_html: str      # the highlighted sentences of the shown rows

    def to_html(self) -> str:
        """Return the whole view as one self-contained HTML block (chart and map as PNG)."""
        return "\n".join([self.table_html, _png(self.figure), _png(self.map, MAP_ALT),
                          self.sentences_html])


def _png(fig: Figure, alt: str = "events over time") -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img alt="{html.escape(alt)}" style="max-width:100%;height:auto" '
            f'src="data:image/png;base64,{data}">')


def cap(table: pd.DataFrame, max_rows: int | None = MAX_ROWS, *,
        last: bool = True) -> pd.DataFrame:
    """Return the last (or first) ``max_rows`` rows of a table; ``None`` keeps them all.

    Event tables are sorted by date, so their last rows are the most recent events (still in
    date order); actor tables are sorted by activity, so their first rows are the most active.

    Raises
    ------
    ParameterError
        When ``max_rows`` is not an integer of at least 1.
    """
    if max_rows is None:
        return table.reset_index(drop=True)
    n = check_int(max_rows, "max_rows", minimum=1)
    return (table.tail(n) if last else table.head(n)).reset_index(drop=True)


def _count_note(shown: int, total: int, noun: str, where: str, last: bool = True) -> str:
    if shown == total:
        return f'<p class="count">{total} {noun}{"" if total == 1 else "s"}.</p>'
    which = f"{shown} most recent (newest first)" if last else f"first {shown}"
    return (f'<p class="count">Showing the {which} of {total} {noun}s; '
            f"{html.escape(where)}.</p>")


def section(frames: Frames, table: pd.DataFrame, columns: Iterable[str], *,
            prefix: str = "s", max_rows: int | None = None, last: bool = False,
            noun: str = "row",
            heading: str = "Source sentences",
            where: str = WHERE) -> str:
    """Return a table and the highlighted sentences of its rows as HTML, each row linked to its
    sentence.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    table : DataFrame
        A table with ``report_id`` and ``sent_id`` (events, actors, figures, claims, ...).
    columns : iterable of str
        The columns shown.
    prefix : str, default "s"
        Anchor prefix of this section's sentences; give each section of a page its own.
    max_rows : int, optional
        Show at most ``max_rows`` rows, and say how many there are.
    last : bool, default False
        Keep the last rows rather than the first (the most recent of a date-sorted table),
        shown newest first.
    noun : str, default "row"
        What a row is, for the count note ("event").
    heading : str
        The heading above the sentences.
    where : str
        Where the rows left out can be found, for the count note.

    Returns
    -------
    str
        The table (report text escaped), a count note when rows were left out, and one
        highlighted sentence per distinct ``(report_id, sent_id)`` of the rows shown.
    """
    shown = cap(table, max_rows, last=last)
    if last:                            # the most recent first, as a reader looks for them
        shown = shown.iloc[::-1].reset_index(drop=True)
    keys = highlight.sentence_keys(frames, shown, limit=None)
    parts = [tables.to_html(shown, list(columns), links=keys, prefix=prefix)]
    if max_rows is not None:
        parts.append(_count_note(len(shown), len(table), noun, where, last))
    if keys:
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        parts.append(highlight.highlight_rows(frames, shown, limit=None, prefix=prefix))
    return "\n".join(parts)


def actors_section(frames: Frames, *, max_rows: int | None = MAX_ROWS) -> str:
    """Return the actor table (most active first) and the sentences of their first mentions."""
    return section(frames, tables.actor_table(frames), ACTOR_COLUMNS_SHOWN, prefix="actors",
                   max_rows=max_rows, noun="actor", heading="First mentions")


def figures_section(frames: Frames, *, categories: Iterable[str] | None = None,
                    max_rows: int | None = MAX_ROWS) -> str:
    """Return the figures of ``categories`` (None: every category), the most recent kept, and
    their sentences."""
    table = tables.figure_table(frames, categories=None if categories is None else list(categories))
    return section(frames, table, FIGURE_COLUMNS_SHOWN, prefix="figures", max_rows=max_rows,
                   last=True, noun="figure")


def where_section(frames: Frames, events: pd.DataFrame | None = None, *,
                  max_rows: int | None = MAX_ROWS) -> str:
    """Return the map of the events and, beside it, the table of their places, as HTML.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    events : DataFrame, optional
        The events to place (rows with an ``event_id``, e.g. a filtered event table); default:
        every event of ``frames``.
    max_rows : int or None, default ``MAX_ROWS``
        Most places in the table (the busiest); ``None`` shows all.

    Returns
    -------
    str
        One self-contained block: the map (:func:`analysis.views.maps.event_map`) embedded as
        PNG and the places (:func:`analysis.views.maps.place_table`) side by side, the table
        wrapping under the map on narrow pages; every text escaped, nothing fetched.

    Examples
    --------
    >>> display(HTML(where_section(frames)))  # doctest: +SKIP
    """
    located = maps.locate(tables._get(frames, "events") if events is None else events, frames)
    places = maps.place_table(frames, located)
    if places.empty:
        table = f'<p class="count">{html.escape(maps.NO_POINTS.capitalize())}.</p>'
    else:
        shown = cap(places, max_rows, last=False)
        point = (shown["latitude"].map("{:.3f}".format) + ", "
                 + shown["longitude"].map("{:.3f}".format))
        shown = shown.assign(point=point).rename(columns={"geo_precision": "precision",
                                                          "n_events": "events"})
        table = tables.to_html(shown, PLACES_SHOWN)
        if max_rows is not None:
            table += "\n" + _count_note(len(shown), len(places), "place", WHERE_PLACES, False)
    return (f'<div class="where" style="{WHERE_LAYOUT}">\n'
            f'<div style="{MAP_BOX}">{_png(maps.event_map(located), MAP_ALT)}</div>\n'
            f'<div style="{PLACES_BOX}">{table}</div>\n</div>')


def view(frames: Frames, *, max_rows: int | None = MAX_ROWS, freq: str = "auto",
         prefix: str = "s", columns: Iterable[str] = EVENT_COLUMNS, **filters) -> View:
    """Filter the events and return their table, chart, map and highlighted sentences.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    max_rows : int or None, default ``MAX_ROWS``
        Most rows in the table (the most recent events); every row shown has its highlighted
        sentence. ``None`` shows all.
    freq : str, default "auto"
        Period of the chart (see :func:`analysis.views.plots.events_over_time`).
    prefix : str, default "s"
        Anchor prefix of the sentences.
    columns : iterable of str
        Columns of the table shown.
    **filters
        Any of ``event_type, actor, modality, category, start, end, text``
        (see :func:`analysis.views.tables.filter_events`); ``None`` or ``""`` means no filter.

    Returns
    -------
    View
        ``table`` (all matches), ``shown`` (the capped rows), ``figure`` (over time), ``map``
        (every match with coordinates), ``table_html`` and ``sentences_html``.

    Raises
    ------
    ParameterError
        For an unknown filter name or a bad filter value, naming it.
    """
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise ParameterError(unknown[0], filters[unknown[0]], "a filter: " + ", ".join(FILTERS))
    table = tables.filter_events(frames, **filters)
    shown = cap(table, max_rows).iloc[::-1].reset_index(drop=True)   # newest first
    keys = highlight.sentence_keys(frames, shown, limit=None)
    table_html = tables.to_html(shown, list(columns), links=keys, prefix=prefix)
    table_html += "\n" + _count_note(len(shown), len(table), "event", WHERE, True)
    figure = plots.events_over_time(table, freq=freq)
    where = maps.event_map(maps.locate(table, frames))
    sentences = highlight.highlight_rows(frames, shown, limit=None, prefix=prefix)
    return View(table, shown, figure, where, table_html,
                "<h4>Source sentences</h4>\n" + sentences)


def show(frames: Frames, **options) -> View:
    """Display :func:`view` in a notebook: the table, the chart, the map, then the sentences.

    Takes the arguments of :func:`view`; returns the view shown.
    """
    from IPython.display import HTML, display

    shown = view(frames, **options)
    display(HTML(shown.table_html))
    display(shown.figure)
    display(shown.map)
    display(HTML(shown.sentences_html))
    return shown


def choices(frames: Frames) -> dict[str, list[tuple[str, object]]]:
    """Return the options of the explorer's menus: ``(label, value)`` pairs, "all" first.

    Event types, modalities and figure categories are those present in the frames; actors are
    those that take part in an event, by name (the value is the ``actor_id``).
    """
    def present(values) -> list[tuple[str, object]]:
        return [("all", None)] + [(str(v), str(v)) for v in sorted(values.dropna().astype(str)
                                                                   .unique())]

    events, numbers = tables._get(frames, "events"), tables._get(frames, "numbers")
    activity = tables.actor_activity(events, tables._get(frames, "actors"),
                                     tables._get(frames, "mentions"))
    activity = activity[activity["n_events"] > 0].sort_values("name", kind="stable")
    return {
        "event_type": present(events["event_type"]),
        "actor": [("all", None)] + list(zip(activity["name"].astype(str),
                                            activity["actor_id"].astype(str))),
        "modality": present(events["modality"]),
        "category": present(numbers["category"]),
    }


class Explorer:
    """The widgets of the explorer: menus, dates and a search box over a live :func:`view`.

    Build it in a notebook and display it; every change of a control redraws the table, the
    chart, the map and the sentences. Displayed where widgets cannot run, it shows the current
    view as static HTML. ``controls`` holds the widgets by filter name, so code can set them too
    (``explorer.controls["text"].value = "Goma"``).

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    max_rows : int or None, default ``MAX_ROWS``
        Most rows in the table.
    """

    def __init__(self, frames: Frames, *, max_rows: int | None = MAX_ROWS):
        import ipywidgets as widgets  # only when a live explorer is built

        self.frames = frames
        self.max_rows = max_rows
        menus = choices(frames)
        self.controls = {
            "event_type": widgets.Dropdown(description="type", options=menus["event_type"]),
            "actor": widgets.Dropdown(description="actor", options=menus["actor"]),
            "modality": widgets.Dropdown(description="modality", options=menus["modality"]),
            "category": widgets.Dropdown(description="figure", options=menus["category"]),
            "start": widgets.DatePicker(description="from"),
            "end": widgets.DatePicker(description="to"),
            "text": widgets.Text(description="text", placeholder="search",
                                 continuous_update=False),
        }
        self.output = widgets.Output()
        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([c["event_type"], c["actor"], c["modality"], c["category"]]),
            widgets.HBox([c["start"], c["end"], c["text"]]),
            self.output,
        ])
        self.current: View | None = None
        self.error: str | None = None
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
        self.redraw()

    def filters(self) -> dict:
        """Return the current value of every filter."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self, _change=None) -> None:
        """Recompute the view from the controls and show it in the output area."""
        from IPython.display import HTML, display

        try:
            self.current, self.error = view(self.frames, max_rows=self.max_rows,
                                            **self.filters()), None
        except WorkbookError as err:  # a bad combination (end before start): say so, keep going
            self.current, self.error = None, str(err)
        with self.output:
            self.output.clear_output(wait=True)
            if self.current is None:
                display(HTML(self._error_html()))
            else:
                display(HTML(self.current.table_html))
                display(self.current.figure)
                display(self.current.map)
                display(HTML(self.current.sentences_html))

    def _error_html(self) -> str:
        return f'<p class="error">{html.escape(self.error or "")}</p>'

    def _repr_html_(self) -> str:
        return self._error_html() if self.current is None else self.current.to_html()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        return {**data, "text/html": self._repr_html_()}


def explorer(frames: Frames, *, max_rows: int | None = MAX_ROWS) -> Explorer:
    """Build the explorer's widgets over ``frames`` (see :class:`Explorer`)."""
    return Explorer(frames, max_rows=max_rows)
