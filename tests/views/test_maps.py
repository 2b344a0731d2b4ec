"""The map of events and its table of places: one marker per event with coordinates, coloured by
type and sized by casualties; a note for the rest; self-contained, escaped HTML; nothing fetched."""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")  # no display needed, whatever the machine

import socket  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis.store.schema import empty_frames, frame  # noqa: E402
from analysis.views import explore, maps, plots  # noqa: E402

GEO = ["place_id", "latitude", "longitude", "admin1", "geo_precision"]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
# event_id, type, place, admin1, latitude, longitude, geo_precision, killed, wounded
EVENTS = [
    ("e1", "ASSAULT", "Goma", "North Kivu", -1.68, 29.22, 1, 4, 30),
    ("e2", "PROTEST", "Goma", "North Kivu", -1.68, 29.22, 1, 0, None),
    ("e3", "ASSAULT", "Bunia", "Ituri", 1.56, 30.25, 1, 12, None),
    ("e4", "ASSAULT", "Ituri", "Ituri", 1.50, 29.90, 3, None, None),   # only the region known
    ("e5", "PROTEST", "Kinshasa", "Kinshasa", -4.32, 15.31, 2, None, 2),
    ("e6", "ACCUSE", "the capital", None, None, None, None, None, None),  # not resolved
    ("e7", "AGREE", "Congo", None, None, None, None, None, None),          # a country alone
]
PLACED = [e for e in EVENTS if e[4] is not None]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _events(rows=EVENTS) -> pd.DataFrame:
    """The events frame of the contract, with the places the resolver found."""
    return frame("events", [
        {"event_id": e, "report_id": "r1", "sent_id": i, "start": 0, "end": 5, "trigger": "x",
         "event_type": t, "modality": "asserted", "place": p, "place_country": "COD",
         "place_id": f"r1-p{i}", "admin1": a, "latitude": la, "longitude": lo,
         "geo_precision": pr, "killed": k, "wounded": w}
        for i, (e, t, p, a, la, lo, pr, k, w) in enumerate(rows)])


@pytest.fixture
def frames():
    f = empty_frames()
    f["reports"] = frame("reports", [{"report_id": "r1", "title": "Kivu", "n_words": 1,
                                       "text": ".", "published": "2025-03-01"}])
    f["sentences"] = frame("sentences", [
        {"report_id": "r1", "sent_id": i, "start": 0, "end": 5, "text": f"Event {i}"}
        for i in range(len(EVENTS))])
    f["events"] = _events()
    return f


def _markers(fig: Figure) -> tuple[np.ndarray, np.ndarray]:
    """The points (longitude, latitude) and areas of every event marker of a map."""
    found = [c for c in fig.axes[0].collections if c.get_gid() == "events"]
    if not found:
        return np.empty((0, 2)), np.empty(0)
    return (np.concatenate([c.get_offsets() for c in found]),
            np.concatenate([np.broadcast_to(c.get_sizes(), len(c.get_offsets()))
                            for c in found]))


def _texts(fig: Figure) -> str:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts] + [ax.get_title()]
    return "\n".join(found)


def _points(rows) -> set[tuple[float, float]]:
    return {(r[5], r[4]) for r in rows}


def _rounded(xy: np.ndarray) -> set[tuple[float, float]]:
    return {(round(float(x), 4), round(float(y), 4)) for x, y in xy}


# the map -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("ids", [
    ["e1", "e2", "e3", "e4", "e5", "e6", "e7"],
    ["e1", "e6"],
    ["e4"],
    ["e2", "e5"],
])
def test_maps_one_marker_per_event_with_coordinates(frames, ids):
    events = frames["events"][frames["events"]["event_id"].isin(ids)]
    xy, _ = _markers(maps.event_map(events))
    placed = [e for e in PLACED if e[0] in ids]
    assert len(xy) == len(placed)
    assert _rounded(xy) == _points(placed)


def test_maps_events_without_coordinates_are_counted_in_a_note(frames):
    fig = maps.event_map(frames["events"])
    assert "2 event(s) without coordinates not shown" in _texts(fig)
    placed = frames["events"].dropna(subset=["latitude"])
    assert "without coordinates" not in _texts(maps.event_map(placed))


