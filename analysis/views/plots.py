"""Draw the briefing's charts from frames with matplotlib; every function returns a Figure.

The functions never call ``plt.show`` or ``matplotlib.use``, and build figures outside pyplot's
state: a notebook displays the figure it gets back once (embedded as PNG when rendered), a test
inspects it, and nothing is kept alive. An empty frame gives a "no data" note, not an error.
"""
from __future__ import annotations

from typing import Iterable

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.checks import check_choice
from analysis.store.schema import EVENT_TYPES, MODALITIES
from analysis.views.tables import actor_activity, date_periods, own_precision

FREQS = ("D", "W", "M", "Q", "Y", "auto")
MAX_PERIODS = 120
MAX_LABEL = 32  # characters of an actor's name on an axis
NO_DATA = "no data"
# One colour per event type, the same in every chart.
_PALETTE = matplotlib.colormaps["tab20"].colors
TYPE_COLORS = {t: _PALETTE[i % len(_PALETTE)] for i, t in enumerate(EVENT_TYPES)}
MODALITY_COLORS = {"asserted": "#4477aa", "planned": "#ccbb44", "possible": "#66ccee",
                   "hypothetical": "#aa3377", "negated": "#bbbbbb",
                   "generic": "#999933"}
BY = ("event_type", "modality")
CATEGORY_COLORS = {"killed": "#b2182b", "wounded": "#ef8a62", "deployed": "#2166ac"}
# date_precision -> what such a date is known to, in the note of the events it leaves out
KNOWN_TO = {2: "a few days or a week", 3: "the month or year"}


def _figure(width: float = 8, height: float = 4.5, **kwargs):
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(**kwargs)


def _no_data(ax, title: str, detail: str = "") -> None:
    ax.set_title(title)
    note = NO_DATA + (f"\n{detail}" if detail else "")
    ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


def _published(report_ids: pd.Series, reports: pd.DataFrame) -> pd.Series:
    """Return the ``published`` date of each report id (``NaT`` when unknown)."""
    dates = reports.drop_duplicates("report_id").set_index("report_id")["published"]
    found = dates.reindex(report_ids.to_numpy()).to_numpy()
    return pd.to_datetime(pd.Series(found, index=report_ids.index), errors="coerce")


def _label(period: pd.Period, freq: str) -> str:
    return str(period.start_time.date()) if freq == "W" else str(period)


def events_over_time(events: pd.DataFrame, reports: pd.DataFrame | None = None, *,
                     freq: str = "D", by: str = "event_type") -> Figure:
    """Draw the number of events of each type (or modality) per period as stacked bars.

    Parameters
    ----------
    events : DataFrame
        The ``events`` frame (or an event table with ``date``, ``event_type``, ``report_id``
        and, optionally, ``published``).
    reports : DataFrame, optional
        The ``reports`` frame; events without a ``date`` fall back to their report's
        ``published`` date. Without it, a ``published`` column of ``events`` is used if present.
    freq : {"D", "W", "M", "Q", "Y", "auto"}, default "D"
        The length of a period: day, week, month, quarter, year; "auto" picks days when the
        middle 90% of the dates spans up to two months, weeks up to a year, months beyond (so
        one event dated years away does not squash the chart).
    by : {"event_type", "modality"}, default "event_type"
        What the bars of a period are split by: PLOVER event type, or modality (asserted,
        planned, possible, hypothetical, negated).

    Returns
    -------
    matplotlib.figure.Figure
        One bar segment per (period, type). Periods between the first and the last are shown
        even when empty, up to ``MAX_PERIODS`` of them; beyond, only periods with events are
        drawn (and a note says so). Undated events are counted in a note.

    Notes
    -----
    No event is drawn on a day or a week its date does not name. By ``date_precision``: a
    date known to a few days or a week (2: "last week", "mid-June") is drawn in weekly or
    longer bars only; one known to the month or the year (3: "in March 2024", "late 2023")
    only in bars that hold its whole month (monthly or longer) or year (yearly; a date on
    1 January stands for its year). The note counts those left out ("3 event(s) known only to
    the month or year not shown"); "auto" chooses from the dates known to a week or better.
    Events drawn on their report's date, and frames without ``date_precision``, are days.
    """
    freq = check_choice(freq, "freq", FREQS)
    by = check_choice(by, "by", BY)
    title = "Events by type over time" if by == "event_type" else "Events by modality over time"
    vocabulary, colors = (EVENT_TYPES, TYPE_COLORS) if by == "event_type" \
        else (MODALITIES, MODALITY_COLORS)
    if by not in events:
        events = events.assign(**{by: pd.Series(pd.NA, index=events.index, dtype="string")})
    fig, ax = _figure()
    dated, freq, note = _drawn(events, reports, by, freq)
    if dated.empty:
        _no_data(ax, title, note)
        return fig
    period = dated["_when"].dt.to_period(freq)
    counts = (dated.assign(_period=period, _type=dated[by].astype(str))
              .groupby(["_period", "_type"]).size().unstack("_type", fill_value=0))
    full = pd.period_range(counts.index.min(), counts.index.max(), freq=freq)
    if len(full) <= MAX_PERIODS:
        counts = counts.reindex(full, fill_value=0)
    else:
        note = "; ".join(filter(None, [note, "periods without events left out"]))
    order = [t for t in vocabulary if t in counts.columns]
    order += sorted(set(counts.columns) - set(order))
    x = np.arange(len(counts))
    bottom = np.zeros(len(counts))
    for event_type in order:
        heights = counts[event_type].to_numpy(dtype=float)
        ax.bar(x, heights, bottom=bottom, label=event_type, width=0.8,
               color=colors.get(event_type, "0.6"))
        bottom += heights
    step = -(-len(x) // 16)  # at most 16 labels
    ax.set_xticks(x[::step], [_label(p, freq) for p in counts.index[::step]],
                  rotation=45, ha="right", fontsize="small")
    ax.set_ylabel("events")
    ax.set_ylim(0, max(float(bottom.max()) * 1.1, 1))   # headroom: the tallest bar is whole
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title)
    ax.legend(title="type" if by == "event_type" else "modality", fontsize="small",
              loc="upper left", bbox_to_anchor=(1.01, 1))
    if note:
        fig.supxlabel(note, fontsize="small", color="0.4")
    return fig


