"""Turn frames into display tables: names joined onto ids, and the sentence each row came from.

Every table keeps ``report_id``, ``sent_id``, ``start`` and ``end`` (last), so any row can be
traced back to, and highlighted in, its sentence. The functions are plain and tested; the
notebooks' widgets are thin shells over :func:`analysis.views.filters.filter_events`.
"""
from __future__ import annotations

import html
from typing import Collection, Iterable, Mapping

import pandas as pd

from analysis.views.highlight import anchor
from analysis.views.shown import shown as _get

Frames = Mapping[str, pd.DataFrame]

PROVENANCE = ["report_id", "sent_id", "start", "end"]
EVENT_COLUMNS = [
    "event_id", "date", "date_precision", "date_text", "event_type", "mode", "modality",
    "source", "target", "trigger", "place", "place_country", "killed", "wounded", "attribution",
    "sentence", "title", "report_source", "published", *PROVENANCE, "source_id", "target_id",
]
HEADLINE_CATEGORIES = ("killed", "wounded", "deployed")   # the figures a briefing leads with
ACTOR_TABLE_COLUMNS = [
    "actor_id", "name", "kind", "country", "affiliation", "n_events", "as_source", "as_target",
    "n_mentions", "n_reports", "first_seen", "last_seen", "sentence", "title", "published",
    *PROVENANCE,
]
FIGURE_COLUMNS = [
    "number_id", "category", "value", "low", "high", "qualifier", "unit", "text", "actor",
    "event_type", "sentence", "title", "report_source", "published", *PROVENANCE, "actor_id",
    "event_id",
]
# date_precision, as analysis.extractors.dates resolves it (views never import extractors): 1 a
# day, 2 a few days or a week (WEEK_SLACK either side), 3 a month or a year (on its first day;
# on 1 January, the year). tests/views/test_tables.py checks it against dates.period_end.
DAY, WEEK, MONTH = 1, 2, 3
WEEK_SLACK = pd.Timedelta(days=5)


def _names(actors: pd.DataFrame) -> pd.Series:
    """Map actor_id to a display name (the id itself when the name is missing)."""
    names = actors.drop_duplicates("actor_id").set_index("actor_id")["name"]
    return names.fillna(pd.Series(names.index, index=names.index, dtype="string"))


def _lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """Look ``keys`` up in ``values`` (indexed by unique keys); unknown keys give ``<NA>``."""
    return pd.Series(values.reindex(keys.to_numpy()).to_numpy(), index=keys.index,
                     dtype=values.dtype)


def _name_of(ids: pd.Series, names: pd.Series) -> pd.Series:
    out = _lookup(ids, names).astype("string")
    return out.fillna(ids.astype("string"))


def _with_context(df: pd.DataFrame, frames: Frames) -> pd.DataFrame:
    """Join the sentence text and the report's title, source and published date onto ``df``."""
    sentences = _get(frames, "sentences")[["report_id", "sent_id", "text"]]
    sentences = sentences.drop_duplicates(["report_id", "sent_id"])
    reports = _get(frames, "reports")[["report_id", "title", "source", "published"]]
    reports = reports.drop_duplicates("report_id").rename(columns={"source": "report_source"})
    out = df.merge(sentences.rename(columns={"text": "sentence"}), how="left",
                   on=["report_id", "sent_id"])
    return out.merge(reports, how="left", on="report_id")


def actor_activity(events: pd.DataFrame, actors: pd.DataFrame,
                   mentions: pd.DataFrame) -> pd.DataFrame:
    """Count, per actor, the events it is source or target of and its mentions.

    Parameters
    ----------
    events, actors, mentions : DataFrame
        The frames of the same names.

    Returns
    -------
    DataFrame
        ``actor_id, name, as_source, as_target, n_events, n_mentions``, most active first
        (events, then mentions, then name); actors with no event and no mention are kept, last.
    """
    counts = pd.DataFrame({
        "as_source": events["source_id"].dropna().value_counts(),
        "as_target": events["target_id"].dropna().value_counts(),
        "n_mentions": mentions["actor_id"].dropna().value_counts(),
    })
    ids = pd.Index(actors["actor_id"].dropna().unique()).union(counts.index)
    out = counts.reindex(ids).fillna(0).astype("Int64")
    out.index.name = "actor_id"
    out = out.reset_index()
    out["actor_id"] = out["actor_id"].astype("string")
    out.insert(1, "name", _name_of(out["actor_id"], _names(actors)))
    out.insert(4, "n_events", out["as_source"] + out["as_target"])
    out = out.sort_values(["n_events", "n_mentions", "name"], ascending=[False, False, True],
                          kind="stable")
    return out.reset_index(drop=True)


