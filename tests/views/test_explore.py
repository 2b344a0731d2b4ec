"""The explorer: date and figure filters, the capped table linked to its sentences, the widgets."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from analysis.errors import ParameterError
from analysis.store.schema import empty_frames
from analysis.views import explore, tables
from analysis.views.filters import filter_events
from tests.support import linked_frames

widgets = pytest.importorskip("analysis.views.widgets", reason="ipywidgets")


@pytest.fixture
def frames():
    """Two reports, three events (e1 dated Feb 29, e2 undated in r1 of Mar 1, e3 undated in r2
    of Mar 3); killed is in e1's sentence, deployed in e3's. Reports have a path and a url."""
    f = linked_frames()
    f["reports"]["path"] = pd.array(["wire/strike.md", "desk.jsonl#line2"], dtype="string")
    f["reports"]["url"] = pd.array(["https://example.org/strike?a=1&b=2", None],
                                   dtype="string")
    return f


def _ids(table):
    return table["event_id"].tolist()


# date range and figure category -----------------------------------------------------------------

@pytest.mark.parametrize("filters, expected", [
    ({"start": "2024-03-01"}, ["e2", "e3"]),          # e2 undated: its report's date counts
    ({"end": "2024-03-01"}, ["e1", "e2"]),            # the end day is included
    ({"start": "2024-02-29", "end": "2024-02-29"}, ["e1"]),
    ({"start": dt.date(2024, 3, 2), "end": pd.Timestamp("2024-03-31")}, ["e3"]),
    ({"start": "2024-03-04"}, []),
    ({"start": None, "end": "", "category": None}, ["e1", "e2", "e3"]),
    ({"category": "killed"}, ["e1"]),
    ({"category": "deployed"}, ["e3"]),
    ({"category": ["killed", "deployed"]}, ["e1", "e3"]),
    ({"category": "wounded"}, []),
    ({"category": "duration"}, ["e3"]),               # any category of the contract
    # combined with type, actor, modality and text
    ({"category": "killed", "event_type": "ASSAULT", "actor": "army"}, ["e1"]),
    ({"category": "killed", "event_type": "MOBILIZE"}, []),
    ({"start": "2024-03-01", "actor": "Army"}, ["e2"]),
    ({"start": "2024-03-01", "modality": "planned", "text": "estonia"}, ["e3"]),
    ({"end": "2024-03-02", "text": "estonia"}, []),
])
def test_explore_filter_events_dates_and_categories(frames, filters, expected):
    assert _ids(filter_events(frames, **filters)) == expected


def test_explore_events_without_any_date_are_dropped_by_a_date_filter(frames):
    frames["reports"]["published"] = pd.NaT
    assert _ids(filter_events(frames, start="2000-01-01")) == ["e1"]
    assert _ids(filter_events(frames)) == ["e1", "e2", "e3"]


@pytest.mark.parametrize("filters, name, expected", [
    ({"start": "2024-03-05", "end": "2024-03-01"}, "end", "on or after start (2024-03-05)"),
    ({"start": "March 1"}, "start", "a date YYYY-MM-DD"),
    ({"end": 20240301}, "end", "a date YYYY-MM-DD"),
    ({"category": "dead"}, "category", "one of 'killed'"),
])
def test_explore_filter_events_bad_values_name_the_filter(frames, filters, name, expected):
    with pytest.raises(ParameterError) as err:
        filter_events(frames, **filters)
    message = str(err.value)
    assert f"parameter '{name}'" in message and expected in message and "\n" not in message


# the static view --------------------------------------------------------------------------------

def test_explore_view_returns_table_figure_and_html(frames):
    got = explore.view(frames, event_type="ASSAULT")
    assert isinstance(got, explore.View) and isinstance(got.figure, Figure)
    assert _ids(got.table) == ["e1"] and _ids(got.shown) == ["e1"]
    assert "shelled" in got.table_html and "1 event." in got.table_html
    assert 'id="s-r1-0"' in got.sentences_html and "<mark" in got.sentences_html
    assert isinstance(got.map, Figure)
    page = got.to_html()
    assert page.count("data:image/png;base64,") == 2 and "<table" in page   # chart and map
    assert page.index('alt="events over time"') < page.index(f'alt="{explore.MAP_ALT}"')


def test_explore_view_rows_link_to_their_highlighted_sentence(frames):
    got = explore.view(frames)
    soup = BeautifulSoup(got.table_html + got.sentences_html, "html.parser")
    links = [a["href"] for a in soup.select("table a")]
    anchors = {fig["id"] for fig in soup.select("figure")}
    assert len(links) == 3 and {h.lstrip("#") for h in links} == anchors
    assert anchors == {"s-r1-0", "s-r1-1", "s-r2-0"}


def test_explore_view_caps_the_table_and_shows_the_sentences_of_the_rows_shown(frames):
    got = explore.view(frames, max_rows=2)
    assert len(got.table) == 3 and _ids(got.shown) == ["e3", "e2"]   # the most recent first
    assert "Showing the 2 most recent (newest first) of 3 events" in got.table_html
    assert got.sentences_html.count("<figure") == 2
    assert 'id="s-r1-0"' not in got.sentences_html and "#s-r1-0" not in got.table_html


def test_explore_view_shows_a_shared_sentence_once(frames):
    extra = frames["events"].iloc[[2]].assign(event_id="e4", trigger="killing", start=19,
                                              end=26)
    frames["events"] = pd.concat([frames["events"], extra], ignore_index=True)
    got = explore.view(frames)
    assert len(got.shown) == 4 and got.sentences_html.count("<figure") == 3
    assert got.table_html.count('href="#s-r1-0"') == 2


def test_explore_view_with_nothing_to_show(frames):
    got = explore.view(frames, text="no sentence says this")
    assert got.table.empty and "0 events." in got.table_html
    assert "No sentences" in got.sentences_html
    empty = explore.view(empty_frames())
    assert empty.table.empty and isinstance(empty.figure, Figure)


@pytest.mark.parametrize("options, name", [
    ({"max_rows": 0}, "max_rows"), ({"colour": "red"}, "colour"), ({"end": "soon"}, "end"),
])
def test_explore_view_bad_options(frames, options, name):
    with pytest.raises(ParameterError, match=f"parameter '{name}'"):
        explore.view(frames, **options)


def test_explore_section_links_rows_without_a_sentence_column(frames):
    claims = frames["numbers"][["number_id", "category", "text", "report_id", "sent_id"]]
    page = explore.section(frames, claims, ["category", "text"], prefix="claims", max_rows=2,
                           noun="figure")
    soup = BeautifulSoup(page, "html.parser")
    assert [th.get_text() for th in soup.select("th")] == ["category", "text", "source"]
    assert [a["href"] for a in soup.select("table a")] == ["#claims-r2-0", "#claims-r1-0"]
    assert {f["id"] for f in soup.select("figure")} == {"claims-r2-0", "claims-r1-0"}
    assert "Showing the first 2 of 3 figures" in page


def test_explore_section_escapes_report_text(frames):
    page = explore.section(frames, tables.event_table(frames), ["title", "sentence"])
    assert "<script>" not in page and "Strike &lt;script&gt;alert(1)&lt;/script&gt;" in page


# the widgets ------------------------------------------------------------------------------------

def test_explore_choices(frames):
    menus = explore.choices(frames)
    assert menus["event_type"] == [("ACCUSE", "ACCUSE"), ("ASSAULT", "ASSAULT"),
                                   ("MOBILIZE", "MOBILIZE")]
    assert ("Army", "a1") in menus["actor"]
    assert [v for _, v in menus["category"]] == ["deployed", "duration", "killed"]
    assert menus["place"] == [("Town", "Town")] and menus["outlet"] == [("Paper", "Paper"),
                                                                       ("Wire", "Wire")]
    assert [v for _, v in menus["precision"]] == [1, 2, 3]
    assert explore.choices(empty_frames())["actor"] == []


@pytest.mark.parametrize("filters, expected", [
    ({"event_type": ["ASSAULT", "MOBILIZE"]}, ["e1", "e3"]),
    ({"actor": ["a3", "rebels"]}, ["e2", "e3"]),           # ids and names, several
    ({"place": "town"}, ["e1"]),
    ({"outlet": "Paper"}, ["e3"]),
    ({"outlet": ["paper", "wire"]}, ["e1", "e2", "e3"]),
    ({"country": "KEN"}, []),
    ({"text": "wire"}, []),              # the outlet's name is not in any sentence
    ({"text": "ESTONIA"}, ["e3"]),
    ({"event_type": [], "actor": (), "place": None}, ["e1", "e2", "e3"]),   # empty: no filter
])
def test_explore_filters_take_several_values(frames, filters, expected):
    assert _ids(filter_events(frames, **filters)) == expected


def test_explore_filter_by_date_precision(frames):
    events = frames["events"].set_index("event_id")
    events.loc["e1", "date_precision"] = 3          # "in February 2024"
    frames["events"] = events.reset_index()
    assert _ids(filter_events(frames, precision=3)) == ["e1"]
    assert _ids(filter_events(frames, precision="day")) == []
    with pytest.raises(ParameterError, match="precision"):
        filter_events(frames, precision="hour")


def test_explore_search_marks_the_term(frames):
    got = explore.view(frames, text="ESTONIA")
    assert '<mark class="term">Estonia</mark>' in got.sentences_html
    assert 'class="term"' not in explore.view(frames).sentences_html


def test_explore_sections_follow_the_filters(frames):
    got = explore.view(frames, event_type="MOBILIZE")
    assert "United Kingdom" in got.actors_html and "Rebels" not in got.actors_html
    assert "900" in got.figures_html and "killing 5" not in got.figures_html
    everything = explore.view(frames)
    assert "Rebels" in everything.actors_html and "5" in everything.figures_html


def test_explore_widgets_drive_the_view(frames):
    pytest.importorskip("ipywidgets")
    ui = widgets.explorer(frames, debounce=0)
    assert list(ui.controls) == list(explore.FILTERS)
    assert _ids(ui.current.table) == ["e1", "e2", "e3"]
    ui.controls["event_type"].value = ("ASSAULT",)
    assert _ids(ui.current.table) == ["e1"]
    ui.controls["event_type"].value = ("ASSAULT", "MOBILIZE")
    assert _ids(ui.current.table) == ["e1", "e3"]
    ui.controls["event_type"].value = ()
    ui.controls["start"].value = dt.date(2024, 3, 1)
    ui.controls["category"].value = "deployed"
    assert _ids(ui.current.table) == ["e3"]
    ui.controls["text"].value = "estonia"
    assert ui.filters()["text"] == "estonia" and _ids(ui.current.table) == ["e3"]
    assert "Estonia" in ui._repr_html_()
    assert ui.output.outputs[0]["data"]["text/html"] == ui._repr_html_()


def test_explore_widgets_show_all_as_all_and_reset(frames):
    pytest.importorskip("ipywidgets")
    ui = widgets.explorer(frames, debounce=0)
    menu = ui.controls["modality"]
    menu.value = "planned"
    menu.value = ""                              # "all" chosen again
    assert menu.label == "all" and ui.filters()["modality"] is None
    ui.controls["outlet"].value = "Paper"
    ui.controls["actor"].value = ("a3",)
    ui.controls["text"].value = "troops"
    assert _ids(ui.current.table) == ["e3"]
    ui.reset_button.click()
    assert set(ui.filters().values()) == {None} and _ids(ui.current.table) == ["e1", "e2", "e3"]
    assert ui.controls["outlet"].label == "all"


def test_explore_search_waits_for_a_pause_in_typing(frames):
    pytest.importorskip("ipywidgets")
    import time

    ui = widgets.explorer(frames, debounce=0.2)
    for word in ("e", "es", "est", "estonia"):
        ui.controls["text"].value = word
    assert _ids(ui.current.table) == ["e1", "e2", "e3"]     # not yet redrawn
    deadline = time.monotonic() + 5
    while _ids(ui.current.table) != ["e3"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ids(ui.current.table) == ["e3"]


def _map_points(view) -> list[tuple[float, float]]:
    found = [c for c in view.map.axes[0].collections if c.get_gid() == "events"]
    return sorted((round(float(x), 2), round(float(y), 2)) for c in found
                  for x, y in c.get_offsets())


def test_explore_map_follows_the_filters(frames):
    pytest.importorskip("ipywidgets")
    events = frames["events"].set_index("event_id")
    events.loc["e1", ["latitude", "longitude", "geo_precision"]] = [-1.68, 29.22, 1]
    events.loc["e3", ["latitude", "longitude", "geo_precision"]] = [59.44, 24.75, 1]
    frames["events"] = events.reset_index()
    assert _map_points(explore.view(frames)) == [(24.75, 59.44), (29.22, -1.68)]
    ui = widgets.explorer(frames)
    ui.controls["event_type"].value = ("MOBILIZE",)
    assert _map_points(ui.current) == [(24.75, 59.44)]
    ui.controls["event_type"].value = ("ACCUSE",)   # e2 has no place: the map says so
    assert _map_points(ui.current) == [] and "no event has a place with coordinates" in \
        ui.current.map.axes[0].texts[0].get_text()
    assert ui._repr_html_().count("data:image/png;base64,") == 2


def test_explore_widgets_report_a_bad_range_and_recover(frames):
    pytest.importorskip("ipywidgets")
    ui = widgets.explorer(frames)
    ui.controls["start"].value = dt.date(2024, 3, 3)
    ui.controls["end"].value = dt.date(2024, 3, 1)   # before start: said, not raised
    assert ui.current is None and "parameter 'end'" in ui.error
    assert re.search(r'<p class="error">\[E020\]', ui._repr_html_())
    ui.controls["end"].value = None
    assert ui.error is None and _ids(ui.current.table) == ["e3"]


def test_explore_widgets_display_as_a_widget_with_a_static_fallback(frames):
    pytest.importorskip("ipywidgets")
    bundle = widgets.explorer(frames)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "data:image/png;base64," in bundle["text/html"]


def test_explore_renders_need_no_widgets():
    import subprocess
    import sys

    code = ("import sys, analysis.views.explore, analysis.views.tables, analysis.views.highlight; "
            "sys.exit('ipywidgets' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0



def test_explore_end_before_start_names_the_dates_as_written():
    with pytest.raises(ParameterError) as caught:
        filter_events({}, start=dt.date(2024, 3, 5), end=dt.date(2024, 3, 1))
    assert "'2024-03-01'" in str(caught.value) and "datetime" not in str(caught.value)


def test_explore_export_writes_every_matching_event_safely(frames, tmp_path):
    frames["sentences"].loc[0, "text"] = "=HYPERLINK(\"http://x\") Army shelled Town."
    table = explore.view(frames, max_rows=1).table          # 3 events match, 1 shown
    csv, xlsx = explore.export_view(table, tmp_path / "out", "view")
    back = pd.read_csv(csv)
    assert back["event_id"].tolist() == ["e1", "e2", "e3"]
    assert back.loc[0, "sentence"].startswith("'=HYPERLINK")   # never a live formula
    sheet = pd.read_excel(xlsx, sheet_name="events")
    assert sheet["event_id"].tolist() == ["e1", "e2", "e3"]


def test_explore_widgets_export_the_view_with_download_links(frames, tmp_path):
    ui = widgets.explorer(frames, debounce=0, exports=tmp_path / "exports")
    ui.controls["event_type"].value = ("ASSAULT", "MOBILIZE")
    csv, xlsx = ui.export()
    assert pd.read_csv(csv)["event_id"].tolist() == ["e1", "e3"] and xlsx.exists()
    assert f'download="{csv.name}"' in ui.links.value and "2 events" in ui.links.value
