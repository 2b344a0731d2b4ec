"""Tests of evaluation.places: the distance, the MUC-4 location parsing (invented key lines), the
scorers on synthetic frames, the sentence table itself, and a short run on the shared corpus."""
from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.store.schema import empty_frames, frame
from evaluation.places import (
    NO_PLACES,
    RADIUS_KM,
    KeyPlace,
    Location,
    country_code,
    evaluate_muc4,
    fold,
    haversine_km,
    incident_key,
    key_point,
    muc4_table,
    parse_location,
    read_sentences,
    score_muc4,
    score_seed,
    score_sentences,
    seed_table,
    sentences_table,
)

KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360


def _north(point, km):
    """The point ``km`` north of ``point``."""
    return point[0] + km / KM_PER_DEGREE, point[1]


# --- distance -----------------------------------------------------------------------------------

def test_places_haversine_one_degree_of_longitude_on_the_equator():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(10, 20, 10, 20) == 0


@pytest.mark.parametrize("km, within", [(5, True), (24, True), (30, False), (200, False)])
def test_places_haversine_against_the_radius(km, within):
    lat, lon = _north((13.7, -89.2), km)
    assert (haversine_km(13.7, -89.2, lat, lon) <= RADIUS_KM) is within


@pytest.mark.parametrize("args", [(0, 0, None, 1), (0, 0, float("nan"), 1), (0, 0, np.nan, None)])
def test_places_haversine_is_nan_when_a_point_is_unknown(args):
    assert math.isnan(haversine_km(*args))


def test_places_fold_drops_accents_case_and_place_words():
    assert fold("Medellín") == fold("MEDELLIN") == "medellin"
    assert fold("Morazan Department") == fold("MORAZAN (DEPARTMENT)") == "morazan"
    assert fold(None) == fold(float("nan")) == ""


# --- MUC-4 locations (key-format lines, invented) ----------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("HONDURAS: TEGUCIGALPA (CITY)",
     [Location("HONDURAS", (KeyPlace("TEGUCIGALPA", "CITY"),))]),
    ("(PERU: HUANTA (TOWN)) / (PERU)",
     [Location("PERU", (KeyPlace("HUANTA", "TOWN"),)), Location("PERU", ())]),
    ("NICARAGUA", [Location("NICARAGUA", ())]),
    ("COLOMBIA: META (DEPARTMENT): LA MACARENA (REGION): URIBE (TOWN)",
     [Location("COLOMBIA", (KeyPlace("URIBE", "TOWN", "LA MACARENA", "REGION"),))]),
    ("CHILE: SAN ANTONIO (TOWN) - CARTAGENA (TOWN)",
     [Location("CHILE", (KeyPlace("SAN ANTONIO", "TOWN"), KeyPlace("CARTAGENA", "TOWN")))]),
    ("GUATEMALA: MIXCO (TOWN); VILLA NUEVA (TOWN)",
     [Location("GUATEMALA", (KeyPlace("MIXCO", "TOWN"), KeyPlace("VILLA NUEVA", "TOWN")))]),
    ("COLOMBIA: (CALI (CITY) - JAMUNDI (TOWN)) / (JAMUNDI (TOWN))",
     [Location("COLOMBIA", (KeyPlace("CALI", "CITY"), KeyPlace("JAMUNDI", "TOWN"))),
      Location("COLOMBIA", (KeyPlace("JAMUNDI", "TOWN"),))]),
    ("? EL SALVADOR: SAN SALVADOR (CITY): MEJICANOS (NEIGHBORHOOD)",
     [Location("EL SALVADOR", (KeyPlace("MEJICANOS", "NEIGHBORHOOD", "SAN SALVADOR", "CITY"),))]),
    ("PERU: PUNO (DEPARTMENT)", [Location("PERU", (KeyPlace("PUNO", "DEPARTMENT"),))]),
])
def test_places_parse_location(value, expected):
    assert parse_location(value) == expected


def test_places_country_code_of_key_countries():
    assert country_code("EL SALVADOR") == "SLV"
    assert country_code("PERU") == "PER"
    assert country_code(None) is None


def test_places_key_point_is_a_settlement_of_the_key_country():
    lima = key_point(KeyPlace("LIMA", "CITY"), "PER")
    assert lima is not None and haversine_km(*lima, -12.05, -77.04) < 10   # not Lima, Ohio
    assert key_point(KeyPlace("PUNO", "DEPARTMENT"), "PER") is None        # a region: no point
    # a neighbourhood the index does not know lies at its city's point
    assert key_point(KeyPlace("NO SUCH BARRIO", "NEIGHBORHOOD", "LIMA", "CITY"), "PER") == lima
    assert key_point(KeyPlace("NO SUCH HAMLET", "TOWN", "PUNO", "DEPARTMENT"), "PER") is None