def event_table(frames: Frames) -> pd.DataFrame:
    """Return one row per event with actor names, the report, and the sentence it came from.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.

    Returns
    -------
    DataFrame
        Columns ``EVENT_COLUMNS``: ``source`` and ``target`` are actor names, ``title``,
        ``report_source`` and ``published`` describe the report, ``sentence`` is the text of the
        sentence; ``date_precision`` (Int8) is 1 for a day, 2 for a few days or a week, 3 for
        a month or a year (see :mod:`analysis.extractors.dates`), ``<NA>`` without a date or
        in frames written before it existed. Sorted by date (the report's date when the event
        has none), then position.

    Examples
    --------
    >>> event_table(frames).loc[0, ["event_type", "source", "target"]]  # doctest: +SKIP
    """
    events = _get(frames, "events")
    names = _names(_get(frames, "actors"))
    out = _with_context(events, frames)
    precision = out["date_precision"] if "date_precision" in out else pd.NA
    out["date_precision"] = pd.Series(precision, index=out.index).astype("Int8")
    out["source"] = _name_of(out["source_id"], names)
    out["target"] = _name_of(out["target_id"], names)
    out["_when"] = out["date"].fillna(out["published"])
    out = out.sort_values(["_when", "report_id", "sent_id", "start"], na_position="last",
                          kind="stable")
    return out[EVENT_COLUMNS].reset_index(drop=True)


def actor_table(frames: Frames, n: int | None = None) -> pd.DataFrame:
    """Return one row per actor with its activity and the sentence of its first mention.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    n : int, optional
        Keep only the ``n`` most active actors.

    Returns
    -------
    DataFrame
        Columns ``ACTOR_TABLE_COLUMNS``, most active first (see :func:`actor_activity`);
        ``affiliation`` is the affiliated actor's name; ``sentence`` and the provenance columns
        point at the actor's first mention (earliest report, then position).
    """
    actors = _get(frames, "actors")
    mentions = _get(frames, "mentions")
    activity = actor_activity(_get(frames, "events"), actors, mentions)
    out = activity.merge(actors.drop(columns=["name", "n_mentions"]).drop_duplicates("actor_id"),
                         how="left", on="actor_id")
    out["affiliation"] = _name_of(out["affiliation"], _names(actors))
    first = _with_context(mentions[["actor_id", *PROVENANCE]], frames)
    first = first.sort_values(["published", "report_id", "sent_id", "start"], na_position="last",
                              kind="stable").drop_duplicates("actor_id")
    out = out.merge(first, how="left", on="actor_id")
    if n is not None:
        out = out.head(n)
    return out[ACTOR_TABLE_COLUMNS].reset_index(drop=True)


def figure_table(frames: Frames, categories: Iterable[str] | None = HEADLINE_CATEGORIES
                 ) -> pd.DataFrame:
    """Return the numbers of the given categories with their range, actor, event and sentence.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    categories : iterable of str, optional
        Number categories to keep; ``None`` keeps all.

    Returns
    -------
    DataFrame
        Columns ``FIGURE_COLUMNS``: ``actor`` is the actor's name, ``event_type`` the type of
        the event the number belongs to. Sorted by report date, category and position.
    """
    numbers = _get(frames, "numbers")
    if categories is not None:
        numbers = numbers[numbers["category"].isin(list(categories))]
    events = _get(frames, "events")[["event_id", "event_type"]].drop_duplicates("event_id")
    out = _with_context(numbers, frames).merge(events, how="left", on="event_id")
    out["actor"] = _lookup(out["actor_id"], _names(_get(frames, "actors"))).astype("string")
    out = out.sort_values(["published", "category", "report_id", "sent_id", "start"],
                          na_position="last", kind="stable")
    return out[FIGURE_COLUMNS].reset_index(drop=True)


def own_precision(events: pd.DataFrame) -> pd.Series:
    """Return the ``date_precision`` of each event's own ``date`` as Int8: ``<NA>`` for an
    event without a date of its own (or a frame without the column, written before it)."""
    if "date_precision" not in events or "date" not in events:
        return pd.Series(pd.NA, index=events.index, dtype="Int8")
    own = pd.to_datetime(events["date"], errors="coerce").notna()
    return events["date_precision"].astype("Int8").where(own, pd.NA)


