"""Charts: each returns a Figure drawn from frames, and an empty frame gives a "no data" note."""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")  # no display needed, whatever the machine

import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from analysis.errors import ParameterError  # noqa: E402
from analysis.store.schema import empty_frames, frame  # noqa: E402
from analysis.views import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(fig: Figure) -> str:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts] + [ax.get_title()]
    return "\n".join(found)


def _bars(ax) -> list:
    return [p for p in ax.patches if p.get_height() > 0 and p.get_width() > 0]


@pytest.fixture
def frames():
    f = empty_frames()
    f["reports"] = frame("reports", [
        {"report_id": "r1", "published": "2024-03-01", "n_words": 1, "text": "."},
        {"report_id": "r2", "published": "2024-03-03", "n_words": 1, "text": "."},
        {"report_id": "r3", "published": None, "n_words": 1, "text": "."},
    ])
    events = [  # (event_id, report, type, date, source, target)
        ("e1", "r1", "ASSAULT", "2024-02-29", "a1", None),
        ("e2", "r1", "ASSAULT", None, "a1", "a2"),
        ("e3", "r1", "ACCUSE", None, "a2", "a1"),
        ("e4", "r2", "MOBILIZE", None, "a3", "a4"),
        ("e5", "r3", "AGREE", None, "a3", "a1"),  # no date and no report date
    ]
    f["events"] = frame("events", [
        {"event_id": e, "report_id": r, "sent_id": 0, "start": 0, "end": 1, "trigger": "x",
         "event_type": t, "date": d, "source_id": s, "target_id": g, "modality": "asserted"}
        for e, r, t, d, s, g in events])
    f["actors"] = frame("actors", [
        {"actor_id": f"a{i}", "name": name, "kind": "other", "n_mentions": 1, "n_reports": 1}
        for i, name in enumerate(["Army", "Rebels", "United Kingdom", "Estonia", "Quiet"], 1)])
    f["mentions"] = frame("mentions", [
        {"report_id": "r1", "sent_id": 0, "start": 0, "end": 1, "text": "x", "actor_id": a}
        for a in ["a1", "a1", "a1", "a2", "a5"]])
    f["numbers"] = frame("numbers", [
        {"number_id": n, "report_id": r, "sent_id": 0, "start": 0, "end": 1, "text": "x",
         "value": v, "low": lo, "high": hi, "qualifier": "exact", "category": c}
        for n, r, v, lo, hi, c in [
            ("n1", "r1", 5, 5, 5, "killed"),
            ("n2", "r1", 50, 24, 99, "wounded"),
            ("n3", "r2", 900, 800, 1000, "deployed"),
            ("n4", "r2", 1601, 1601, None, "killed"),  # "more than 1,600": no upper bound
            ("n5", "r3", 3, 3, 3, "killed"),  # report without a date
            ("n6", "r1", 7, 7, 7, "duration"),
        ]])
    return f


# events_over_time ------------------------------------------------------------------------------

def test_plots_events_over_time_counts_every_dated_event(frames):
    fig = plots.events_over_time(frames["events"], frames["reports"])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    heights = sum(p.get_height() for p in _bars(ax))
    assert heights == 4  # e5 has no date of its own and no report date
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["ACCUSE", "MOBILIZE", "ASSAULT"]  # PLOVER order
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03"]  # gaps kept
    assert "1 event(s) without a date" in _texts(fig)


def test_plots_events_over_time_falls_back_to_report_date(frames):
    fig = plots.events_over_time(frames["events"], frames["reports"])
    ax = fig.axes[0]
    assault = [p for p in _bars(ax) if p.get_facecolor()[:3] == plots.TYPE_COLORS["ASSAULT"]]
    # e1 on Feb 29 (its own date) and e2 on Mar 1 (its report's date)
    assert sorted(round(p.get_x() + p.get_width() / 2) for p in assault) == [0, 1]


def test_plots_events_over_time_without_reports_uses_only_event_dates(frames):
    fig = plots.events_over_time(frames["events"])
    assert sum(p.get_height() for p in _bars(fig.axes[0])) == 1
    assert "4 event(s) without a date" in _texts(fig)


def test_plots_events_over_time_uses_a_published_column(frames):
    from analysis.views.tables import event_table

    fig = plots.events_over_time(event_table(frames))  # the table carries `published`
    assert sum(p.get_height() for p in _bars(fig.axes[0])) == 4


@pytest.mark.parametrize("freq, n_ticks", [("W", 1), ("M", 2), ("Y", 1), ("auto", 4)])
def test_plots_events_over_time_frequencies(frames, freq, n_ticks):
    # Feb 29 to Mar 3 2024: one Monday-to-Sunday week, two months, one year, four days
    ax = plots.events_over_time(frames["events"], frames["reports"], freq=freq).axes[0]
    assert sum(p.get_height() for p in _bars(ax)) == 4
    assert len(ax.get_xticklabels()) == n_ticks


