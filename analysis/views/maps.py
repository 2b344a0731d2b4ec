"""Draw where events took place: a static map of their points over country outlines, and the
table of the places behind it.

The map is plain matplotlib over the country outlines the ``countryinfo`` package ships: no
tiles, no scripts, nothing fetched. It shows the events' points with a margin (equirectangular,
stretched by the cosine of the middle latitude), one marker per event coloured by type (the
colours of :mod:`analysis.views.plots`), its area growing with the event's casualties (killed
and wounded), hollow when only the region of its place is known (``geo_precision`` 3). Events
without coordinates (no place, a country alone, frames written before places were resolved) are
counted in a note; when none has coordinates the map says so rather than failing.

Examples
--------
>>> frames = analysis.load_frames("data/frames/sample")  # doctest: +SKIP
>>> event_map(frames["events"], places=frames["places"])  # doctest: +SKIP
>>> place_table(frames).head()  # doctest: +SKIP
"""
from __future__ import annotations

import functools
import math
from typing import Mapping, NamedTuple

import numpy as np
import pandas as pd
from countryinfo import CountryInfo
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox

from analysis.store.schema import EVENT_TYPES
from analysis.views import plots, tables

Frames = Mapping[str, pd.DataFrame]

TITLE = "Where events took place"
NO_POINTS = "no event has a place with coordinates"
# what an event row needs for the map, by event_id from the events frame ...
EVENT_GEO = ["place_id", "place", "place_country", "latitude", "longitude", "admin1",
             "geo_precision", "killed", "wounded", "event_type"]
# ... and by place_id from the places frame: {event table column: places column}
PLACE_GEO = {"place_name": "name", "place_country": "country", "admin1": "admin1",
             "latitude": "latitude", "longitude": "longitude", "geo_precision": "geo_precision"}
PLACE_COLUMNS = ["name", "admin1", "country", "latitude", "longitude", "geo_precision",
                 "n_events", "killed", "wounded", "event_types"]
REGION_ONLY = 3           # geo_precision of a point known only by its region: a hollow marker
MIN_SPAN = 8.0            # degrees: the narrowest view, so that one point still shows its country
MARGIN = 0.12             # share of the points' span added on each side
MAP_WIDTH = 6.4           # inches of the map (the legend is beside it)
MAP_HEIGHTS = (3.4, 4.8)  # the fewest and most inches of the map's height
KEY_WIDTH = 1.9           # inches of the legends beside the map
MIN_AREA, AREA_SCALE, MAX_AREA = 28.0, 16.0, 900.0  # area (pt²) = MIN + SCALE · √casualties
SIZE_EXAMPLES = (0, 10, 100, 1000)  # casualties in the size legend, up to the largest shown
CHAR_INCHES = 0.055       # the width of a character of a country's name, about
LABEL_SHARE = 0.03        # a country is named when its part in view covers this share
MAX_PLACE_LABELS = 8      # places named on the map, those with the most events first
LAND, BORDER, SEA, INK = "#f2f1ec", "#a0a0a0", "#e4edf4", "0.45"
EDGE_SHADE = 0.55         # a marker's rim: its type's colour times this
OTHER = "0.5"             # the colour of a type the charts have no colour for


class Outlines(NamedTuple):
    """The country outlines, flat: every ring of every country, and where to name each."""

    rings: tuple[np.ndarray, ...]   # (n, 2) longitude, latitude
    outer: np.ndarray               # per ring: True for an outer ring (land), False for a hole
    owner: np.ndarray               # per ring: its country's row in ``countries``
    boxes: np.ndarray               # per ring: west, south, east, north
    countries: pd.DataFrame         # name, iso3, and the longitude and latitude of its centre


