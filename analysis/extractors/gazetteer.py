"""The actor and place gazetteers: data files in ``analysis/resources/`` plus analysts' own CSVs.

``actors.csv`` has columns ``name, kind, country, aliases, affiliation`` (aliases separated by
``|``); ``places.csv`` has ``name, kind, country, aliases`` and, optionally,
``latitude, longitude``: the analysts' own point of a camp, a base or a neighbourhood, which wins
over the GeoNames index. A user CSV of the same shape adds entries, and a user entry overrides a
bundled entry of the same name or alias.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from analysis.errors import WorkbookError
from analysis.resources import bundled, file_stamp, read_csv

ACTOR_COLUMNS = ["name", "kind", "country", "aliases", "affiliation"]
PLACE_COLUMNS = ["name", "kind", "country", "aliases"]
POINT_COLUMNS = ["latitude", "longitude"]   # optional in places.csv: the analysts' own point
PLACE_PREFIX = "place:"


@functools.lru_cache(maxsize=1)
def actor_kinds() -> frozenset[str]:
    """Return the kinds an actor may have (``resources/actor_kinds.csv``)."""
    return frozenset(row["kind"] for row in read_csv(bundled("actor_kinds.csv"), ["kind"]))


class Entry(NamedTuple):
    """One gazetteer row: a canonical name and what is known about it."""

    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    affiliation: str | None
    latitude: float | None = None     # a place's point, when the analysts' table gives one
    longitude: float | None = None


class Gazetteer(NamedTuple):
    """Actors and places by canonical name, and an index from surface form to canonical name."""

    actors: dict[str, Entry]
    places: dict[str, Entry]
    alias_index: dict[str, str]        # exact surface form -> actor name
    place_index: dict[str, str]        # exact surface form -> place name
    state_index: dict[str, str]        # ISO3 country -> the state's name

    def actor(self, surface: str) -> Entry | None:
        """Return the actor entry a surface form names, trying it as written, then without "the"."""
        for form in _forms(surface):
            name = self.alias_index.get(form)
            if name:
                return self.actors[name]
        return None

    def state_of(self, country: str) -> Entry | None:
        """Return the state whose ISO3 code is ``country``, or None."""
        name = self.state_index.get(country)
        return self.actors[name] if name else None

    def place(self, surface: str) -> Entry | None:
        """Return the place entry a surface form names, or None."""
        for form in _forms(surface):
            name = self.place_index.get(form)
            if name:
                return self.places[name]
        return None


def _forms(surface: str):
    text = " ".join(surface.split())
    yield text
    for article in ("the ", "The "):
        if text.startswith(article):
            yield text[len(article):]
    if text.endswith("'s") or text.endswith("’s"):
        yield text[:-2]


def _read_csv(path: Path, columns: list[str], optional: list[str] = ()) -> list[dict[str, str]]:
    """The rows of a gazetteer CSV, bundled or an analyst's: the columns needed (and the optional
    ones, empty when absent), values stripped."""
    return [{c: (row.get(c) or "").strip() for c in [*columns, *optional]}
            for row in read_csv(path, columns)]


def _point(row: dict[str, str], path: Path, line: int) -> tuple[float | None, float | None]:
    """The ``latitude, longitude`` of a place row: both or neither, within range."""
    lat, lon = row.get("latitude", ""), row.get("longitude", "")
    if not lat and not lon:
        return None, None
    try:
        point = float(lat), float(lon)
    except ValueError:
        point = None
    if point is None or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise WorkbookError("E040", path=f"{path}:{line}",
                            reason=f"latitude and longitude must be numbers ({lat!r}, {lon!r})")
    return point


def _entries(rows: list[dict[str, str]], path: Path, *, actors: bool) -> list[Entry]:
    entries = []
    for line, row in enumerate(rows, start=2):
        if not row["name"]:
            raise WorkbookError("E040", path=f"{path}:{line}", reason="empty name")
        if actors and row["kind"] not in actor_kinds():
            raise WorkbookError("E040", path=f"{path}:{line}",
                                reason=f"unknown kind {row['kind']!r}")
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        entries.append(Entry(row["name"], row["kind"], row["country"] or None, aliases,
                             (row.get("affiliation") or None) if actors else None,
                             *(() if actors else _point(row, path, line))))
    return entries


def _index(entries: dict[str, Entry]) -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in entries.values():
        for form in (entry.name, *entry.aliases):
            index[form] = entry.name
    return index


def load_gazetteer(user_csv: str | None = None) -> Gazetteer:
    """Load the bundled gazetteers, overlaid with an analyst's actor CSV when one is given.

    Parameters
    ----------
    user_csv : str, optional
        Path to a CSV with the columns of ``actors.csv``. Its rows override bundled rows with the
        same name, and its aliases take precedence over bundled aliases.

    Returns
    -------
    Gazetteer
    """
    return _load_gazetteer(file_stamp(user_csv))


@functools.lru_cache(maxsize=8)
def _load_gazetteer(stamp: tuple[str, int] | None) -> Gazetteer:
    user_csv = stamp[0] if stamp else None
    actors = {e.name: e for e in _entries(_read_csv(bundled("actors.csv"), ACTOR_COLUMNS),
                                          bundled("actors.csv"), actors=True)}
    rows = _read_csv(bundled("places.csv"), PLACE_COLUMNS, POINT_COLUMNS)
    places = {e.name: e for e in _entries(rows, bundled("places.csv"), actors=False)}
    alias_index = _index(actors)
    if user_csv:
        path = Path(user_csv)
        user = {e.name: e for e in _entries(_read_csv(path, ACTOR_COLUMNS), path, actors=True)}
        actors.update(user)
        alias_index.update(_index(user))
    for entry in actors.values():
        if entry.affiliation and entry.affiliation not in actors:
            raise WorkbookError("E040", path=entry.name,
                                reason=f"affiliation {entry.affiliation!r} is not in the gazetteer")
    place_index = {k: v for k, v in _index(places).items() if k not in alias_index}
    state_index = {e.country: e.name for e in actors.values() if e.kind == "state" and e.country}
    return Gazetteer(actors, places, alias_index, place_index, state_index)


_LABELS = {"person": "PERSON", "state": "GPE"}
UNIT_PREFIX = "unit:"


@functools.lru_cache(maxsize=1)
def org_kinds() -> dict[str, tuple[str, bool]]:
    """Return head words of organisation names -> (kind, names a military unit)."""
    rows = _read_csv(bundled("org_kinds.csv"), ["word", "kind", "unit"])
    return {r["word"]: (r["kind"], r["unit"] == "yes") for r in rows}


@functools.lru_cache(maxsize=1)
def ship_prefixes() -> dict[str, str]:
    """Return ship name prefixes ("USS", "HMS") -> ISO3 country of the navy."""
    return {r["prefix"]: r["country"]
            for r in _read_csv(bundled("ship_prefixes.csv"), ["prefix", "country"])}


def unit_patterns() -> list[dict]:
    """Return entity-ruler token patterns for ships ("USS Harry S. Truman") and military units
    ("Abraham Lincoln Carrier Strike Group", "3rd Brigade"); ids start with ``unit:``."""
    title = {"IS_TITLE": True, "OP": "+"}
    patterns = [{"label": "ORG", "id": UNIT_PREFIX + country,
                 "pattern": [{"ORTH": prefix}, title]}
                for prefix, country in ship_prefixes().items()]
    for word, (_, unit) in org_kinds().items():
        if not unit:
            continue
        tail = [{"LOWER": w, "IS_TITLE": True} for w in word.split()]
        patterns.append({"label": "ORG", "id": UNIT_PREFIX, "pattern": [title, *tail]})
        patterns.append({"label": "ORG", "id": UNIT_PREFIX, "pattern": [
            {"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}}, {"IS_TITLE": True, "OP": "*"}, *tail]})
    return patterns


def ruler_patterns(user_csv: str | None = None) -> list[dict]:
    """Return entity-ruler patterns for every actor and place surface form of the gazetteer.

    Actor patterns carry the canonical name as their ``id``; place patterns carry
    ``place:<name>``, so that extractors tell them apart from the entity alone.
    """
    gaz = load_gazetteer(user_csv)
    patterns = []
    for surface, name in gaz.alias_index.items():
        label = _LABELS.get(gaz.actors[name].kind, "ORG")
        patterns.append({"label": label, "pattern": surface, "id": name})
    for surface, name in gaz.place_index.items():
        patterns.append({"label": "LOC", "pattern": surface, "id": PLACE_PREFIX + name})
    return patterns