def test_plots_events_over_time_refuses_unknown_freq(frames):
    with pytest.raises(ParameterError, match="freq"):
        plots.events_over_time(frames["events"], freq="fortnight")


@pytest.mark.parametrize("freq", ["D", "auto"])
def test_plots_events_over_time_far_outlier_keeps_days(frames, freq):
    events = frames["events"].copy()
    events.loc[0, "date"] = np.datetime64("2023-01-01")  # one event dated a year earlier
    fig = plots.events_over_time(events, frames["reports"], freq=freq)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["2023-01-01", "2024-03-01", "2024-03-03"]  # days, empty ones left out
    assert sum(p.get_height() for p in _bars(ax)) == 4
    assert "periods without events left out" in _texts(fig)



# events_over_time and date precision -----------------------------------------------------------

def _dated(events, dates: dict, precision: dict) -> pd.DataFrame:
    """``events`` with these dates and date precisions (by event_id)."""
    out = events.copy()
    for event_id, day in dates.items():
        out.loc[out["event_id"] == event_id, "date"] = np.datetime64(day)
    values = out["event_id"].map(precision)
    return out.assign(date_precision=pd.array(values.astype(object).where(values.notna(), None),
                                              dtype="Int8"))


def _ticks(ax) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels()]


def test_plots_events_over_time_daily_bars_leave_out_a_year(frames):
    # the briefing's "late 2023" beside days of March: not a bar on 2023-01-01
    events = _dated(frames["events"], {"e1": "2023-01-01"}, {"e1": 3})
    fig = plots.events_over_time(events, frames["reports"], freq="D")
    ax = fig.axes[0]
    assert sum(p.get_height() for p in _bars(ax)) == 3
    assert _ticks(ax) == ["2024-03-01", "2024-03-02", "2024-03-03"]
    assert "1 event(s) known only to the month or year not shown" in _texts(fig)
    assert "1 event(s) without a date not shown" in _texts(fig)   # e5, as before


@pytest.mark.parametrize("freq", ["D", "auto"])
def test_plots_events_over_time_auto_picks_days_from_the_precise_dates(frames, freq):
    # three events known only to their years would otherwise stretch the chart to months
    events = pd.concat([frames["events"]] + [
        frames["events"].iloc[[0]].assign(event_id=f"y{year}", date=np.datetime64(f"{year}-01-01"))
        for year in (2019, 2020, 2021)], ignore_index=True)
    events = events.assign(date_precision=pd.array(
        [1, None, None, None, None, 3, 3, 3], dtype="Int8"))
    fig = plots.events_over_time(events, frames["reports"], freq=freq)
    ax = fig.axes[0]
    assert _ticks(ax) == ["2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03"]
    assert sum(p.get_height() for p in _bars(ax)) == 4
    assert "3 event(s) known only to the month or year not shown" in _texts(fig)


@pytest.mark.parametrize("freq, drawn, note", [
    ("D", 3, "1 event(s) known only to a few days or a week not shown"),
    ("W", 4, None),
    ("M", 4, None),
])
def test_plots_events_over_time_a_week_is_not_drawn_on_a_day(frames, freq, drawn, note):
    events = _dated(frames["events"], {"e1": "2024-03-02"}, {"e1": 2})   # "last week"
    fig = plots.events_over_time(events, frames["reports"], freq=freq)
    assert sum(p.get_height() for p in _bars(fig.axes[0])) == drawn
    assert (note in _texts(fig)) if note else ("known only" not in _texts(fig))


@pytest.mark.parametrize("freq, ticks, drawn, left_out", [
    # e1 in February 2024 (a month), e2 in 2023 (a year); e3 and e4 on days of March
    ("W", ["2024-02-26"], 2, 2),             # e3 and e4 fall back to their report days
    ("M", ["2024-02", "2024-03"], 3, 1),     # the month fits a monthly bar, the year does not
    ("Q", ["2024Q1"], 3, 1),
    ("Y", ["2023", "2024"], 4, 0),           # a yearly bar holds both
])
def test_plots_events_over_time_month_and_year_only_in_bars_that_hold_them(
        frames, freq, ticks, drawn, left_out):
    events = _dated(frames["events"], {"e1": "2024-02-01", "e2": "2023-01-01"},
                    {"e1": 3, "e2": 3})
    fig = plots.events_over_time(events, frames["reports"], freq=freq)
    ax = fig.axes[0]
    assert _ticks(ax) == ticks
    assert sum(p.get_height() for p in _bars(ax)) == drawn
    note = f"{left_out} event(s) known only to the month or year not shown"
    assert (note in _texts(fig)) if left_out else ("known only" not in _texts(fig))