def _drawn(events: pd.DataFrame, reports: pd.DataFrame | None, by: str,
           freq: str) -> tuple[pd.DataFrame, str, str]:
    """Return the events drawn (with ``_when``, their day), the bars' ``freq`` ("auto"
    chosen) and the note counting the events left out: undated, or dated more coarsely than
    a bar (see :func:`events_over_time`)."""
    when = events["date"] if "date" in events else pd.Series(pd.NaT, index=events.index)
    if reports is not None and not reports.empty:
        when = when.fillna(_published(events["report_id"], reports))
    elif "published" in events:
        when = when.fillna(events["published"])
    when = pd.to_datetime(when, errors="coerce")
    dated = events.assign(_when=when, _precision=own_precision(events)).dropna(
        subset=["_when", by])
    undated = len(events) - len(dated)
    notes = [f"{undated} event(s) without a date not shown" if undated else ""]
    if freq == "auto":
        freq = _auto_freq(dated)
    drawn = _fits(dated, freq)
    for precision, known in KNOWN_TO.items():
        left_out = int((~drawn & (dated["_precision"] == precision).fillna(False)).sum())
        if left_out:
            notes.append(f"{left_out} event(s) known only to {known} not shown")
    return dated[drawn], freq, "; ".join(filter(None, notes))


def _auto_freq(dated: pd.DataFrame) -> str:
    """Days when the middle 90% of the dates spans up to two months, weeks up to a year,
    months beyond; from the dates known to a week or better, when there are any."""
    if dated.empty:
        return "D"
    fine = dated.loc[(dated["_precision"].fillna(1) < 3).to_numpy(), "_when"]
    when = fine if not fine.empty else dated["_when"]
    # the span of the dates without the outer 5% (at least one date each side)
    first = when.quantile(0.05, interpolation="higher")
    span = when.quantile(0.95, interpolation="lower") - first
    return "D" if span <= pd.Timedelta(days=62) else "W" if span <= pd.Timedelta(days=366) \
        else "M"


def _fits(dated: pd.DataFrame, freq: str) -> pd.Series:
    """True for the events whose date is known to within one bar of ``freq``: every day and
    every date without a precision; a few days or a week (2) in weekly or longer bars; a month
    or a year (3) when its whole period falls in one bar."""
    precision = dated["_precision"].fillna(1)
    if freq == "D":
        return (precision == 1).astype(bool)
    since, until = date_periods(dated["_when"], dated["_precision"])
    one_bar = since.dt.to_period(freq) == until.dt.to_period(freq)
    return ((precision < 3) | one_bar).astype(bool)