def test_places_incident_key_joins_the_alternatives():
    key = incident_key({"incident_location": ["(PERU: LIMA (CITY)) / (PERU: CALLAO (CITY))"]})
    assert key.country == "PER"
    assert [p.name for p, _ in key.places] == ["LIMA", "CALLAO"]
    assert incident_key({"incident_location": ["PERU"]}).places == ()


# --- MUC-4 scoring on synthetic frames ----------------------------------------------------------

LIMA = "PERU: LIMA (CITY)"
ATTACK = {"incident_type": ["ATTACK"]}


def _muc_frames(events, places=()):
    f = empty_frames()
    docs = sorted({e["report_id"] for e in events} | {p["report_id"] for p in places})
    f["reports"] = frame("reports", [{"report_id": d, "title": d.upper(), "text": "x",
                                      "n_words": 1} for d in docs])
    base = {"sent_id": 0, "start": 0, "end": 1, "trigger": "x", "modality": "asserted"}
    f["events"] = frame("events", [{**base, "event_id": f"e{k}", **e}
                                   for k, e in enumerate(events)])
    f["places"] = frame("places", [{"sent_id": 0, "start": 0, "end": 1, "place_id": f"p{k}", **p}
                                   for k, p in enumerate(places)])
    return f


def _lima():
    return key_point(KeyPlace("LIMA", "CITY"), "PER")


def test_places_muc4_named_place_at_the_key_point_is_found_and_right():
    lat, lon = _lima()
    frames = _muc_frames([{"report_id": "d1", "event_type": "ASSAULT", "place": "Lima",
                           "place_country": "PER", "latitude": lat, "longitude": lon}],
                         [{"report_id": "d1", "text": "Lima", "name": "Lima", "country": "PER",
                           "latitude": lat, "longitude": lon}])
    s = score_muc4([{"docid": "D1", "templates": [{**ATTACK, "incident_location": [LIMA]}]}],
                   frames)
    assert (s["incidents"], s["typed"], s["any"]) == (1, 1, 1)
    assert (s["country_gold"], s["country_right"]) == (1, 1)
    assert (s["named"], s["within"]) == (1, 1) and s["median_km"] == pytest.approx(0, abs=0.01)
    assert (s["locations"], s["located"]) == (1, 1)


def test_places_muc4_wrong_country_and_far_point_are_not_counted():
    # "Lima" resolved to a namesake elsewhere: the name is found, the country and point are wrong
    frames = _muc_frames([{"report_id": "d1", "event_type": "ASSAULT", "place": "Lima",
                           "place_country": "USA", "latitude": 40.74, "longitude": -84.1}])
    s = score_muc4([{"docid": "D1", "templates": [{**ATTACK, "incident_location": [LIMA]}]}],
                   frames)
    assert s["typed"] == 1                                  # by name
    assert (s["country_gold"], s["country_right"]) == (1, 0)
    assert (s["named"], s["within"]) == (1, 0) and s["median_km"] > 5000


def test_places_muc4_an_unnamed_point_30_km_away_is_not_within_25_km():
    lat, lon = _north(_lima(), 30)
    near_lat, near_lon = _north(_lima(), 20)
    events = [{"report_id": "d1", "event_type": "ASSAULT", "place": "Somewhere",
               "place_country": "PER", "latitude": lat, "longitude": lon},
              {"report_id": "d2", "event_type": "ASSAULT", "place": "Elsewhere",
               "place_country": "PER", "latitude": near_lat, "longitude": near_lon}]
    records = [{"docid": "D1", "templates": [{**ATTACK, "incident_location": [LIMA]}]},
               {"docid": "D2", "templates": [{**ATTACK, "incident_location": [LIMA]}]}]
    s = score_muc4(records, _muc_frames(events))
    assert (s["incidents"], s["typed"]) == (2, 1)           # D2 at 20 km only
    assert s["named"] == 0                                  # neither names Lima
    assert s["missed"] == ["D1: " + LIMA]


def test_places_muc4_only_typed_not_negated_events_find_the_incident():
    lat, lon = _lima()
    at_lima = {"place": "Lima", "place_country": "PER", "latitude": lat, "longitude": lon}
    events = [{"report_id": "d1", "event_type": "ASSAULT", "modality": "negated", **at_lima},
              {"report_id": "d1", "event_type": "PROTEST", **at_lima}]
    s = score_muc4([{"docid": "D1", "templates": [{**ATTACK, "incident_location": [LIMA]}]}],
                   _muc_frames(events))
    assert (s["typed"], s["any"]) == (0, 1)
    assert s["country_gold"] == 0                           # no typed event to judge