def test_plots_events_over_time_only_coarse_dates_give_a_note(frames):
    events = _dated(frames["events"].iloc[[0]], {"e1": "2023-01-01"}, {"e1": 3})
    fig = plots.events_over_time(events, freq="D")
    assert "no data" in _texts(fig)
    assert "1 event(s) known only to the month or year not shown" in _texts(fig)


def test_plots_events_over_time_without_precision_draws_days_as_before(frames):
    events = _dated(frames["events"], {"e1": "2023-01-01"}, {}).drop(columns="date_precision")
    ax = plots.events_over_time(events, frames["reports"], freq="D").axes[0]
    assert _ticks(ax)[0] == "2023-01-01" and sum(p.get_height() for p in _bars(ax)) == 4


def test_plots_events_over_time_precision_without_an_own_date_is_ignored(frames):
    # e2 has no date of its own: drawn on its report's day whatever its precision says
    events = _dated(frames["events"], {}, {"e2": 3})
    ax = plots.events_over_time(events, frames["reports"], freq="D").axes[0]
    assert sum(p.get_height() for p in _bars(ax)) == 4

# top_actors ------------------------------------------------------------------------------------

def test_plots_top_actors_ranks_by_events_then_mentions(frames):
    fig = plots.top_actors(frames["events"], frames["actors"], frames["mentions"], n=3)
    left, right = fig.axes
    names = [t.get_text() for t in left.get_yticklabels()]
    assert names == ["Army", "Rebels", "United Kingdom"]  # 4, 2 (+1 mention), 2 events
    assert sum(p.get_width() for p in _bars(left)) == 4 + 2 + 2
    assert [p.get_width() for p in right.patches] == [3, 1, 0]
    assert "Most active actors" in fig._suptitle.get_text()


def test_plots_top_actors_keeps_actors_with_mentions_only(frames):
    fig = plots.top_actors(frames["events"], frames["actors"], frames["mentions"], n=10)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert names[-1] == "Quiet" and len(names) == 5


def test_plots_top_actors_shortens_long_names(frames):
    actors = frames["actors"].copy()
    actors.loc[actors["actor_id"] == "a1", "name"] = (
        "United Nations Office for the Coordination of Humanitarian Affairs")
    fig = plots.top_actors(frames["events"], actors, frames["mentions"], n=1)
    (label,) = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(label) == plots.MAX_LABEL and label.startswith("United Nations Office")
    assert label.endswith("\u2026")


def test_plots_top_actors_disambiguates_equal_names(frames):
    actors = frames["actors"].copy()
    actors.loc[actors["actor_id"] == "a2", "name"] = "Army"
    fig = plots.top_actors(frames["events"], actors, frames["mentions"], n=2)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Army (a1)", "Army (a2)"]


# casualty_ranges -------------------------------------------------------------------------------

def test_plots_casualty_ranges_one_panel_per_category(frames):
    fig = plots.casualty_ranges(frames["numbers"], frames["reports"])
    assert [ax.get_ylabel() for ax in fig.axes] == ["killed", "wounded", "deployed"]
    assert "1 figure(s) from reports without a date" in fig._supxlabel.get_text()


def test_plots_casualty_ranges_draws_value_and_range(frames):
    fig = plots.casualty_ranges(frames["numbers"], frames["reports"])
    killed = fig.axes[0]
    values = sorted(killed.lines[0].get_ydata())
    assert values == [5, 1601]
    (ranges,) = [c for c in killed.collections if isinstance(c, LineCollection)]
    spans = sorted((seg[0][1], seg[1][1]) for seg in ranges.get_segments())
    assert spans == [(5, 5), (1601, 1601)]  # a missing high falls back to the value
    wounded = fig.axes[1]
    (ranges,) = [c for c in wounded.collections if isinstance(c, LineCollection)]
    assert [(s[0][1], s[1][1]) for s in ranges.get_segments()] == [(24, 99)]
    assert wounded.get_ylim()[0] == 0 and wounded.get_ylim()[1] > 99


def test_plots_casualty_ranges_same_day_figures_do_not_overlap(frames):
    numbers = frames["numbers"].copy()
    numbers.loc[numbers["number_id"] == "n4", "report_id"] = "r1"  # two killed on Mar 1
    killed = plots.casualty_ranges(numbers, frames["reports"]).axes[0]
    xs = killed.lines[0].get_xdata()
    assert len(set(xs)) == 2


def test_plots_casualty_ranges_chosen_categories(frames):
    fig = plots.casualty_ranges(frames["numbers"], frames["reports"],
                                categories=["deployed", "arrested"])
    assert [ax.get_ylabel() for ax in fig.axes] == ["deployed"]


# events_over_time by modality ------------------------------------------------------------------