def top_actors(events: pd.DataFrame, actors: pd.DataFrame, mentions: pd.DataFrame, *,
               n: int = 10) -> Figure:
    """Draw the most active actors as horizontal bars: events as source and target, mentions.

    Parameters
    ----------
    events, actors, mentions : DataFrame
        The frames of the same names.
    n : int, default 10
        How many actors to show (ranked by events, then mentions; see
        :func:`analysis.views.tables.actor_activity`).

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing the actor axis: stacked events (as source, as target) and mentions.
    """
    title = "Most active actors"
    activity = actor_activity(events, actors, mentions)
    activity = activity[(activity["n_events"] + activity["n_mentions"]) > 0].head(n)
    if activity.empty:
        fig, ax = _figure()
        _no_data(ax, title)
        return fig
    height = 1.2 + 0.35 * len(activity)
    fig, (left, right) = _figure(8, height, ncols=2, sharey=True, width_ratios=[2, 1])
    labels = activity["name"].astype(str)
    dup = labels.duplicated(keep=False)
    labels = labels.where(~dup, labels + " (" + activity["actor_id"].astype(str) + ")")
    labels = labels.map(lambda s: s if len(s) <= MAX_LABEL else s[:MAX_LABEL - 1] + "\u2026")
    y = np.arange(len(activity))
    source = activity["as_source"].to_numpy(dtype=float)
    target = activity["as_target"].to_numpy(dtype=float)
    left.barh(y, source, color="#4477aa", label="as source")
    left.barh(y, target, left=source, color="#ee6677", label="as target")
    left.set_yticks(y, labels.tolist())
    left.invert_yaxis()
    left.set_xlabel("events")
    left.xaxis.get_major_locator().set_params(integer=True)
    left.legend(fontsize="small", loc="lower right")
    right.barh(y, activity["n_mentions"].to_numpy(dtype=float), color="#999933")
    right.set_xlabel("mentions")
    right.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title)
    return fig


def casualty_ranges(numbers: pd.DataFrame, reports: pd.DataFrame, *,
                    categories: Iterable[str] = ("killed", "wounded", "deployed")) -> Figure:
    """Draw killed, wounded and deployed figures per report date, with their low-high ranges.

    Parameters
    ----------
    numbers : DataFrame
        The ``numbers`` frame.
    reports : DataFrame
        The ``reports`` frame, for each number's report date (``published``).
    categories : iterable of str, default ("killed", "wounded", "deployed")
        The number categories to draw, one panel each (each with its own scale).

    Returns
    -------
    matplotlib.figure.Figure
        The value as a marker, the range as a vertical line from ``low`` to ``high``; figures
        reported on the same day are spread sideways so they do not hide each other.
    """
    title = "Casualty and deployment figures (value and range)"
    categories = list(categories)
    rows = numbers[numbers["category"].isin(categories)]
    rows = rows.assign(_when=_published(rows["report_id"], reports))
    undated = int(rows["_when"].isna().sum())
    rows = rows.dropna(subset=["_when", "value"])
    note = f"{undated} figure(s) from reports without a date not shown" if undated else ""
    shown = [c for c in categories if (rows["category"] == c).any()]
    if not shown:
        fig, ax = _figure()
        _no_data(ax, title, note)
        return fig
    fig, axes = _figure(8, 1.2 + 2.2 * len(shown), nrows=len(shown), sharex=True, squeeze=False)
    for ax, category in zip(axes[:, 0], shown):
        part = rows[rows["category"] == category].sort_values(["_when", "value"])
        rank = part.groupby("_when").cumcount().to_numpy()
        size = part.groupby("_when")["_when"].transform("size").to_numpy()
        offset = pd.to_timedelta((rank - (size - 1) / 2) * 3, unit="h")
        x = part["_when"].to_numpy() + offset.to_numpy()
        value = part["value"].to_numpy(dtype=float, na_value=np.nan)
        low = part["low"].fillna(part["value"]).to_numpy(dtype=float, na_value=np.nan)
        high = part["high"].fillna(part["value"]).to_numpy(dtype=float, na_value=np.nan)
        color = CATEGORY_COLORS.get(category, "0.3")
        ax.vlines(x, low, high, color=color, alpha=0.5, linewidth=3, label="low-high range")
        ax.plot(x, value, "o", color=color, label="value")
        ax.set_ylabel(category)
        ax.margins(x=0.08)
        ax.set_ylim(0, max(np.nanmax(np.r_[high, value]) * 1.15, 1))
        ax.grid(axis="y", alpha=0.3)
    axes[0, 0].legend(fontsize="small", loc="best")
    bottom = axes[-1, 0]
    span = rows["_when"].max() - rows["_when"].min()
    bottom.xaxis.set_major_locator(mdates.DayLocator() if span <= pd.Timedelta(days=10)
                                   else mdates.AutoDateLocator(minticks=3, maxticks=10))
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    bottom.tick_params(axis="x", labelrotation=45)
    if rows["_when"].nunique() == 1:  # one day: widen the axis so the tick is readable
        day = rows["_when"].iloc[0]
        bottom.set_xlim(day - pd.Timedelta(days=1), day + pd.Timedelta(days=1))
    fig.suptitle(title)
    if note:
        fig.supxlabel(note, fontsize="small", color="0.4")
    return fig


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[:MAX_LABEL - 1] + "\u2026"