def date_periods(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return the first and the last day each event's date may stand for.

    Parameters
    ----------
    dates : Series of datetime64
        The day of each event (``NaT`` when unknown).
    precision : Series of Int8
        Its ``date_precision`` (:func:`own_precision`): a date of precision 1, or ``<NA>``,
        stands for its day; of precision 2, for the 5 days either side of it; of precision 3,
        for its year when it is 1 January, else for a month from it (its calendar month when
        it is a first day), as :func:`analysis.extractors.dates.period_end`.

    Returns
    -------
    (Series, Series)
        The first and the last day (``NaT`` where the date is unknown), indexed as ``dates``.
    """
    days = pd.to_datetime(dates, errors="coerce")
    level = pd.Series(pd.array(precision, dtype="Int8"), index=days.index).fillna(DAY)
    week, month = level == WEEK, level == MONTH
    year = month & (days.dt.month == 1) & (days.dt.day == 1)
    since = days.mask(week, days - WEEK_SLACK)
    until = days.mask(week, days + WEEK_SLACK)
    until = until.mask(month, days + pd.DateOffset(months=1) - pd.Timedelta(days=1))
    return since, until.mask(year, days + pd.offsets.YearEnd(0))


def readable(table: pd.DataFrame, *, precision=None) -> pd.DataFrame:
    """Return a copy of a table for reading: dates as text, whole numbers, blanks for missing.

    Dates become ``YYYY-MM-DD`` (with ``HH:MM`` only when a column has times), floats that are
    all whole become integers, text is put on one line (runs of whitespace become one space),
    and every missing value becomes ``""``. Text is not escaped here: pandas escapes it when
    the table is shown (``display(df)`` or ``df.to_html(escape=True)``).

    An event's ``date`` known only to the month or the year (``date_precision`` 3, dated on a
    first day) reads ``March 2024``, or ``2023`` on 1 January, rather than a day.

    Parameters
    ----------
    table : DataFrame
        Any table.
    precision : array-like, optional
        The ``date_precision`` of each row (in order), for the ``date`` column; by default the
        table's own ``date_precision`` column, if it has one.

    Examples
    --------
    >>> readable(event_table(frames)).to_html(index=False)  # doctest: +SKIP
    """
    out = table.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            known = values.dropna()
            timed = bool((known != known.dt.normalize()).any())
            out[col] = values.dt.strftime("%Y-%m-%d %H:%M" if timed else "%Y-%m-%d")
        elif pd.api.types.is_float_dtype(values):
            known = values.dropna()
            if ((known % 1) == 0).all():
                out[col] = values.astype("Int64")
        elif pd.api.types.is_string_dtype(values) and not isinstance(values.dtype,
                                                                      pd.CategoricalDtype):
            out[col] = values.astype("string").str.split().str.join(" ")
    if precision is None and "date_precision" in table:
        precision = table["date_precision"]
    if precision is not None and "date" in table and \
            pd.api.types.is_datetime64_any_dtype(table["date"]):
        out["date"] = _coarse_dates(table["date"], precision, out["date"])
    out = out.astype(object)
    return out.where(out.notna(), "")


def _coarse_dates(dates: pd.Series, precision, shown: pd.Series) -> pd.Series:
    """``shown`` with each month or year date (precision 3, on a first day) as "March 2024" or
    "2023"."""
    precision = pd.array(pd.Series(precision).to_numpy(), dtype="Int8")
    coarse = (precision == MONTH).fillna(False).to_numpy() & \
        (dates.dt.day == 1).fillna(False).to_numpy()
    if not coarse.any():
        return shown
    year = dates.dt.year.astype("Int64").astype("string")
    month = (dates.dt.month_name() + " ").astype("string") + year
    label = month.where(dates.dt.month != 1, year)
    return shown.where(~coarse, label)


def to_html(table: pd.DataFrame, columns: Iterable[str] | None = None, *,
            links: Collection[tuple[str, int]] = (), prefix: str = "s",
            interactive: bool = False) -> str:
    """Return a table as HTML for a page: readable, every cell escaped, rows linked to sentences.

    Parameters
    ----------
    table : DataFrame
        Any table; ``report_id`` and ``sent_id`` say which sentence a row comes from.
    columns : iterable of str, optional
        The columns shown, in order (default: all).
    links : collection of (report_id, sent_id)
        The sentences highlighted on the same page (see
        :func:`analysis.views.highlight.sentence_keys`). A row whose sentence is among them links to
        it (``<a href="#s-...">``): its ``sentence`` cell becomes the link or, when the table
        shows no sentence, a ``source`` column is added with one.
    prefix : str, default "s"
        The prefix of the anchors, as given to :func:`analysis.views.highlight.highlight_rows`.
    interactive : bool, default False
        An interactive table (sort, search, paging; :mod:`analysis.views.datatables`, whose
        :func:`~analysis.views.datatables.init` the page must have run) instead of a plain one.

    Returns
    -------
    str
        A ``<table>`` without index; report text is escaped, links name no file or folder.

    Examples
    --------
    >>> to_html(event_table(frames), ["date", "event_type", "sentence"],
    ...         links={("956e948fb3d0fe48", 1)})  # doctest: +SKIP
    """
    columns = list(table.columns if columns is None else columns)
    shown = readable(table[columns], precision=table.get("date_precision")).map(
        lambda v: html.escape(str(v), quote=False))
    wanted = {(str(r), int(s)) for r, s in links}
    if wanted and {"report_id", "sent_id"} <= set(table.columns):
        keys = [(str(r), int(s)) if pd.notna(r) and pd.notna(s) else None
                for r, s in zip(table["report_id"], table["sent_id"])]
        linked = [key is not None and key in wanted for key in keys]
        target = "sentence" if "sentence" in columns else "source"
        if target == "source":
            shown[target] = ""
        for i, (key, on) in enumerate(zip(keys, linked)):
            if on:
                label = shown.iat[i, shown.columns.get_loc(target)] or "sentence"
                href = html.escape(anchor(*key, prefix=prefix))
                shown.iat[i, shown.columns.get_loc(target)] = (
                    f'<a href="#{href}" title="the highlighted source sentence">{label}</a>')
    if interactive:
        from analysis.views import datatables

        return datatables.to_html(shown)
    return shown.to_html(index=False, escape=False, border=0, na_rep="")