def test_plots_events_over_time_by_modality(frames):
    events = frames["events"].copy()
    events.loc[events["event_id"] == "e2", "modality"] = "planned"
    fig = plots.events_over_time(events, frames["reports"], by="modality")
    ax = fig.axes[0]
    assert sum(p.get_height() for p in _bars(ax)) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["asserted", "planned"]
    assert ax.get_legend().get_title().get_text() == "modality"
    assert "modality" in ax.get_title()
    planned = [p for p in _bars(ax) if p.get_facecolor()[:3] == matplotlib.colors.to_rgb(
        plots.MODALITY_COLORS["planned"])]
    assert len(planned) == 1 and planned[0].get_height() == 1


def test_plots_events_over_time_refuses_unknown_by(frames):
    with pytest.raises(ParameterError, match="by"):
        plots.events_over_time(frames["events"], by="actor")


# actor_network ---------------------------------------------------------------------------------

def _arrows(ax) -> list:
    return [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]


def test_plots_actor_network_draws_one_arrow_per_pair(frames):
    fig = plots.actor_network(frames["events"], frames["actors"])
    ax = fig.axes[0]
    # e2 a1->a2, e3 a2->a1, e4 a3->a4, e5 a3->a1; e1 has no target
    assert len(_arrows(ax)) == 4
    labels = {t.get_text() for t in ax.texts}
    assert {"Army", "Rebels", "United Kingdom", "Estonia"} <= labels
    assert "Quiet" not in labels  # no event
    assert ax.get_title() == "Who acts on whom"


def test_plots_actor_network_weights_arrows_by_count(frames):
    events = frames["events"]
    extra = events[events["event_id"] == "e4"].assign(event_id="e6")
    fig = plots.actor_network(pd.concat([events, extra, extra.assign(event_id="e7")]),
                              frames["actors"])
    ax = fig.axes[0]
    widths = sorted(a.arrow_patch.get_linewidth() for a in _arrows(ax))
    assert len(widths) == 4 and widths[-1] > widths[0]
    assert "3" in {t.get_text() for t in ax.texts}  # a3 -> a4 three times


def test_plots_actor_network_keeps_the_top_n(frames):
    fig = plots.actor_network(frames["events"], frames["actors"], n=2)
    ax = fig.axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert {"Army", "Rebels"} <= labels and "Estonia" not in labels
    assert len(_arrows(ax)) == 2  # a1 <-> a2
    assert "2 source-target event(s)" in _texts(fig)


def test_plots_actor_network_without_targets_says_no_data(frames):
    events = frames["events"].assign(target_id=None)
    fig = plots.actor_network(events, frames["actors"])
    assert plots.NO_DATA in _texts(fig)
    fig.canvas.draw()


# empty frames ----------------------------------------------------------------------------------

@pytest.mark.parametrize("draw", [
    lambda f: plots.events_over_time(f["events"], f["reports"]),
    lambda f: plots.events_over_time(f["events"]),
    lambda f: plots.top_actors(f["events"], f["actors"], f["mentions"]),
    lambda f: plots.casualty_ranges(f["numbers"], f["reports"]),
    lambda f: plots.actor_network(f["events"], f["actors"]),
    lambda f: plots.events_over_time(f["events"], f["reports"], by="modality"),
])
def test_plots_empty_frames_say_no_data(draw):
    fig = draw(empty_frames())
    assert isinstance(fig, Figure)
    assert plots.NO_DATA in _texts(fig)
    fig.canvas.draw()  # renders without error


def test_plots_undated_only_says_no_data(frames):
    events = frames["events"][frames["events"]["event_id"] == "e5"]
    fig = plots.events_over_time(events, frames["reports"])
    assert plots.NO_DATA in _texts(fig) and "1 event(s) without a date" in _texts(fig)


def test_plots_figures_render_to_png(frames, tmp_path):
    for i, fig in enumerate([
        plots.events_over_time(frames["events"], frames["reports"]),
        plots.top_actors(frames["events"], frames["actors"], frames["mentions"]),
        plots.casualty_ranges(frames["numbers"], frames["reports"]),
        plots.actor_network(frames["events"], frames["actors"]),
    ]):
        fig.savefig(tmp_path / f"{i}.png")
        assert (tmp_path / f"{i}.png").stat().st_size > 1000


def test_plots_figures_stay_out_of_pyplot_state(frames):
    before = plt.get_fignums()
    fig = plots.events_over_time(frames["events"], frames["reports"])
    # not registered with pyplot: shown once when displayed, never twice by the inline backend
    assert plt.get_fignums() == before
    assert fig.canvas is not None


def test_plots_events_over_time_keeps_the_tallest_bar_whole(frames):
    fig = plots.events_over_time(frames["events"], frames["reports"], freq="D")
    ax = fig.axes[0]
    tallest = max(p.get_y() + p.get_height() for p in ax.patches)
    assert ax.get_ylim()[1] > tallest           # headroom above the tallest bar