def test_places_muc4_department_key_is_matched_by_admin1():
    events = [{"report_id": "d1", "event_type": "ASSAULT", "place": "Juliaca",
               "place_country": "PER", "admin1": "Puno", "latitude": -15.5, "longitude": -70.13}]
    template = {**ATTACK, "incident_location": ["PERU: PUNO (DEPARTMENT)"]}
    s = score_muc4([{"docid": "D1", "templates": [template]}], _muc_frames(events))
    assert s["typed"] == 1 and s["named"] == 0              # a region key has no point


def test_places_muc4_key_locations_in_the_places_frame():
    lat, lon = _lima()
    places = [{"report_id": "d1", "text": "Peruvian capital", "name": "Lima", "country": "PER",
               "latitude": lat, "longitude": lon},
              {"report_id": "d2", "text": "Cusco", "name": "Cusco", "country": "PER",
               "latitude": -13.5, "longitude": -71.97}]
    records = [{"docid": "D1", "templates": [{**ATTACK, "incident_location": [LIMA]},
                                             {**ATTACK, "incident_location": [LIMA]}]},
               {"docid": "D2", "templates": [{**ATTACK, "incident_location": [LIMA]}]},
               {"docid": "D3", "templates": [{**ATTACK, "incident_location": ["PERU"]}]}]
    s = score_muc4(records, _muc_frames([], places))
    assert (s["locations"], s["located"]) == (2, 1)         # D1 once; D3 names no place
    assert s["incidents"] == 3 and s["typed"] == 0          # D1 twice, D2; D3 has no place


def test_places_muc4_country_only_key_counts_for_the_country_alone():
    events = [{"report_id": "d1", "event_type": "ASSAULT", "place": "Cusco",
               "place_country": "PER", "latitude": -13.53, "longitude": -71.97},
              {"report_id": "d2", "event_type": "ASSAULT", "place": "Quito",
               "place_country": "ECU", "latitude": -0.23, "longitude": -78.52}]
    records = [{"docid": "D1", "templates": [{**ATTACK, "incident_location": ["PERU"]}]},
               {"docid": "D2", "templates": [{**ATTACK, "incident_location": ["PERU"]}]}]
    s = score_muc4(records, _muc_frames(events))
    assert (s["country_gold"], s["country_right"]) == (2, 1)
    assert (s["incidents"], s["locations"], s["missed"]) == (0, 0, [])


def test_places_muc4_without_a_places_frame_says_so():
    frames = _muc_frames([])
    del frames["places"]
    s = score_muc4([{"docid": "D1", "templates": [{**ATTACK, "incident_location": [LIMA]}]}],
                   frames)
    assert s == {"no_places": True}
    assert muc4_table(s) == NO_PLACES


# --- seed scoring on synthetic frames -----------------------------------------------------------

GOLD = {"places": [
    {"name": "Qana", "kind": "village", "country": "LBN"},
    {"name": "northern Mali", "kind": "region", "country": "MLI"},
    {"name": "Boston", "kind": "city", "country": "USA"},
    {"name": "the Sahel", "kind": "region"},
]}


def _seed_frames(places):
    f = empty_frames()
    f["places"] = frame("places", [{"report_id": "r", "sent_id": 0, "start": 0, "end": 1,
                                    "place_id": f"p{k}", **p} for k, p in enumerate(places)])
    return f


def test_places_seed_recall_country_and_points():
    frames = _seed_frames([
        {"text": "Qana", "name": "Qâna", "country": "LBN", "feature": "settlement",
         "latitude": 33.21, "longitude": 35.3, "geo_precision": 1},
        {"text": "Mali", "name": "Mali", "country": "MLI", "feature": "country"},
        {"text": "Boston", "name": "Boston", "country": "GBR", "feature": "settlement"}])
    s = score_seed(GOLD, frames)
    assert (s["gold"], s["found"]) == (4, 3)                # "northern Mali" found as "Mali"
    assert s["missed"] == ["the Sahel"]
    assert (s["country_gold"], s["country_right"]) == (3, 2)   # Boston in Britain is wrong
    assert (s["settlements"], s["with_point"], s["within"]) == (2, 1, 1)
    assert "| place named | 4 | 3 | recall 0.75 |" in seed_table(s)


def test_places_seed_without_a_places_frame_says_so():
    frames = empty_frames()
    frames.pop("places", None)
    assert seed_table(score_seed(GOLD, frames)) == NO_PLACES


# --- own sentences on synthetic frames ----------------------------------------------------------