def actor_network(events: pd.DataFrame, actors: pd.DataFrame, *, n: int = 15) -> Figure:
    """Draw who acts on whom: the most active actors on a circle, arrows from source to target.

    Parameters
    ----------
    events, actors : DataFrame
        The frames of the same names (only ``source_id`` and ``target_id`` of events are used).
    n : int, default 15
        How many actors to draw, ranked by events as source or target (see
        :func:`analysis.views.tables.actor_activity`).

    Returns
    -------
    matplotlib.figure.Figure
        One node per actor (its size grows with its events), one arrow per (source, target)
        pair among them, its width and label giving the number of events. Events without a
        source or a target, or with an actor outside the top ``n``, are counted in a note.
    """
    title = "Who acts on whom"
    if not {"source_id", "target_id"} <= set(events.columns):
        events = pd.DataFrame({"source_id": pd.Series([], dtype="string"),
                               "target_id": pd.Series([], dtype="string")})
    mentions = pd.DataFrame({"actor_id": pd.Series([], dtype="string")})
    activity = actor_activity(events, actors, mentions)
    activity = activity[activity["n_events"] > 0].head(max(int(n), 0))
    pairs = events[["source_id", "target_id"]].dropna()
    pairs = pairs.astype(str)
    pairs = pairs[pairs["source_id"] != pairs["target_id"]]
    shown = set(activity["actor_id"].astype(str))
    inside = pairs[pairs["source_id"].isin(shown) & pairs["target_id"].isin(shown)]
    left_out = len(pairs) - len(inside)
    note = f"{left_out} source-target event(s) with an actor outside the top {len(shown)} " \
        "not drawn" if left_out else ""
    if inside.empty:
        fig, ax = _figure(8, 4.5)
        _no_data(ax, title, "; ".join(filter(None, ["no event with both a source and a target"
                                                    " among the actors shown", note])))
        return fig
    weights = inside.groupby(["source_id", "target_id"]).size()
    fig, ax = _figure(8, 8)
    ids = activity["actor_id"].astype(str).tolist()
    names = activity["name"].astype(str).fillna("")
    dup = names.duplicated(keep=False)
    labels = names.where(~dup, names + " (" + activity["actor_id"].astype(str) + ")")
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(ids)) / len(ids)
    pos = {a: (np.cos(t), np.sin(t)) for a, t in zip(ids, angle)}
    size = activity["n_events"].to_numpy(dtype=float)
    ax.scatter([pos[a][0] for a in ids], [pos[a][1] for a in ids],
               s=120 + 600 * size / size.max(), color="#4477aa", zorder=3, alpha=0.9)
    top = weights.max()
    for (source, target), count in weights.items():
        reverse = (target, source) in weights.index
        ax.annotate("", xy=pos[target], xytext=pos[source], zorder=2, arrowprops=dict(
            arrowstyle="-|>", color="#ee6677", alpha=0.8, shrinkA=12, shrinkB=12,
            mutation_scale=12 + 6 * count / top, linewidth=0.8 + 3.2 * count / top,
            connectionstyle=f"arc3,rad={0.2 if reverse else 0.05}"))
        if count > 1 or top > 1:
            mx, my = (np.add(pos[source], pos[target])) / 2
            ax.text(mx, my, str(count), fontsize="small", ha="center", va="center",
                    color="#aa3344", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none",
                                               alpha=0.8))
    for a, t, label in zip(ids, angle, labels):
        x, y = pos[a]
        ax.text(1.12 * x, 1.12 * y, _short(label), fontsize="small", va="center",
                ha="left" if np.cos(t) > 0.1 else "right" if np.cos(t) < -0.1 else "center")
    ax.set_xlim(-1.8, 1.8)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    if note:
        fig.supxlabel(note, fontsize="small", color="0.4")
    return fig