def test_maps_markers_are_coloured_by_type_and_hollow_for_a_region(frames):
    fig = maps.event_map(frames["events"])
    filled, hollow = [c for c in fig.axes[0].collections if c.get_gid() == "events"]
    assert len(filled.get_offsets()) == 4 and len(hollow.get_offsets()) == 1
    assert _rounded(hollow.get_offsets()) == {(29.9, 1.5)}    # e4, only Ituri known
    assert hollow.get_facecolors().size == 0 or not hollow.get_facecolors()[:, 3].any()
    colours = {tuple(np.round(c[:3], 3)) for c in filled.get_facecolors()}
    assert colours == {tuple(np.round(to_rgba(plots.TYPE_COLORS[t])[:3], 3))
                       for t in ("ASSAULT", "PROTEST")}
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "killed + wounded" == fig.axes[1].get_legend().get_title().get_text()
    types = [a for a in fig.axes[1].artists if a is not fig.axes[1].get_legend()][0]
    assert [t.get_text() for t in types.get_texts()] == ["PROTEST", "ASSAULT",
                                                         "only the region known"]
    assert legend[0] == "none"


def test_maps_sizes_grow_with_casualties(frames):
    xy, sizes = _markers(maps.event_map(frames["events"]))
    area = {(round(float(x), 4), round(float(y), 4), float(s)) for (x, y), s in zip(xy, sizes)}
    by_point = {(x, y): s for x, y, s in area if (x, y) != (29.22, -1.68)}  # Goma holds two
    assert by_point[(30.25, 1.56)] > by_point[(15.31, -4.32)] > by_point[(29.9, 1.5)]
    assert by_point[(29.9, 1.5)] == maps.MIN_AREA                 # no casualty: the least
    goma = sorted(s for x, y, s in area if (x, y) == (29.22, -1.68))
    assert goma == [maps.MIN_AREA, float(maps.area(34))]


@pytest.mark.parametrize("casualties", [[0, 1, 10, 100, 1000], [0, 0.5, 2]])
def test_maps_area_grows_and_is_capped(casualties):
    areas = maps.area(casualties)
    assert areas[0] == maps.MIN_AREA and (np.diff(areas) > 0).all()
    assert maps.area([10 ** 9])[0] == maps.MAX_AREA and maps.area([np.nan])[0] == maps.MIN_AREA


def test_maps_filtering_changes_the_points(frames):
    every = explore.view(frames)
    protests = explore.view(frames, event_type="PROTEST")
    assert isinstance(protests.map, Figure)
    assert len(_markers(every.map)[0]) == 5
    xy, _ = _markers(protests.map)
    assert _rounded(xy) == _points([e for e in PLACED if e[1] == "PROTEST"])
    colours = {tuple(np.round(c[:3], 3)) for c in protests.map.axes[0].collections[-1]
               .get_facecolors()}
    assert colours == {tuple(np.round(to_rgba(plots.TYPE_COLORS["PROTEST"])[:3], 3))}
    assert "killed + wounded" in _legend_titles(protests.map)
    nothing = explore.view(frames, text="no sentence says this")
    assert maps.NO_POINTS in _texts(nothing.map)


def _legend_titles(fig: Figure) -> list[str]:
    key = fig.axes[1]
    return [a.get_title().get_text() for a in [key.get_legend(), *key.artists]]


def _without_geo(f):
    f["events"] = f["events"].drop(columns=[c for c in GEO if c in f["events"]])
    return f


def _places_missing(f):
    f["events"] = f["events"].drop(columns=["latitude", "longitude", "geo_precision"])
    return f   # place_id but no places frame to find the points in


def _all_unknown(f):
    f["events"] = f["events"].assign(latitude=np.nan, longitude=np.nan)
    return f


def _out_of_range(f):
    f["events"] = f["events"].assign(latitude=120.0, longitude=-400.0)
    return f


@pytest.mark.parametrize("older", [_without_geo, _places_missing, _all_unknown, _out_of_range,
                                   lambda f: empty_frames()])
def test_maps_frames_without_coordinates_say_so(frames, older):
    f = older(frames)
    fig = maps.event_map(f["events"], places=f.get("places"))
    assert plots.NO_DATA in _texts(fig) and maps.NO_POINTS in _texts(fig)
    assert len(_markers(fig)[0]) == 0
    n = len(f["events"])
    assert (f"{n} event(s) without coordinates" in _texts(fig)) == (n > 0)
    assert maps.place_table(f).empty and list(maps.place_table(f)) == maps.PLACE_COLUMNS
    page = explore.where_section(f)
    assert "No event has a place with coordinates." in page and "<table" not in page
    assert len(_markers(explore.view(f).map)[0]) == 0