ROWS = [
    {"id": "s01", "kind": "capital", "sentence": "Crowds gathered in Lima on Monday.",
     "place": "Lima", "country": "PER", "admin1": "Lima", "latitude": -12.04,
     "longitude": -77.03, "precision": 1},
    {"id": "s02", "kind": "near", "sentence": "Troops moved near Cusco.", "place": "Cusco",
     "country": "PER", "admin1": "", "latitude": -13.53, "longitude": -71.97, "precision": 2},
    {"id": "s03", "kind": "capital", "sentence": "Rain fell on Quito.", "place": "Quito",
     "country": "ECU", "admin1": "", "latitude": -0.23, "longitude": -78.52, "precision": 1},
    {"id": "s04", "kind": "country only", "sentence": "Floods hit Peru.", "place": "Peru",
     "country": "PER", "admin1": "", "latitude": math.nan, "longitude": math.nan,
     "precision": None},
]


def _sentence_frames(places):
    f = empty_frames()
    f["reports"] = frame("reports", [{"report_id": f"r{r['id']}", "title": r["id"],
                                      "text": r["sentence"], "n_words": 5} for r in ROWS])
    f["places"] = frame("places", [{"sent_id": 0, "place_id": f"p{k}", **p}
                                   for k, p in enumerate(places)])
    return f


def _at(row_id, text, **values):
    sentence = next(r["sentence"] for r in ROWS if r["id"] == row_id)
    start = sentence.index(text)
    return {"report_id": f"r{row_id}", "start": start, "end": start + len(text), "text": text,
            "name": text, **values}


def test_places_sentences_score_each_measure():
    lat, lon = _north((-13.53, -71.97), 30)
    frames = _sentence_frames([
        _at("s01", "Lima", country="PER", admin1="Lima", latitude=-12.05, longitude=-77.04,
            geo_precision=1, feature="settlement"),
        _at("s02", "near Cusco", country="PER", admin1="Cusco", latitude=lat, longitude=lon,
            geo_precision=1, feature="settlement"),              # 30 km off, precision wrong
        _at("s03", "Rain", country="ECU"),                         # not the expected span
        _at("s04", "Peru", country="COL", feature="country")])     # wrong country
    s = score_sentences(ROWS, frames)
    total = s["kinds"]["all"]
    assert total["n"] == 4
    assert total["span"] == [3, 4]
    assert total["country"] == [2, 4]
    assert total["admin1"] == [1, 1]
    assert total["point"] == [1, 3]
    assert total["precision"] == [2, 4]                        # s01, and s04 (none expected)
    assert s["kinds"]["capital"]["span"] == [1, 2]
    assert any(m.startswith("s03 Quito") and "not found" in m for m in s["missed"])
    table = sentences_table(s)
    assert "| **all** | 4 | 3/4 | 2/4 | 1/1 | 1/3 | 2/4 |" in table


def test_places_sentences_without_a_places_frame_says_so():
    frames = _sentence_frames([])
    del frames["places"]
    assert sentences_table(score_sentences(ROWS, frames)) == NO_PLACES


# --- the sentence table itself ------------------------------------------------------------------

def test_places_sentence_table_is_consistent_with_the_index():
    from analysis.geo import index

    ix = index.load()
    rows = read_sentences()
    assert 40 <= len(rows) <= 60
    assert len({r["sentence"] for r in rows}) == len(rows)
    for r in rows:
        assert r["place"] in r["sentence"], r["id"]
        assert r["precision"] in (1, 2, 3, None), r["id"]
        assert len(r["country"]) == 3 and r["country"].isupper(), r["id"]
        if r["geonames_id"]:
            (i,) = np.flatnonzero((ix["geonames_id"] == int(r["geonames_id"]))
                                  & (ix["feature"] == "settlement"))
            assert ix["country"][i] == r["country"], r["id"]
            assert ix["admin1"][i] == r["admin1"], r["id"]
            assert haversine_km(ix["latitude"][i], ix["longitude"][i], r["latitude"],
                                r["longitude"]) < 0.01, r["id"]
            assert r["precision"] in (1, 2), r["id"]
        elif r["precision"] == 3:                   # a region of the index, without a point
            assert math.isnan(r["latitude"])
            assert ((ix["feature"] == "region") & (ix["country"] == r["country"])
                    & (ix["name"] == r["admin1"])).any(), r["id"]
        else:                                       # a country alone
            assert r["precision"] is None and math.isnan(r["latitude"]), r["id"]
    kinds = {r["kind"] for r in rows}
    assert {"ambiguous", "admin hint", "near", "multi-word", "region only"} <= kinds


# --- the shared corpus --------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.slow
def test_places_muc4_on_the_shared_corpus(shared_corpus):
    s = evaluate_muc4(shared_corpus, limit=10)
    assert s["reports"] > 0
    if not s.get("no_places"):
        assert s["incidents"] > 0 and 0 <= s["typed"] <= s["incidents"]
        assert muc4_table(s).startswith("| measure |")
