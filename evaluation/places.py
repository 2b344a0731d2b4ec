"""Score the ``places`` frame: place recall and coordinate accuracy on three sets.

- **MUC-4 TST4**: each answer-key incident names its location ("EL SALVADOR: SAN SALVADOR (CITY)",
  alternatives separated by `` / ``, several places by `` - `` or ``;``, the less specific places
  before a ``:``). The most specific places of its alternatives are the key places; the key's
  point is the GeoNames settlement :func:`analysis.geo.resolve.resolve` gives for the name in the
  key's country (with the place above it as admin hint), none for departments and regions.

  * *incident place recall*: the report has an event of the incident's mapped PLOVER type (not
    negated, see :mod:`evaluation.muc4`) whose place is a key place: same folded name, or within
    ``RADIUS_KM`` of the key's point, or (a department key) in that admin1 area; the same with any
    event of the report, as a looser figure;
  * *incident country*: the event matched to the incident (else the first typed event with a
    country) lies in the key's country; incidents whose key names only a country count here;
  * *coordinates*: of the incidents whose event names a key place, the share whose point is
    within ``RADIUS_KM`` of the key's point, and the median distance;
  * *report level*: the share of the distinct key locations of a report found anywhere in its
    ``places`` frame (by name or point).

- **seed**: the ``places`` of ``../shared/corpus/seed/gold.json`` found in the seed report's
  ``places`` frame (folded text or name), with the right country, and the settlements (city,
  village, town with a country) given coordinates, and coordinates within ``RADIUS_KM`` of the
  index's point for the name.

- **own sentences** (``place_sentences.csv``, invented, one place each): each sentence is extracted
  as a report of its own (published ``PUBLISHED``); the ``places`` row overlapping the expected span
  is compared on country, admin1, point (within ``RADIUS_KM`` of the GeoNames point the CSV
  gives) and precision (1 settlement, 2 near or district, 3 region only, none for a country).

Frames without a ``places`` frame (a workbook from before the place extractor) give a line saying
so instead of the tables.
"""
from __future__ import annotations

import csv
import functools
import json
import math
import re
import statistics
import tempfile
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

import pandas as pd

from evaluation.muc4 import INCIDENT_TYPES, PLACE_KINDS, incident_types

RADIUS_KM = 25.0
EARTH_KM = 6371.0088
SENTENCES = Path(__file__).with_name("place_sentences.csv")
PUBLISHED = "2024-05-01"
NO_PLACES = "no places frame in the extracted frames: place scores not computed"
REGION_KINDS = {"DEPARTMENT", "PROVINCE", "REGION", "OFFICIAL REGION", "STATE", "COUNTY"}
TOWN_KINDS = {"CITY", "TOWN", "MUNICIPALITY", "JURISDICTION"}   # a place within is near its point
SETTLEMENT_KINDS = {"city", "town", "village"}       # seed gold kinds that should get a point
DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
              "central", "northeastern", "northwestern", "southeastern", "southwestern"}


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    """Return the great-circle distance in km between two points, NaN when one is unknown.

    Examples
    --------
    >>> round(haversine_km(0, 0, 0, 1), 1)
    111.2
    >>> math.isnan(haversine_km(0, 0, None, 1))
    True
    """
    values = [_float(v) for v in (lat1, lon1, lat2, lon2)]
    if any(math.isnan(v) for v in values):
        return math.nan
    p1, l1, p2, l2 = map(math.radians, values)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _float(value) -> float:
    try:
        return math.nan if value is None or pd.isna(value) else float(value)
    except (TypeError, ValueError):
        return math.nan


def fold(name) -> str:
    """Return a place name folded for comparison: accents, case, punctuation and place words
    ("city", "department", "the") away.

    >>> fold("Medellín"), fold("MORAZAN (DEPARTMENT)"), fold("the Marjayoun district")
    ('medellin', 'morazan', 'marjayoun')
    """
    from analysis.geo.index import fold as index_fold

    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    return " ".join(w for w in index_fold(str(name)).split() if w not in PLACE_KINDS)


# --- MUC-4 locations --------------------------------------------------------------------------