def _polygons(geometry: Mapping) -> list:
    """The polygons (each a list of rings, the outer one first) of a GeoJSON geometry."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    return [coordinates] if kind == "Polygon" else list(coordinates) \
        if kind == "MultiPolygon" else []


def _is_box(ring: np.ndarray) -> bool:
    """True for a rectangle along the meridians, which stands in for a missing shape."""
    return len(np.unique(ring, axis=0)) == 4 and len(np.unique(ring[:, 0])) == 2 \
        and len(np.unique(ring[:, 1])) == 2


@functools.lru_cache(maxsize=1)
def outlines() -> Outlines:
    """Return the outlines of every country ``countryinfo`` has a shape for, read once.

    Polygons and multipolygons are flattened into rings; a country listed twice (by two names)
    is kept once, by its ISO alpha-3 code, and a bare bounding box is not taken for a shape.
    """
    rings, outer, owner, countries = [], [], [], []
    for info in CountryInfo.all().values():
        features = (info.get("geoJSON") or {}).get("features") or []
        key = (info.get("ISO") or {}).get("alpha3") or info.get("name")
        if not features or key in {c["iso3"] for c in countries}:
            continue
        for feature in features:
            for polygon in _polygons(feature.get("geometry") or {}):
                for i, ring in enumerate(np.asarray(r, dtype=float)[:, :2] for r in polygon):
                    if len(ring) >= 3 and not _is_box(ring):
                        rings.append(ring)
                        outer.append(i == 0)
                        owner.append(len(countries))
        latlng = info.get("latlng") or [np.nan, np.nan]
        countries.append({"name": info.get("name"), "iso3": key, "longitude": latlng[1],
                          "latitude": latlng[0]})
    boxes = np.array([[r[:, 0].min(), r[:, 1].min(), r[:, 0].max(), r[:, 1].max()]
                      for r in rings]).reshape(-1, 4)
    return Outlines(tuple(rings), np.array(outer, dtype=bool), np.array(owner, dtype=int),
                    boxes, pd.DataFrame(countries, columns=["name", "iso3", "longitude",
                                                            "latitude"]))


def _fill(table: pd.DataFrame, source: pd.DataFrame | None, key: str,
          columns: Mapping[str, str]) -> pd.DataFrame:
    """Fill ``table``'s columns (added when absent) from the ``source`` row of the same ``key``;
    ``columns`` maps a column of ``table`` to the column of ``source`` it comes from."""
    if source is None or key not in table or key not in source:
        return table
    lookup = source.dropna(subset=[key]).drop_duplicates(key).set_index(key)
    out = table.copy()
    for column, origin in columns.items():
        if origin in lookup:
            found = tables._lookup(out[key], lookup[origin])
            if column in out:   # float64 or Float64, string or object: fill in the table's dtype
                out[column] = out[column].fillna(found.astype(out[column].dtype))
            else:
                out[column] = found
    return out


def locate(events: pd.DataFrame, frames: Frames) -> pd.DataFrame:
    """Return event rows with where they took place, from the frames' events and places.

    Parameters
    ----------
    events : DataFrame
        Rows with an ``event_id``: the ``events`` frame, or an event table, filtered or not
        (see :func:`analysis.views.filters.filter_events`).
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`; ``places`` may be missing.

    Returns
    -------
    DataFrame
        ``events`` with ``EVENT_GEO`` filled from the ``events`` frame (by ``event_id``) and
        ``place_name``, ``admin1``, coordinates and precision from ``places`` (by ``place_id``),
        for the columns that exist there. Rows and their order are kept.
    """
    out = _fill(events, frames.get("events"), "event_id", {c: c for c in EVENT_GEO})
    return _fill(out, frames.get("places"), "place_id", PLACE_GEO)


def _numbers(table: pd.DataFrame, column: str) -> np.ndarray:
    if column not in table:
        return np.full(len(table), np.nan)
    return pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table:
        return pd.Series(pd.NA, index=table.index, dtype="string")
    return table[column].astype("string")


def _points(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event with valid coordinates: longitude, latitude, precision, casualties,
    type, name, admin1 and country of its place (from a table :func:`locate` returned)."""
    lon, lat = _numbers(events, "longitude"), _numbers(events, "latitude")
    killed = np.nan_to_num(_numbers(events, "killed"))
    wounded = np.nan_to_num(_numbers(events, "wounded"))
    points = pd.DataFrame({
        "longitude": lon, "latitude": lat,
        "geo_precision": pd.array(_numbers(events, "geo_precision"), dtype="Int8"),
        "killed": killed.astype(int), "wounded": wounded.astype(int),
        "casualties": killed + wounded,
        "event_type": _text(events, "event_type").fillna("other").to_numpy(),
        "name": _text(events, "place_name").fillna(_text(events, "place")).to_numpy(),
        "admin1": _text(events, "admin1").to_numpy(),
        "country": _text(events, "place_country").to_numpy(),
    })
    valid = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)  # False for NaN too
    return points[valid].reset_index(drop=True)


def _aggregate(points: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct place of ``points`` (name, admin areas, point and precision), with its
    events, casualties and event types, the most events first."""
    keys = ["name", "admin1", "country", "latitude", "longitude"]   # one row per point
    if points.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(PLACE_COLUMNS, [
            "string", "string", "string", "float64", "float64", "Int8", "Int64", "Int64",
            "Int64", "string"])})
    groups = points.groupby(keys, dropna=False, sort=False)
    out = groups.agg(geo_precision=("geo_precision", "min"), n_events=("event_type", "size"),
                     killed=("killed", "sum"), wounded=("wounded", "sum")).reset_index()
    out["event_types"] = groups["event_type"].agg(
        lambda s: ", ".join(f"{t} {n}" for t, n in s.value_counts().sort_index()
                            .sort_values(ascending=False, kind="stable").items())).to_numpy()
    out = out.astype({"name": "string", "admin1": "string", "country": "string",
                      "geo_precision": "Int8", "n_events": "Int64", "killed": "Int64",
                      "wounded": "Int64", "event_types": "string"})
    out = out.sort_values(["n_events", "killed", "wounded", "name"],
                          ascending=[False, False, False, True], kind="stable")
    return out[PLACE_COLUMNS].reset_index(drop=True)


def place_table(frames: Frames, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per distinct place with coordinates of the events, the busiest first.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    events : DataFrame, optional
        The events shown (rows with an ``event_id``, e.g. a filtered event table); default: every
        event of ``frames``.

    Returns
    -------
    DataFrame
        Columns ``PLACE_COLUMNS``: the place's resolved ``name`` (its text when it has none),
        ``admin1``, ``country`` (ISO alpha-3), ``latitude``, ``longitude``, ``geo_precision``,
        then ``n_events``, the ``killed`` and ``wounded`` of those events, and ``event_types``
        ("ASSAULT 2, PROTEST 1"). Sorted by events, then killed, wounded and name. Events without
        coordinates are left out; none gives an empty table.

    Examples
    --------
    >>> place_table(frames).loc[0, ["name", "n_events", "killed"]]  # doctest: +SKIP
    """
    rows = tables._get(frames, "events") if events is None else events
    return _aggregate(_points(locate(rows, frames)))


def area(casualties) -> np.ndarray:
    """Return the marker area (pt²) of events with these casualties (killed plus wounded)."""
    c = np.clip(np.nan_to_num(np.asarray(casualties, dtype=float)), 0, None)
    return np.minimum(MIN_AREA + AREA_SCALE * np.sqrt(c), MAX_AREA)


def _pad(low: float, high: float, pad: float, limit: float) -> tuple[float, float]:
    """Return ``[low - pad, high + pad]``, shifted back inside ``±limit`` (and cut to it)."""
    low, high = low - pad, high + pad
    if low < -limit:
        low, high = -limit, min(high + (-limit - low), limit)
    if high > limit:
        low, high = max(low - (high - limit), -limit), limit
    return low, high


def _widen(low: float, high: float, limit: float) -> tuple[float, float]:
    """Widen ``[low, high]`` by the margin, to at least ``MIN_SPAN``, inside ``±limit``."""
    span = high - low
    return _pad(low, high, max(span * MARGIN, (MIN_SPAN - span) / 2), limit)


def _stretch(south: float, north: float) -> float:
    """How much taller than a degree of longitude a degree of latitude is drawn."""
    return 1 / max(math.cos(math.radians((south + north) / 2)), 0.25)


def _view(points: pd.DataFrame) -> tuple[tuple[float, float, float, float], float, float]:
    """Return the map's extent (west, east, south, north), its aspect and its height (inches),
    the extent grown along one axis so that the map keeps a height within ``MAP_HEIGHTS``."""
    west, east = _widen(points["longitude"].min(), points["longitude"].max(), 180)
    south, north = _widen(points["latitude"].min(), points["latitude"].max(), 90)
    height = MAP_WIDTH * (north - south) * _stretch(south, north) / (east - west)
    low, high = MAP_HEIGHTS
    if height < low:     # too wide: show more latitude
        south, north = _pad(south, north, (low / height - 1) * (north - south) / 2, 90)
    elif height > high:  # too tall: show more longitude
        west, east = _pad(west, east, (height / high - 1) * (east - west) / 2, 180)
    stretch = _stretch(south, north)
    height = MAP_WIDTH * (north - south) * stretch / (east - west)
    return (west, east, south, north), stretch, float(np.clip(height, low, high))


def _shoelace(xy: np.ndarray) -> tuple[float, float, float]:
    """Return the area (square degrees) and the centroid of a polygon."""
    x, y = xy[:, 0], xy[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    twice = cross.sum()
    if abs(twice) < 1e-12:
        return 0.0, float(x.mean()), float(y.mean())
    cx = ((x + np.roll(x, -1)) * cross).sum() / (3 * twice)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (3 * twice)
    return abs(twice) / 2, float(cx), float(cy)


def _name_countries(ax, extent: tuple[float, float, float, float], seen: np.ndarray) -> None:
    """Name the countries whose part in view covers ``LABEL_SHARE`` of it, inside that part."""
    west, east, south, north = extent
    shapes, box = outlines(), Bbox([[west, south], [east, north]])
    pieces: dict[int, list[tuple[float, float, float, Path]]] = {}
    for i in np.flatnonzero(seen & shapes.outer):
        for polygon in Path(shapes.rings[i]).clip_to_bbox(box, inside=True).to_polygons():
            if len(polygon) >= 3:
                pieces.setdefault(int(shapes.owner[i]), []).append(
                    (*_shoelace(polygon), Path(polygon)))
    view = (east - west) * (north - south)
    for owner, parts in pieces.items():
        if sum(p[0] for p in parts) < LABEL_SHARE * view:
            continue
        _, x, y, piece = max(parts, key=lambda p: p[0])
        country = shapes.countries.iloc[owner]
        name = str(country["name"])
        if not piece.contains_point((x, y)):   # a crescent: try the country's own centre
            x, y = country["longitude"], country["latitude"]
        half = len(name) * CHAR_INCHES / 2 * (east - west) / MAP_WIDTH   # degrees
        x = min(max(x, west + half), east - half)   # the whole name in view
        if np.isfinite(x) and piece.contains_point((x, y)):
            ax.text(x, y, name, fontsize="x-small", color=INK, ha="center", va="center",
                    style="italic", zorder=2, parse_math=False, clip_on=True)


def _draw_countries(ax, extent: tuple[float, float, float, float]) -> None:
    """The countries in view: land in light grey, their borders, and the larger ones named."""
    west, east, south, north = extent
    shapes = outlines()
    seen = ((shapes.boxes[:, 0] <= east) & (shapes.boxes[:, 2] >= west)
            & (shapes.boxes[:, 1] <= north) & (shapes.boxes[:, 3] >= south))
    rings = [r for r, s in zip(shapes.rings, seen) if s]
    land = [r for r, s, o in zip(shapes.rings, seen, shapes.outer) if s and o]
    ax.add_collection(PolyCollection(land, facecolors=LAND, edgecolors="none", zorder=1))
    ax.add_collection(LineCollection(rings, colors=BORDER, linewidths=0.6, zorder=1.5))
    _name_countries(ax, extent, seen)


def _colors(event_types) -> tuple[np.ndarray, np.ndarray]:
    """The fill (the type's colour, as in the charts) and the darker rim of each marker, RGBA."""
    fill = np.array([to_rgba(plots.TYPE_COLORS.get(t, OTHER)) for t in event_types]).reshape(-1, 4)
    return fill, np.column_stack([fill[:, :3] * EDGE_SHADE, fill[:, 3]])


def _draw_points(ax, points: pd.DataFrame) -> None:
    """One marker per event, the largest drawn first; hollow for a region-only point."""
    points = points.assign(_area=area(points["casualties"])).sort_values(
        "_area", ascending=False, kind="stable")
    fill, rim = _colors(points["event_type"])
    hollow = (points["geo_precision"] == REGION_ONLY).fillna(False).to_numpy(dtype=bool)
    xy, sizes = points[["longitude", "latitude"]].to_numpy(), points["_area"].to_numpy()
    if (~hollow).any():
        ax.scatter(xy[~hollow, 0], xy[~hollow, 1], s=sizes[~hollow], c=fill[~hollow],
                   edgecolors=rim[~hollow], linewidths=0.8, alpha=0.85, zorder=3,
                   gid="events")
    if hollow.any():
        ax.scatter(xy[hollow, 0], xy[hollow, 1], s=sizes[hollow], facecolors="none",
                   edgecolors=rim[hollow], linewidths=1.8, zorder=4, gid="events")


def _label_places(ax, points: pd.DataFrame) -> None:
    places = _aggregate(points).dropna(subset=["name"]).head(MAX_PLACE_LABELS)
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for row in places.itertuples():
        ax.annotate(plots._short(str(row.name)), (row.longitude, row.latitude),
                    xytext=(5, 4), textcoords="offset points", fontsize="small", zorder=5,
                    path_effects=halo, parse_math=False, annotation_clip=True)


def _legend(key, points: pd.DataFrame) -> None:
    """The legends of types and sizes, in the empty axes ``key`` beside the map."""
    present = set(points["event_type"])
    order = [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))
    dot = dict(marker="o", linestyle="none")
    handles = [Line2D([], [], markerfacecolor=f, markeredgecolor=r, markersize=8, label=t, **dot)
               for t, f, r in zip(order, *_colors(order))]
    if (points["geo_precision"] == REGION_ONLY).any():
        handles.append(Line2D([], [], markersize=8, markerfacecolor="none",
                              markeredgecolor="0.3", markeredgewidth=1.6,
                              label="only the region known", **dot))
    types = key.legend(handles=handles, title="event type", fontsize="small",
                       title_fontsize="small", loc="upper left")
    top = points["casualties"].max()
    examples = [c for c in SIZE_EXAMPLES if c == 0 or c <= max(top, SIZE_EXAMPLES[1])]
    sizes = [Line2D([], [], markerfacecolor="0.7", markeredgecolor="0.35",
                    markersize=math.sqrt(a), label="none" if c == 0 else f"{c:,}", **dot)
             for c, a in zip(examples, area(examples))]
    key.legend(handles=sizes, title="killed + wounded", fontsize="small", title_fontsize="small",
               loc="lower left", labelspacing=1.3, borderpad=0.9)
    key.add_artist(types)
    key.axis("off")


def event_map(events: pd.DataFrame, *, places: pd.DataFrame | None = None,
              title: str = TITLE) -> Figure:
    """Draw the events on a map of the countries around them, by type and casualties.

    Parameters
    ----------
    events : DataFrame
        The ``events`` frame, or event rows :func:`locate` returned (a filtered event table):
        ``latitude``, ``longitude``, ``geo_precision``, ``event_type``, ``killed`` and
        ``wounded`` are read when present, ``place_name`` (else ``place``) names the places.
    places : DataFrame, optional
        The ``places`` frame: fills the coordinates, precision and name of events that have a
        ``place_id`` but not these columns.
    title : str, default ``TITLE``
        The title of the map.

    Returns
    -------
    matplotlib.figure.Figure
        The countries in view in light grey (the larger ones named), one marker per event with
        coordinates: its colour the event type, its area growing with killed plus wounded (a
        minimum for none), hollow when only the region is known; the busiest places named, a
        legend of types and sizes beside the map, and a note counting the events without
        coordinates. With no event to place, a "no data" note says so.

    Examples
    --------
    >>> event_map(locate(filter_events(frames, event_type="PROTEST"), frames))  # doctest: +SKIP
    """
    events = _fill(events, places, "place_id", PLACE_GEO)
    points = _points(events)
    missing = len(events) - len(points)
    note = f"{missing} event(s) without coordinates not shown" if missing else ""
    if points.empty:
        fig, ax = plots._figure()
        plots._no_data(ax, title, "; ".join(filter(None, [NO_POINTS, note])))
        return fig
    extent, stretch, height = _view(points)
    fig, (ax, key) = plots._figure(MAP_WIDTH + KEY_WIDTH, height + 0.9, ncols=2,
                                   width_ratios=[MAP_WIDTH, KEY_WIDTH])
    ax.set_facecolor(SEA)
    _draw_countries(ax, extent)
    _draw_points(ax, points)
    _label_places(ax, points)
    _legend(key, points)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect(stretch)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _degrees(v, "E", "W")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _degrees(v, "N", "S")))
    ax.tick_params(labelsize="x-small", colors=INK, length=2)
    ax.set_title(title)
    if note:
        fig.supxlabel(note, fontsize="small", color="0.4")
    return fig


def _degrees(value: float, positive: str, negative: str) -> str:
    return "0°" if value == 0 else f"{abs(value):g}°{positive if value > 0 else negative}"
