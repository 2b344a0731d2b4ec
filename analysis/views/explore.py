"""Explore the events of a run: filters, a capped table, a chart, a map, and the sentences behind
them.

The logic is plain functions over frames: :func:`view` filters the events
(:func:`analysis.views.filters.filter_events`), draws them over time and on a map, and renders the
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
import os
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

import pandas as pd
from matplotlib.figure import Figure

from analysis.checks import check_int
from analysis.errors import ParameterError
from analysis.views import highlight, maps, plots, tables
from analysis.views.filters import FILTERS, filter_events

Frames = Mapping[str, pd.DataFrame]

MAX_ROWS = 50  # rows of a table on a page; the full table is in the run folder
WHERE = "the full table is in the run folder, and the explorer's filters narrow it"
WHERE_PLACES = "every place is in the run folder's places frame"
WHERE_FOLLOW = "the filters above narrow them with the events"
WHERE_STATIC = "the full table is in the run folder"
# the map beside its table of places; below ~900 px the table wraps under the map
WHERE_LAYOUT = "display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start"
MAP_BOX = "flex:1 1 480px;min-width:0"
PLACES_BOX = "flex:1 1 660px;min-width:0;overflow-x:auto"
# the places table beside the map: its point in one column, to leave the map its room
PLACES_SHOWN = ["name", "admin1", "country", "point", "precision", "events", "killed",
                "wounded", "event_types"]
MAP_ALT = "map of where the events took place"
# the explorer: chart and map on the left, the events table beside them, scrolling in its box
CHARTS_BOX = "flex:0 1 520px;min-width:0"
TABLE_BOX = "flex:1 1 560px;min-width:0;max-height:760px;overflow:auto"
# the compact table beside them: left-aligned, top-aligned, the sentence given room to wrap
TABLE_STYLE = ("<style>div.events-table table{border-collapse:collapse;font-size:90%}"
               "div.events-table table th,div.events-table table td{text-align:left!important;"
               "vertical-align:top!important;padding:2px 6px;border-bottom:1px solid #ddd}"
               "div.events-table table td:last-child{min-width:18em;max-width:40em}</style>")
COMPACT_COLUMNS = ["date", "event_type", "modality", "source", "target", "place", "killed",
                   "wounded", "sentence"]
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
    actors_html: str = ""    # the actors of the matching events
    figures_html: str = ""   # the figures of the matching events' sentences

    def to_html(self) -> str:
        """Return the whole view as one self-contained HTML block (chart and map as PNG): the
        chart and the map beside the table, then the sentences, the actors and the figures."""
        charts = f'<div style="{CHARTS_BOX}">{_png(self.figure)}{_png(self.map, MAP_ALT)}</div>'
        table = (f'<div class="events-table" style="{TABLE_BOX}">{TABLE_STYLE}'
                 f'{self.table_html}</div>')
        return "\n".join([f'<div class="explore" style="{WHERE_LAYOUT}">{charts}{table}</div>',
                          self.sentences_html, self.actors_html, self.figures_html])


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
            where: str = WHERE, interactive: bool = False) -> str:
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
    interactive : bool, default False
        Show the table as an interactive one (sort, search, paging; the page must have run
        :func:`analysis.views.datatables.init`).

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
    home = f"{prefix}-table"
    parts = [f'<div id="{html.escape(home)}">'
             + tables.to_html(shown, list(columns), links=keys, prefix=prefix,
                              interactive=interactive) + "</div>"]
    if max_rows is not None:
        parts.append(_count_note(len(shown), len(table), noun, where, last))
    if keys:
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        parts.append(highlight.highlight_rows(frames, shown, limit=None, prefix=prefix,
                                              back=home))
    return "\n".join(parts)


def actors_section(frames: Frames, *, max_rows: int | None = MAX_ROWS,
                   prefix: str = "actors", interactive: bool = False) -> str:
    """Return the actor table (most active first) and the sentences of their first mentions."""
    return section(frames, tables.actor_table(frames), ACTOR_COLUMNS_SHOWN, prefix=prefix,
                   max_rows=max_rows, noun="actor", heading="First mentions",
                   where=WHERE_STATIC, interactive=interactive)


def figures_section(frames: Frames, *, categories: Iterable[str] | None = None,
                    max_rows: int | None = MAX_ROWS, prefix: str = "figures",
                    interactive: bool = False) -> str:
    """Return the figures of ``categories`` (None: every category), the most recent kept, and
    their sentences."""
    table = tables.figure_table(frames, categories=None if categories is None else list(categories))
    return section(frames, table, FIGURE_COLUMNS_SHOWN, prefix=prefix, max_rows=max_rows,
                   last=True, noun="figure", where=WHERE_STATIC, interactive=interactive)


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
         prefix: str = "s", columns: Iterable[str] = COMPACT_COLUMNS,
         interactive: bool = False, **filters) -> View:
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
        Columns of the table shown (default ``COMPACT_COLUMNS``, the sentence last; the
        attribution, trigger and report are in the sentences below; ``EVENT_COLUMNS`` shows
        them all).
    interactive : bool, default False
        The table as an interactive one (sort, search, paging; the page must have run
        :func:`analysis.views.datatables.init`).
    **filters
        Any of ``event_type, actor, modality, category, start, end, text``
        (see :func:`analysis.views.filters.filter_events`); ``None`` or ``""`` means no filter.

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
    table = filter_events(frames, **filters)
    shown = cap(table, max_rows).iloc[::-1].reset_index(drop=True)   # newest first
    keys = highlight.sentence_keys(frames, shown, limit=None)
    table_html = (f'<div id="{html.escape(prefix)}-table">'
                  + tables.to_html(shown, list(columns), links=keys, prefix=prefix,
                                   interactive=interactive) + "</div>")
    table_html += "\n" + _count_note(len(shown), len(table), "event", WHERE, True)
    figure = plots.events_over_time(table, freq=freq)
    where = maps.event_map(maps.locate(table, frames))
    term = filters.get("text") if isinstance(filters.get("text"), str) else None
    sentences = highlight.highlight_rows(frames, shown, limit=None, prefix=prefix, term=term,
                                         back=f"{prefix}-table")
    narrowed = any(v not in (None, "", [], ()) for v in filters.values())
    return View(table, shown, figure, where, table_html,
                "<h4>Source sentences</h4>\n" + sentences,
                *(_followers(frames, table, max_rows, prefix) if narrowed else
                  (actors_section(frames, max_rows=max_rows, prefix=f"{prefix}-actors"),
                   figures_section(frames, max_rows=max_rows, prefix=f"{prefix}-figures"))))


def _followers(frames: Frames, events: pd.DataFrame, max_rows: int | None, prefix: str
               ) -> tuple[str, str]:
    """The actors and the figures of the matching events, as HTML sections."""
    ids = set(events["source_id"].dropna().astype(str)) | set(events["target_id"].dropna()
                                                             .astype(str))
    actors = tables.actor_table(frames)
    actors = actors[actors["actor_id"].astype(str).isin(ids)]
    figures = tables.figure_table(frames, categories=None)
    keys = set(zip(events["report_id"].astype(str), events["sent_id"].astype(int)))
    figures = figures[pd.Series([pd.notna(s) and (str(r), int(s)) in keys for r, s in zip(
        figures["report_id"], figures["sent_id"])], index=figures.index, dtype=bool)]
    return ("<h4>Actors of these events</h4>\n"
            + section(frames, actors, ACTOR_COLUMNS_SHOWN, prefix=f"{prefix}-actors",
                      max_rows=max_rows, noun="actor", heading="First mentions",
                      where=WHERE_FOLLOW),
            "<h4>Figures of these events</h4>\n"
            + section(frames, figures, FIGURE_COLUMNS_SHOWN, prefix=f"{prefix}-figures",
                      max_rows=max_rows, last=True, noun="figure", where=WHERE_FOLLOW))


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
    """Return the options of the explorer's menus as ``(label, value)`` pairs, sorted.

    Event types, modalities, figure categories, places, countries and outlets are those present
    in the frames; actors are those that take part in an event, by name (the value is the
    ``actor_id``); precisions are the three levels of a date. "All" is no option: an empty
    choice is.
    """
    def present(values) -> list[tuple[str, object]]:
        return [(str(v), str(v)) for v in sorted(values.dropna().astype(str).unique())]

    events, numbers = tables._get(frames, "events"), tables._get(frames, "numbers")
    reports = tables._get(frames, "reports")
    activity = tables.actor_activity(events, tables._get(frames, "actors"),
                                     tables._get(frames, "mentions"))
    activity = activity[activity["n_events"] > 0].sort_values("name", kind="stable")
    return {
        "event_type": present(events["event_type"]),
        "actor": list(zip(activity["name"].astype(str), activity["actor_id"].astype(str))),
        "modality": present(events["modality"]),
        "category": present(numbers["category"]),
        "place": present(events["place"]),
        "country": present(events["place_country"]),
        "outlet": present(reports["source"]),
        "precision": [("a day", 1), ("a week", 2), ("a month or a year", 3)],
    }


def export_view(table: pd.DataFrame, folder: str | os.PathLike, stem: str) -> tuple[Path, Path]:
    """Write a view's events (``View.table``: every matching event, not only the rows shown) to
    ``FOLDER/STEM.csv`` and ``FOLDER/STEM.xlsx``, safe to open in a spreadsheet (see
    :mod:`analysis.store.export`: text that would run as a formula is escaped); return both
    paths. The folder is created when missing."""
    from analysis.store.export import to_csv_folder, to_excel

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    to_csv_folder({stem: table}, folder)
    return folder / f"{stem}.csv", to_excel({"events": table}, folder / f"{stem}.xlsx")