class KeyPlace(NamedTuple):
    """One place of a MUC-4 location: its name and kind as written, and the place above it."""

    name: str                 # "SAN SALVADOR"
    kind: str                 # "CITY" ("" when the key gives none)
    parent: str | None = None  # "MORAZAN" of "MORAZAN (DEPARTMENT): YAMABAL (CANTON)"
    parent_kind: str = ""     # "DEPARTMENT"


class Location(NamedTuple):
    """One alternative of a ``INCIDENT: LOCATION`` fill: its country and most specific places."""

    country: str | None       # as written: "EL SALVADOR"
    places: tuple[KeyPlace, ...]


def _split(text: str, separator: str) -> list[str]:
    """Split ``text`` at the matches of the regex ``separator`` outside parentheses."""
    parts, depth, last = [], 0, 0
    marks = {m.start(): m.end() for m in re.finditer(separator, text)}
    k = 0
    while k < len(text):
        char = text[k]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and k in marks and marks[k] > k:
            parts.append(text[last:k])
            last = k = marks[k]
            continue
        k += 1
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


def _unwrap(text: str) -> str:
    """Drop parentheses that wrap the whole text: ``(CHILE: SANTIAGO (CITY))``."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for k, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and k < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _place(item: str, parent: KeyPlace | None = None) -> KeyPlace | None:
    item = _unwrap(item).lstrip("?").strip()
    match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", item)
    name, kind = (match.group(1), match.group(2).strip()) if match else (item, "")
    name = name.strip().strip('"').strip()
    if not name or name == "-":
        return None
    return KeyPlace(name, kind, parent.name if parent else None, parent.kind if parent else "")


def parse_location(value: str) -> list[Location]:
    """Return the alternatives of a MUC-4 location fill, each with its country and most specific
    places (an alternative without a country takes the one before it).

    Examples
    --------
    >>> parse_location("EL SALVADOR: SAN SALVADOR (CITY)")
    [Location(country='EL SALVADOR', places=(KeyPlace(name='SAN SALVADOR', kind='CITY', \
parent=None, parent_kind=''),))]
    >>> [len(loc.places) for loc in parse_location("(CHILE: SANTIAGO (CITY)) / (CHILE)")]
    [1, 0]
    """
    out: list[Location] = []
    country = None
    for alt in _split(value, r"\s*/\s*"):
        segments = _split(_unwrap(alt), r":")
        if segments and not segments[0].endswith(")") and not segments[0].startswith("("):
            country = segments.pop(0).lstrip("?").strip() or country
        if not segments:
            out.append(Location(country, ()))
            continue
        above = [_place(s) for s in segments[:-1]]
        parent = next((p for p in reversed(above) if p is not None), None)
        items = _split(_unwrap(segments[-1]), r"\s+-\s+|;")
        places = tuple(p for p in (_place(i, parent) for i in items) if p is not None)
        out.append(Location(country, places))
    return out


@functools.lru_cache(maxsize=None)
def country_code(name: str | None) -> str | None:
    """Return the ISO alpha-3 code of a country named in a MUC key ("EL SALVADOR" -> "SLV")."""
    from analysis.geo.resolve import resolve

    if not name:
        return None
    found = resolve(name, feature="country")
    return found.country if found is not None else None


def _resolve(name: str, country: str, hint: str | None = None):
    """:func:`analysis.geo.resolve.resolve` restricted to ``country``, with an admin hint."""
    from analysis.geo.resolve import resolve

    return resolve(name, country=country, hints=[hint] if hint else ())


@functools.lru_cache(maxsize=None)
def key_point(place: KeyPlace, country: str | None) -> tuple[float, float] | None:
    """Return the GeoNames point of a key place: the settlement of the key's country the index
    gives for its name (in the key's department when it names one), else that of the town or city
    it lies in ("SAN RAFAEL (NEIGHBORHOOD)" of "SANTA ANA (CITY)"); None for departments,
    regions and names the index does not know."""
    if place.kind in REGION_KINDS or country is None:
        return None
    found = _resolve(place.name, country, place.parent)
    if found is not None and place.parent_kind in REGION_KINDS \
            and fold(found.admin1) != fold(place.parent):
        found = None            # a namesake in another department is not the key's place
    if (found is None or found.feature != "settlement") and place.parent \
            and place.parent_kind in TOWN_KINDS:
        found = _resolve(place.parent, country)
    if found is None or found.feature != "settlement" or found.latitude is None:
        return None
    return found.latitude, found.longitude


class Key(NamedTuple):
    """What an incident's location slot says: ISO country and the key places with their points."""

    country: str | None
    places: tuple[tuple[KeyPlace, tuple[float, float] | None], ...]


def incident_key(template: Mapping) -> Key:
    """Return the country and most specific places of a template's ``incident_location``."""
    locations = [loc for v in template.get("incident_location", []) for loc in parse_location(v)]
    country = country_code(next((loc.country for loc in locations if loc.country), None))
    seen, places = set(), []
    for loc in locations:
        iso = country_code(loc.country) or country
        for p in loc.places:
            if p not in seen:
                seen.add(p)
                places.append((p, key_point(p, iso)))
    return Key(country, tuple(places))


class Place(NamedTuple):
    """Where a predicted row (an event or a places row) says it is."""

    names: frozenset[str]     # folded text and resolved name
    country: str | None
    admin1: str | None
    latitude: float
    longitude: float


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _place_of(row) -> Place:
    names = frozenset(fold(getattr(row, c, None)) for c in ("text", "name")) - {""}
    return Place(names, _text(getattr(row, "country", None)), _text(getattr(row, "admin1", None)),
                 _float(getattr(row, "latitude", None)), _float(getattr(row, "longitude", None)))


def _event_place(event, places: Mapping[str, Place]) -> Place | None:
    """Return where an event is: its places row, completed from its own columns."""
    linked = places.get(_text(getattr(event, "place_id", None)) or "")
    names = set(linked.names) if linked else set()
    names |= {fold(getattr(event, "place", None))} - {""}
    lat = _float(getattr(event, "latitude", None))
    lon = _float(getattr(event, "longitude", None))
    if math.isnan(lat) and linked:
        lat, lon = linked.latitude, linked.longitude
    country = (linked.country if linked and linked.country else
               _text(getattr(event, "place_country", None)))
    admin1 = _text(getattr(event, "admin1", None)) or (linked.admin1 if linked else None)
    if not names and country is None and math.isnan(lat):
        return None
    return Place(frozenset(names), country, admin1, lat, lon)


def place_matches(place: Place, key: Key) -> tuple[bool, bool, float]:
    """Return (matched, matched by name, distance in km to the nearest key point) of a place."""
    by_name, near, distance = False, False, math.nan
    for kp, point in key.places:
        name = fold(kp.name)
        if name and name in place.names:
            by_name = True
        if kp.kind in REGION_KINDS and place.admin1 and fold(place.admin1) == name:
            near = True
        if point is not None:
            d = haversine_km(place.latitude, place.longitude, *point)
            if not math.isnan(d):
                distance = d if math.isnan(distance) else min(distance, d)
                near = near or d <= RADIUS_KM
    return by_name or near, by_name, distance


def _by_doc(frames: Mapping[str, pd.DataFrame]) -> tuple[dict, dict]:
    """Return each report's events as ``(event, Place)`` pairs and its places rows, by docid."""
    docid = dict(zip(frames["reports"]["report_id"], frames["reports"]["title"]))
    places = {row.place_id: _place_of(row) for row in frames["places"].itertuples()}
    events: dict[str, list] = {}
    for e in frames["events"].itertuples():
        if (where := _event_place(e, places)) is not None:
            events.setdefault(docid.get(e.report_id), []).append((e, where))
    found: dict[str, list[Place]] = {}
    for row in frames["places"].itertuples():
        found.setdefault(docid.get(row.report_id), []).append(_place_of(row))
    return events, found


def _score_incident(t: dict, key: Key, wanted: set[str], evs: list) -> bool:
    """Count one incident against its report's ``(event, Place)`` pairs; True when its place is
    found (or the key names none)."""
    typed = [p for e, p in evs if e.event_type in wanted and e.modality != "negated"]
    hits = [(p, place_matches(p, key)) for p in typed]
    matched = [p for p, (ok, _, _) in hits if ok]
    chosen = next(iter(matched), None) or next((p for p in typed if p.country), None)
    if key.country and chosen is not None:
        t["country_gold"] += 1
        t["country_right"] += int(chosen.country == key.country)
    if not key.places:
        return True
    t["incidents"] += 1
    t["typed"] += int(bool(matched))
    t["any"] += int(any(place_matches(p, key)[0] for _, p in evs))
    named = [d for _, (_, by_name, d) in hits if by_name]
    if named and any(point is not None for _, point in key.places):
        t["named"] += 1
        known = [d for d in named if not math.isnan(d)]
        if known:
            t["distances"].append(min(known))
            t["within"] += int(min(known) <= RADIUS_KM)
    return bool(matched)


def score_muc4(records: list[dict], frames: Mapping[str, pd.DataFrame]) -> dict:
    """Score the places of the events and the ``places`` frame against the MUC-4 keys (see the
    module docstring). Returns ``{"no_places": True}`` when the frames have no ``places``."""
    if frames.get("places") is None:
        return {"no_places": True}
    events, found = _by_doc(frames)
    t = {"incidents": 0, "typed": 0, "any": 0, "country_gold": 0, "country_right": 0,
         "named": 0, "within": 0, "locations": 0, "located": 0, "distances": [], "missed": []}
    for rec in records:
        seen = set()
        for template in rec["templates"]:
            key = incident_key(template)
            location = " / ".join(template.get("incident_location", []))
            if key.places and location not in seen:     # report level: each location once
                seen.add(location)
                t["locations"] += 1
                t["located"] += int(any(place_matches(p, key)[0]
                                        for p in found.get(rec["docid"], [])))
            kinds = [k for k in incident_types(template) if k in INCIDENT_TYPES]
            if kinds and (key.places or key.country) and not _score_incident(
                    t, key, {INCIDENT_TYPES[k] for k in kinds}, events.get(rec["docid"], [])):
                t["missed"].append(f"{rec['docid']}: {location}")
    t["median_km"] = statistics.median(t["distances"]) if t["distances"] else math.nan
    return t


def evaluate_muc4(corpus_dir: str | Path, *, model: str | None = None,
                  limit: int | None = None) -> dict:
    """Extract the MUC-4 reports that have a located incident and score their places."""
    from evaluation.muc4 import corpus_frames

    records, frames = corpus_frames(str(corpus_dir), model, limit)
    records = [r for r in records
               if any(incident_key(t).places or incident_key(t).country for t in r["templates"])]
    result = score_muc4(records, frames)
    result["reports"] = len(records)
    return result


# --- seed gold ----------------------------------------------------------------------------------

def _gold_forms(name: str) -> set[str]:
    folded = fold(name)
    words = folded.split()
    forms = {folded}
    if len(words) > 1 and words[0] in DIRECTIONS:
        forms.add(" ".join(words[1:]))         # "southern Lebanon" is found as "Lebanon" too
    return forms


def score_seed(gold: Mapping, frames: Mapping[str, pd.DataFrame]) -> dict:
    """Score the seed report's ``places`` frame against the gold ``places`` (see the module
    docstring). Returns ``{"no_places": True}`` when the frames have no ``places``."""
    if frames.get("places") is None:
        return {"no_places": True}
    rows = [_place_of(r) for r in frames["places"].itertuples()]
    t = {"gold": 0, "found": 0, "country_gold": 0, "country_right": 0, "settlements": 0,
         "with_point": 0, "within": 0, "missed": []}
    for g in gold.get("places", []):
        forms = _gold_forms(g["name"])
        row = next((r for r in rows if r.names & forms), None)
        t["gold"] += 1
        t["found"] += int(row is not None)
        if row is None:
            t["missed"].append(g["name"])
        if g.get("country") and row is not None:
            t["country_gold"] += 1
            t["country_right"] += int(row.country == g["country"])
        if g.get("country") and g.get("kind") in SETTLEMENT_KINDS:
            t["settlements"] += 1
            if row is not None and not math.isnan(row.latitude):
                t["with_point"] += 1
                point = _resolve(g["name"], g["country"])
                t["within"] += int(point is not None and point.latitude is not None and
                                   haversine_km(row.latitude, row.longitude, point.latitude,
                                                point.longitude) <= RADIUS_KM)
    return t


def evaluate_seed(gold_path: str | Path, *, model: str | None = None) -> dict:
    """Extract the seed report and score its places against ``gold_path``."""
    from analysis.run.pipeline import extract
    from analysis.store.runfolder import load_frames

    gold_path = Path(gold_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        extract([gold_path.parent / gold["report"]], tmp, model=model, progress=False)
        frames = load_frames(tmp)
    return score_seed(gold, frames)


# --- own sentences ------------------------------------------------------------------------------

def read_sentences(path: str | Path = SENTENCES) -> list[dict]:
    """Return the rows of the sentence table, each with an ``id`` (``s01`` ...) and typed
    ``latitude``, ``longitude`` (NaN when blank) and ``precision`` (None when blank)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for k, row in enumerate(rows, start=1):
        row["id"] = f"s{k:02d}"
        row["latitude"], row["longitude"] = _float(row["latitude"] or None), _float(
            row["longitude"] or None)
        row["precision"] = int(row["precision"]) if row.get("precision") else None
    return rows


MEASURES = ("span", "country", "admin1", "point", "precision")


def _overlapping(places: pd.DataFrame, start: int, end: int):
    best, overlap = None, 0
    for row in places.itertuples():
        if pd.isna(row.start) or pd.isna(row.end):
            continue
        common = min(end, int(row.end)) - max(start, int(row.start))
        if common > overlap:
            best, overlap = row, common
    return best


def score_sentences(rows: list[dict], frames: Mapping[str, pd.DataFrame]) -> dict:
    """Compare each sentence's ``places`` row (the one overlapping the expected span) with the
    table. Returns per ``kind`` and ``all``: ``{measure: [right, asked]}`` and ``n``, and the
    ``missed`` rows; ``{"no_places": True}`` when the frames have no ``places``."""
    if frames.get("places") is None:
        return {"no_places": True}
    reports = {r.title: r for r in frames["reports"].itertuples()}
    places = frames["places"]
    tally: dict[str, dict] = {}
    missed = []
    for row in rows:
        report = reports.get(row["id"])
        text = report.text if report is not None and pd.notna(report.text) else row["sentence"]
        start = text.find(row["place"])
        mine = places[places["report_id"] == report.report_id] if report is not None else places[:0]
        found = _overlapping(mine, start, start + len(row["place"])) if start >= 0 else None
        checks = {"span": found is not None, "country": None, "admin1": None, "point": None,
                  "precision": None}
        got = _place_of(found) if found is not None else None
        checks["country"] = got is not None and got.country == row["country"]
        if row.get("admin1"):
            checks["admin1"] = got is not None and fold(got.admin1) == fold(row["admin1"])
        if not math.isnan(row["latitude"]):
            checks["point"] = got is not None and haversine_km(
                got.latitude, got.longitude, row["latitude"], row["longitude"]) <= RADIUS_KM
        precision = _float(getattr(found, "geo_precision", None)) if found is not None else None
        checks["precision"] = found is not None and (
            (math.isnan(precision) and row["precision"] is None) or precision == row["precision"])
        for kind in (row["kind"], "all"):
            t = tally.setdefault(kind, {"n": 0, **{m: [0, 0] for m in MEASURES}})
            t["n"] += 1
            for measure, ok in checks.items():
                if ok is not None:
                    t[measure][0] += int(ok)
                    t[measure][1] += 1
        wrong = [m for m, ok in checks.items() if ok is False]
        if wrong:
            what = "not found" if found is None else (
                f"got {getattr(found, 'name', None)} ({got.country}, {got.admin1}, "
                f"precision {getattr(found, 'geo_precision', None)})")
            missed.append(f"{row['id']} {row['place']} ({row['kind']}): {', '.join(wrong)}; {what}")
    return {"kinds": tally, "missed": missed}


def _extract_texts(texts: Iterable[tuple[str, str]], *, model: str | None,
                   published: str = PUBLISHED) -> dict[str, pd.DataFrame]:
    """Extract ``(title, text)`` pairs as reports of their own, all published on ``published``."""
    from analysis.ingest.reports import Columns
    from analysis.run.pipeline import extract

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sentences.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for title, text in texts:
                fh.write(json.dumps({"docid": title, "text": text, "published": published}) + "\n")
        summary = extract([path], Path(tmp) / "run", model=model, progress=False,
                          columns=Columns(text="text", title="docid"))
        return dict(summary.frames)


def evaluate_sentences(path: str | Path = SENTENCES, *, model: str | None = None) -> dict:
    """Extract the sentences of the table and score their places."""
    rows = read_sentences(path)
    frames = _extract_texts(((r["id"], r["sentence"]) for r in rows), model=model)
    result = score_sentences(rows, frames)
    result["rows"] = len(rows)
    return result


# --- Markdown -----------------------------------------------------------------------------------

def _rate(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def muc4_table(s: Mapping) -> str:
    """Return the MUC-4 place scores as Markdown lines."""
    if s.get("no_places"):
        return NO_PLACES
    km = "–" if math.isnan(s["median_km"]) else f"{s['median_km']:.1f} km"
    return "\n".join([
        "| measure | gold | found | score |", "|---|---|---|---|",
        f"| incident place, typed event (name, ≤ {RADIUS_KM:g} km or in the department) | "
        f"{s['incidents']} | {s['typed']} | recall {_rate(s['typed'], s['incidents'])} |",
        f"| incident place, any event of the report | {s['incidents']} | {s['any']} | "
        f"recall {_rate(s['any'], s['incidents'])} |",
        f"| incident country (matched, else first typed event with a country) | "
        f"{s['country_gold']} | "
        f"{s['country_right']} | accuracy {_rate(s['country_right'], s['country_gold'])} |",
        f"| coordinates of events naming the key place, ≤ {RADIUS_KM:g} km | {s['named']} | "
        f"{s['within']} | accuracy {_rate(s['within'], s['named'])} (median {km}) |",
        f"| key locations in the report's places frame | {s['locations']} | {s['located']} | "
        f"recall {_rate(s['located'], s['locations'])} |"])


def seed_table(s: Mapping) -> str:
    """Return the seed place scores as Markdown lines."""
    if s.get("no_places"):
        return NO_PLACES
    return "\n".join([
        "| measure | gold | found | score |", "|---|---|---|---|",
        f"| place named | {s['gold']} | {s['found']} | recall {_rate(s['found'], s['gold'])} |",
        f"| country of the places found | {s['country_gold']} | {s['country_right']} | "
        f"accuracy {_rate(s['country_right'], s['country_gold'])} |",
        f"| settlements given coordinates | {s['settlements']} | {s['with_point']} | "
        f"share {_rate(s['with_point'], s['settlements'])} |",
        f"| settlements within {RADIUS_KM:g} km of the index point | {s['settlements']} | "
        f"{s['within']} | share {_rate(s['within'], s['settlements'])} |"])


def sentences_table(s: Mapping) -> str:
    """Return the sentence scores as a Markdown table: one row per kind, then all."""
    if s.get("no_places"):
        return NO_PLACES
    lines = ["| kind | sentences | " + " | ".join(MEASURES) + " |",
             "|---|---|" + "---|" * len(MEASURES)]
    kinds = sorted(k for k in s["kinds"] if k != "all") + ["all"]
    for kind in kinds:
        t = s["kinds"][kind]
        cells = [f"{a}/{b}" if b else "–" for a, b in (t[m] for m in MEASURES)]
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {name} | {t['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(corpus_dir: str | Path, *, model: str | None = None, verbose: bool = False) -> str:
    """Return the place scores of MUC-4, the seed report and the own sentences as Markdown."""
    corpus_dir = Path(corpus_dir)
    parts = ["## Places"]
    if (corpus_dir / "muc4").is_dir():
        s = evaluate_muc4(corpus_dir, model=model)
        parts += [f"### MUC-4 TST4 locations ({s.get('reports', 0)} reports with a located "
                  "incident)", muc4_table(s)]
        if verbose and s.get("missed"):
            parts.append("- incident place missed: " + "; ".join(s["missed"]))
    gold_path = corpus_dir / "seed" / "gold.json"
    if gold_path.is_file():
        s = evaluate_seed(gold_path, model=model)
        parts += ["### seed report places", seed_table(s)]
        if verbose and s.get("missed"):
            parts.append("- seed place missed: " + "; ".join(s["missed"]))
    s = evaluate_sentences(model=model)
    parts += [f"### own sentences ({SENTENCES.name}, {s.get('rows', 0)} rows)",
              sentences_table(s)]
    if verbose and s.get("missed"):
        parts.append("\n".join(f"- {m}" for m in s["missed"]))
    return "\n\n".join(parts)


if __name__ == "__main__":
    import sys

    from evaluation import SHARED

    print(report(SHARED, verbose="--verbose" in sys.argv))