def test_maps_places_frame_fills_the_points_and_names(frames):
    events = frames["events"]
    frames["places"] = pd.DataFrame({
        "place_id": events["place_id"], "name": [f"{p} (resolved)" for p in events["place"]],
        "country": "COD", "admin1": events["admin1"], "latitude": events["latitude"],
        "longitude": events["longitude"], "geo_precision": events["geo_precision"]})
    frames["events"] = events.drop(columns=["latitude", "longitude", "geo_precision", "admin1"])
    fig = maps.event_map(frames["events"], places=frames["places"])
    assert _rounded(_markers(fig)[0]) == _points(PLACED)
    assert "Goma (resolved)" in _texts(fig)
    table = maps.place_table(frames)
    assert table["name"].tolist()[0] == "Goma (resolved)" and len(table) == 4
    protests = explore.view(frames, event_type="PROTEST").map   # an event table, located
    assert _rounded(_markers(protests)[0]) == _points([e for e in PLACED if e[1] == "PROTEST"])


def test_maps_extent_has_a_margin_and_stays_in_the_world(frames):
    one = frames["events"].iloc[[0]]
    ax = maps.event_map(one).axes[0]
    (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
    assert east - west >= maps.MIN_SPAN and north - south >= maps.MIN_SPAN
    assert west < 29.22 < east and south < -1.68 < north
    edge = one.assign(latitude=89.0, longitude=179.5)
    ax = maps.event_map(edge).axes[0]
    assert ax.get_xlim()[1] <= 180 and ax.get_ylim()[1] <= 90
    assert ax.get_xlim()[1] - ax.get_xlim()[0] >= maps.MIN_SPAN


def test_maps_draws_the_outlines_of_the_countries_in_view(frames):
    ax = maps.event_map(frames["events"]).axes[0]
    land = [c for c in ax.collections if c.get_gid() != "events"]
    assert land and all(len(c.get_paths()) > 0 for c in land)
    assert "Kinshasa" in _texts(ax.figure)           # the busiest places are named
    assert "Democratic Republic of the Congo" in _texts(ax.figure) or "Uganda" in _texts(
        ax.figure)                                     # and the larger countries


@pytest.mark.parametrize("geometry, rings", [
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1], [0, 0]]]}, [1]),
    ({"type": "MultiPolygon", "coordinates": [
        [[[0, 0], [1, 0], [0, 1], [0, 0]]],
        [[[5, 5], [9, 5], [5, 9], [5, 5]], [[6, 6], [7, 6], [6, 7], [6, 6]]]]}, [1, 2]),
    ({"type": "Point", "coordinates": [0, 0]}, []),
    ({}, []),
])
def test_maps_polygons_and_multipolygons(geometry, rings):
    assert [len(polygon) for polygon in maps._polygons(geometry)] == rings


def test_maps_outlines_are_read_once_and_cover_the_countries():
    shapes = maps.outlines()
    assert maps.outlines() is shapes                            # cached
    iso3 = set(shapes.countries["iso3"])
    assert {"SOM", "UKR", "LBN", "NGA", "MEX", "COD"} <= iso3
    assert len(shapes.rings) == len(shapes.outer) == len(shapes.owner) == len(shapes.boxes)
    russia = int(np.flatnonzero(shapes.countries["iso3"] == "RUS")[0])
    assert (shapes.owner[shapes.outer] == russia).sum() > 1     # a multipolygon, every part
    assert not any(maps._is_box(r) for r in shapes.rings)       # a bare box is no outline


