"""Display tables: names joined onto ids, the sentence of every row, and the event filter."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.store.schema import empty_frames
from analysis.views import tables
from analysis.views.filters import filter_events
from tests.support import linked_frames


@pytest.fixture
def frames():
    return linked_frames()


def test_tables_event_table_joins_names_report_and_sentence(frames):
    table = tables.event_table(frames)
    assert list(table.columns) == tables.EVENT_COLUMNS
    row = table.set_index("event_id").loc["e2"]
    assert (row["source"], row["target"]) == ("Rebels", "Army")
    assert row["sentence"] == "Rebels accused the army of lying."
    assert row["title"] == "Strike <script>alert(1)</script>"  # escaping is the display's job
    assert row["report_source"] == "Wire"
    assert row["published"] == pd.Timestamp("2024-03-01")
    assert (row["report_id"], row["sent_id"], row["start"], row["end"]) == ("r1", 1, 44, 51)


def test_tables_event_table_sorts_by_date_then_report_date(frames):
    # e1 has its own date (Feb 29); e2 falls back to r1's (Mar 1), e3 to r2's (Mar 3)
    assert tables.event_table(frames)["event_id"].tolist() == ["e1", "e2", "e3"]


def test_tables_event_table_missing_actor_is_na(frames):
    row = tables.event_table(frames).set_index("event_id").loc["e1"]
    assert row["source"] == "Army" and pd.isna(row["target"])


def test_tables_event_table_unknown_actor_id_shows_the_id(frames):
    frames["actors"] = frames["actors"][frames["actors"]["actor_id"] != "a4"]
    row = tables.event_table(frames).set_index("event_id").loc["e3"]
    assert row["target"] == "a4"


@pytest.mark.parametrize("build", [
    tables.event_table, tables.actor_table, tables.figure_table, filter_events,
])
def test_tables_empty_frames_give_empty_tables_with_columns(build):
    table = build(empty_frames())
    assert table.empty and len(table.columns) > 5


def test_tables_missing_frames_are_treated_as_empty(frames):
    del frames["sentences"]
    table = tables.event_table(frames)
    assert len(table) == 3 and table["sentence"].isna().all()


def test_tables_actor_activity_counts_roles_and_mentions(frames):
    activity = tables.actor_activity(frames["events"], frames["actors"], frames["mentions"])
    got = activity.set_index("actor_id")[["as_source", "as_target", "n_events", "n_mentions"]]
    assert got.loc["a1"].tolist() == [1, 1, 2, 2]
    assert got.loc["a4"].tolist() == [0, 1, 1, 1]
    assert activity["actor_id"].iloc[0] == "a1"
    # ties on events and mentions are broken by name
    assert activity["name"].tolist() == ["Army", "Estonia", "Rebels", "United Kingdom"]


def test_tables_actor_table_affiliation_and_first_mention(frames):
    table = tables.actor_table(frames)
    assert list(table.columns) == tables.ACTOR_TABLE_COLUMNS
    rows = table.set_index("actor_id")
    assert rows.loc["a2", "affiliation"] == "Army"
    assert pd.isna(rows.loc["a1", "affiliation"])
    # the first mention of the army is sentence 0 of r1, not the later "army" in sentence 1
    assert rows.loc["a1", "sentence"] == "Army shelled Town, killing 5 people."
    assert (rows.loc["a1", "sent_id"], rows.loc["a1", "start"]) == (0, 0)
    assert rows.loc["a3", "country"] == "GBR"


def test_tables_actor_table_keeps_the_n_most_active(frames):
    assert tables.actor_table(frames, n=2)["name"].tolist() == ["Army", "Estonia"]


def test_tables_figure_table_default_categories(frames):
    table = tables.figure_table(frames)
    assert list(table.columns) == tables.FIGURE_COLUMNS
    assert table["number_id"].tolist() == ["n1", "n2"]  # by report date; duration left out
    row = table.set_index("number_id").loc["n2"]
    assert (row["actor"], row["event_type"], row["low"], row["high"]) == \
        ("United Kingdom", "MOBILIZE", 800, 1000)
    assert row["sentence"] == "UK plans to send about 900 troops to Estonia."
    assert row["title"] == "Deployment"


@pytest.mark.parametrize("categories, expected", [
    (None, ["n1", "n2", "n3"]),  # same report date: categories in contract order
    (["killed"], ["n1"]),
    ((), []),
])
def test_tables_figure_table_categories(frames, categories, expected):
    assert tables.figure_table(frames, categories=categories)["number_id"].tolist() == expected


@pytest.mark.parametrize("filters, expected", [
    ({}, ["e1", "e2", "e3"]),
    ({"event_type": "ASSAULT"}, ["e1"]),
    ({"event_type": ["ASSAULT", "MOBILIZE"]}, ["e1", "e3"]),
    ({"event_type": None, "actor": None, "modality": None, "text": None}, ["e1", "e2", "e3"]),
    ({"event_type": "", "actor": "", "modality": "", "text": "  "}, ["e1", "e2", "e3"]),
    ({"actor": "a1"}, ["e1", "e2"]),
    ({"actor": "army"}, ["e1", "e2"]),  # a name, case-insensitive, as source or target
    ({"actor": "Estonia"}, ["e3"]),
    ({"actor": "nobody"}, []),
    ({"modality": "planned"}, ["e3"]),
    ({"modality": ["asserted"], "actor": "Rebels"}, ["e2"]),
    ({"text": "LYING"}, ["e2"]),  # the sentence
    ({"text": "shelled"}, ["e1"]),  # the trigger's words are in the sentence
    ({"text": "script"}, []),  # the report title is not searched, only the sentence
    ({"text": "town"}, ["e1"]),
    ({"text": "n, k"}, ["e1"]),  # plain text, not a regular expression ("Town, killing")
    ({"event_type": "ASSAULT", "text": "estonia"}, []),
])
def test_tables_filter_events(frames, filters, expected):
    table = filter_events(frames, **filters)
    assert table["event_id"].tolist() == expected
    assert list(table.columns) == tables.EVENT_COLUMNS


@pytest.mark.parametrize("filters", [{"event_type": "ATTACK"}, {"modality": "likely"},
                                     {"event_type": ["ASSAULT", "assault"]}])
def test_tables_filter_events_refuses_unknown_vocabulary(frames, filters):
    with pytest.raises(ParameterError):
        filter_events(frames, **filters)


def test_tables_readable_formats_for_reading(frames):
    table = tables.readable(tables.figure_table(frames))
    row = table.set_index("number_id").loc["n2"]
    assert (row["value"], row["low"], row["high"]) == (900, 800, 1000)  # whole numbers
    assert row["published"] == "2024-03-03"
    assert tables.readable(tables.figure_table(frames)).loc[0, "actor"] == ""  # missing


def test_tables_readable_keeps_times_fractions_and_markup():
    df = pd.DataFrame({
        "when": pd.to_datetime(["2024-03-01 08:30", None]),
        "share": pd.array([0.5, None], dtype="Float64"),
        "text": pd.array(["a\n\n b  <b>c</b>", None], dtype="string"),
    })
    out = tables.readable(df)
    assert out["when"].tolist() == ["2024-03-01 08:30", ""]
    assert out["share"].tolist() == [0.5, ""]
    assert out["text"].tolist() == ["a b <b>c</b>", ""]  # escaping is to_html's job
    assert "&lt;b&gt;c&lt;/b&gt;" in out.to_html(escape=True)
    assert len(df) == 2 and df["text"][0].startswith("a\n")  # the input is left alone


def test_tables_to_html_links_rows_to_their_sentences(frames):
    table = tables.event_table(frames)
    out = tables.to_html(table, ["event_type", "sentence", "title"],
                         links=[("r1", 0), ("r2", 0)], prefix="events")
    assert out.count("<a href") == 2
    assert ('<a href="#events-r1-0" title="the highlighted source sentence">'
            "Army shelled Town, killing 5 people.</a>") in out
    assert "<td>Rebels accused the army of lying.</td>" in out        # not linked: not shown
    assert "Strike &lt;script&gt;alert(1)&lt;/script&gt;" in out and "<script" not in out
    assert "report_id" not in out and "<th>sentence</th>" in out


def test_tables_to_html_adds_a_source_column_when_no_sentence_is_shown(frames):
    out = tables.to_html(tables.figure_table(frames), ["category", "text"], links=[("r2", 0)])
    assert "<th>source</th>" in out and '<a href="#s-r2-0"' in out and ">sentence</a>" in out
    assert tables.to_html(tables.figure_table(frames), ["category"]).count("<th>") == 1


def test_tables_to_html_without_provenance_or_links(frames):
    out = tables.to_html(pd.DataFrame({"n": [1, 2], "what": ["<b>x</b>", None]}))
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<a " not in out and "<th>n</th>" in out


# date precision --------------------------------------------------------------------------------

def _precise(frames, day: str, precision, event_id: str = "e1"):
    """The frames with ``event_id`` dated ``day`` at ``precision`` (the others without one)."""
    events = frames["events"].copy()
    events.loc[events["event_id"] == event_id, "date"] = pd.Timestamp(day)
    values = [precision if e == event_id else None for e in events["event_id"]]
    frames["events"] = events.assign(date_precision=pd.array(values, dtype="Int8"))
    return frames


def test_tables_event_table_carries_date_precision(frames):
    table = tables.event_table(_precise(frames, "2024-03-01", 3))
    assert str(table["date_precision"].dtype) == "Int8"
    assert pd.api.types.is_datetime64_any_dtype(table["date"])   # still a datetime column
    assert table.set_index("event_id")["date_precision"].loc["e1"] == 3


def test_tables_event_table_of_older_frames_has_no_precision(frames):
    frames["events"] = frames["events"].drop(columns="date_precision", errors="ignore")
    table = tables.event_table(frames)
    assert list(table.columns) == tables.EVENT_COLUMNS
    assert str(table["date_precision"].dtype) == "Int8" and table["date_precision"].isna().all()


@pytest.mark.parametrize("day, precision, filters, kept", [
    # March 2024 (a month) overlaps a range from the 15th, or one inside it
    ("2024-03-01", 3, {"start": "2024-03-15"}, True),
    ("2024-03-01", 3, {"start": "2024-03-31", "end": "2024-04-30"}, True),
    ("2024-03-01", 3, {"start": "2024-03-10", "end": "2024-03-12"}, True),
    ("2024-03-01", 3, {"start": "2024-04-01"}, False),
    ("2024-03-01", 3, {"end": "2024-02-29"}, False),
    ("2024-03-01", 1, {"start": "2024-03-15"}, False),      # the day itself: as before
    ("2024-03-01", None, {"start": "2024-03-15"}, False),   # no precision: a day
    # 2023 (a year, on 1 January)
    ("2023-01-01", 3, {"start": "2023-11-01", "end": "2023-11-30"}, True),
    ("2023-01-01", 3, {"start": "2024-01-01"}, False),
    ("2023-01-01", 1, {"start": "2023-11-01", "end": "2023-11-30"}, False),
    # mid-June (a few days or a week): 5 days either side
    ("2024-06-15", 2, {"start": "2024-06-20"}, True),
    ("2024-06-15", 2, {"start": "2024-06-21"}, False),
    ("2024-06-15", 2, {"end": "2024-06-10"}, True),
    ("2024-06-15", 2, {"end": "2024-06-09"}, False),
])
def test_tables_filter_events_by_the_period_of_a_date(frames, day, precision, filters, kept):
    got = filter_events(_precise(frames, day, precision), **filters)
    assert ("e1" in got["event_id"].tolist()) == kept


def test_tables_filter_events_precision_needs_an_own_date(frames):
    # e2 has no date: its report's day (2024-03-01) is a day, whatever its precision says
    frames = _precise(frames, "2024-02-29", 1)
    frames["events"].loc[frames["events"]["event_id"] == "e2", "date_precision"] = 3
    assert filter_events(frames, start="2024-03-15")["event_id"].tolist() == []


@pytest.mark.parametrize("day, precision, shown", [
    ("2024-03-01", 3, "March 2024"),
    ("2023-01-01", 3, "2023"),
    ("2024-09-24", 3, "2024-09-24"),    # "the coming weeks": not a calendar month, the day
    ("2024-03-01", 2, "2024-03-01"),
    ("2024-03-01", 1, "2024-03-01"),
    ("2024-03-01", None, "2024-03-01"),
])
def test_tables_readable_shows_a_month_or_a_year(frames, day, precision, shown):
    table = tables.event_table(_precise(frames, day, precision))
    row = tables.readable(table).set_index("event_id").loc["e1"]
    assert row["date"] == shown
    assert row["published"] == "2024-03-01"        # other dates stay days
    others = tables.readable(table).set_index("event_id")["date"]
    assert others.loc["e2"] == ""                  # no date: blank, as before


def test_tables_to_html_shows_a_month_without_the_precision_column(frames):
    table = tables.event_table(_precise(frames, "2024-03-01", 3))
    out = tables.to_html(table, ["date", "event_type"])
    assert "<td>March 2024</td>" in out and "date_precision" not in out
    assert tables.readable(table[["date", "event_type"]])["date"].iloc[0] == "2024-03-01"


def test_tables_date_periods_agree_with_the_date_resolver():
    # views never import extractors: the periods are written twice, and must agree
    from analysis.extractors import dates

    days = pd.to_datetime(["2024-03-03", "2024-06-15", "2024-03-01", "2024-02-01", "2024-12-01",
                           "2023-01-01", "2024-09-24", "2024-01-31", None, "2024-03-03"])
    precision = pd.Series([1, 2, 3, 3, 3, 3, 3, 3, 3, None], dtype="Int8")
    since, until = tables.date_periods(pd.Series(days), precision)
    for day, p, first, last in zip(days, precision, since, until):
        if pd.isna(day):
            assert pd.isna(first) and pd.isna(last)
            continue
        p = None if pd.isna(p) else int(p)
        assert last.date() == dates.period_end(day.date(), p)
        assert first.date() == (day.date() - dates.WEEK_SLACK if p == dates.WEEK else day.date())
    assert (tables.DAY, tables.WEEK, tables.MONTH) == (dates.DAY, dates.WEEK, dates.MONTH)
    assert tables.WEEK_SLACK == dates.WEEK_SLACK