def test_maps_need_no_network(frames, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the map tried to open a socket")

    maps.outlines.cache_clear()
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = explore.where_section(frames)
    assert "data:image/png;base64," in page


def test_maps_figures_render_and_stay_out_of_pyplot(frames, tmp_path):
    before = plt.get_fignums()
    fig = maps.event_map(frames["events"])
    assert plt.get_fignums() == before
    fig.savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 5000


# the table of places -----------------------------------------------------------------------------

def test_maps_place_table_aggregates_by_place(frames):
    table = maps.place_table(frames)
    assert list(table.columns) == maps.PLACE_COLUMNS
    assert table["name"].tolist() == ["Goma", "Bunia", "Kinshasa", "Ituri"]
    goma = table.iloc[0]
    assert (goma["n_events"], goma["killed"], goma["wounded"]) == (2, 4, 30)
    assert goma["event_types"] == "ASSAULT 1, PROTEST 1"
    assert table["n_events"].sum() == len(PLACED)
    assert table.set_index("name").loc["Ituri", "geo_precision"] == 3
    assert str(table["geo_precision"].dtype) == "Int8" and str(table["killed"].dtype) == "Int64"


@pytest.mark.parametrize("event_type, names", [
    ("PROTEST", ["Kinshasa", "Goma"]),            # one event each: Kinshasa has 2 wounded
    ("ASSAULT", ["Bunia", "Goma", "Ituri"]),
    ("ACCUSE", []),
])
def test_maps_place_table_of_the_events_shown(frames, event_type, names):
    shown = explore.filter_events(frames, event_type=event_type)
    assert maps.place_table(frames, shown)["name"].tolist() == names


def test_maps_place_table_sorts_by_events_then_killed():
    rows = [("a", "ASSAULT", "Quiet", None, 1.0, 1.0, 1, 0, 0),
            ("b", "ASSAULT", "Deadly", None, 2.0, 2.0, 1, 9, 0),
            ("c", "PROTEST", "Busy", None, 3.0, 3.0, 1, 0, 0),
            ("d", "PROTEST", "Busy", None, 3.0, 3.0, 1, 0, 0),
            ("e", "ASSAULT", "Busy", None, 3.0, 3.0, 1, 1, 0)]
    table = maps.place_table({"events": _events(rows)})
    assert table["name"].tolist() == ["Busy", "Deadly", "Quiet"]
    assert table.loc[0, "event_types"] == "PROTEST 2, ASSAULT 1"


# the HTML section --------------------------------------------------------------------------------

def test_maps_where_section_is_self_contained(frames):
    page = explore.where_section(frames)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["script", "iframe", "link", "svg"])
    sources = [t.get(a) for t in soup.find_all(True) for a in ("src", "href") if t.get(a)]
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "http://" not in page and "https://" not in page
    layout = soup.select_one("div.where")["style"]
    assert "display:flex" in layout and "flex-wrap:wrap" in layout
    assert [th.get_text() for th in soup.select("th")] == explore.PLACES_SHOWN
    assert len(soup.select("tbody tr")) == 4 and "4 places." in page


def test_maps_where_section_caps_the_places(frames):
    page = explore.where_section(frames, max_rows=2)
    soup = BeautifulSoup(page, "html.parser")
    assert [td.get_text() for td in soup.select("tbody tr td:first-child")] == ["Goma", "Bunia"]
    assert "Showing the first 2 of 4 places" in page


@pytest.mark.parametrize("name", [SCRIPT, IMG, "Tyre & Sidon", "$x^2$ \\frac"])
def test_maps_hostile_place_names_are_text(frames, name):
    frames["events"].loc[0, "place"] = name
    frames["events"].loc[0, "admin1"] = name
    page = explore.where_section(frames)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["script", "iframe", "svg"]) and soup.find_all("img")[0]["alt"]
    assert all(not a.startswith("on") for t in soup.find_all(True) for a in t.attrs)
    assert name in [td.get_text() for td in soup.select("td")]
    fig = maps.event_map(frames["events"])
    assert name in _texts(fig)                                # drawn as it is, no mathtext
    fig.savefig(os.devnull, format="png")


def test_maps_explorer_view_html_carries_the_map(frames):
    got = explore.view(frames, event_type="ASSAULT")
    page = got.to_html()
    assert page.count("data:image/png;base64,") == 2
    assert f'alt="{explore.MAP_ALT}"' in page


def test_maps_place_table_one_row_per_point_with_its_finest_precision():
    events = pd.DataFrame({
        "event_id": ["e1", "e2"], "event_type": ["ASSAULT", "COERCE"], "killed": [3, None],
        "wounded": [None, None], "place": ["Uvira", "Uvira"], "place_id": ["p1", "p2"],
        "latitude": [-3.395, -3.395], "longitude": [29.138, 29.138], "admin1": ["South Kivu"] * 2,
        "place_country": ["COD", "COD"], "geo_precision": pd.array([2, 1], dtype="Int8")})
    table = maps.place_table({"events": events}, events)
    assert len(table) == 1
    assert table.loc[0, "geo_precision"] == 1 and table.loc[0, "n_events"] == 2
