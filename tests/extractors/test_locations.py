"""Tests of analysis.extractors.locations: place mentions resolved with the report's context."""
from __future__ import annotations

import math

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.document import _sent_ids
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.locations import locate
from analysis.extractors.places import places


def _located(nlp, text):
    doc, gaz = nlp(text), load_gazetteer()
    found = places(doc, gaz)
    where = locate(found, list(mentions(doc, gaz)), _sent_ids(list(doc.sents), len(doc)), gaz)
    return {p.text: w for p, w in zip(found, where)}


def _km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(h))


# our own sentences; the points are GeoNames' (cities500)
@pytest.mark.parametrize("text, place, country, point, precision", [
    ("Clashes in Tripoli left three dead, Lebanese army sources said. Lebanon's prime minister "
     "called for calm.", "Tripoli", "LBN", (34.43, 35.84), 1),
    ("Militias clashed in Tripoli, Libya's capital, on Monday.", "Tripoli", "LBY",
     (32.89, 13.19), 1),
    ("A car bomb exploded in Mogadishu on Friday, Somali police said.", "Mogadishu", "SOM",
     (2.04, 45.34), 1),
    ("Russian missiles struck Kharkiv overnight, Ukrainian officials said.", "Kharkiv", "UKR",
     (49.98, 36.25), 1),
    ("Gunmen attacked a village near Maiduguri in Nigeria's Borno state.", "Maiduguri", "NGA",
     (11.85, 13.16), 2),
    ("Soldiers fought cartel gunmen in Culiacan, in Mexico's Sinaloa state.", "Culiacan", "MEX",
     (24.80, -107.39), 1),
    ("M23 rebels entered Goma, in the east of the Democratic Republic of Congo.", "Goma", "COD",
     (-1.67, 29.23), 1),
    ("A drone hit Deir Mimas village (Marjayoun, Nabatieh) in south Lebanon.", "Deir Mimas",
     "LBN", (33.36, 35.59), 2),
])
def test_locations_point_country_and_precision(nlp, text, place, country, point, precision):
    where = _located(nlp, text)[place]
    assert where.country == country
    assert _km((where.latitude, where.longitude), point) < 5
    assert where.geo_precision == precision


def test_locations_region_without_a_country_has_no_point(nlp):
    where = _located(nlp, "Tensions rose across the Middle East on Monday.")["Middle East"]
    assert where.latitude is None and where.country is None


def test_locations_province_is_a_region(nlp):
    where = _located(nlp, "Fighting spread across North Kivu province, Congolese officials "
                          "said.")["North Kivu"]
    assert where.feature == "region" and where.geo_precision == 3 and where.country == "COD"


def test_locations_unknown_village_takes_its_hint_or_its_country(nlp):
    found = _located(nlp, "Gunmen stormed Ras Kamboni town in southern Somalia.")
    assert found["Ras Kamboni"].country == "SOM" and found["Ras Kamboni"].latitude is None


def test_locations_analysts_point_wins(nlp, tmp_path, monkeypatch):
    from analysis.extractors import gazetteer as gaz_module
    from analysis.extractors.locations import _from_gazetteer
    from analysis.extractors.places import Place

    entry = gaz_module.Entry("Camp Qwxz", "other", "SOM", (), None, 2.5, 45.1)
    place = Place(0, 9, "Camp Qwxz", "Camp Qwxz", "SOM", 0, 2, kind="other", known=True)
    where = _from_gazetteer(place, entry, None)
    assert (where.latitude, where.longitude) == (2.5, 45.1) and where.country == "SOM"


@pytest.mark.parametrize("text, place, feature, precision, admin1", [
    ("Bandits kidnapped traders on a highway in Kano State.", "Kano", "region", 3, "Kano"),
    ("Clashes spread to the Marjayoun district on Monday.", "Marjayoun", "district", 2, None),
    ("Russian forces shelled villages across the Donetsk region.", "Donetsk region", "region",
     3, "Donetsk"),
])
def test_locations_the_noun_says_what_area_it_is(nlp, text, place, feature, precision, admin1):
    where = _located(nlp, text)[place]
    assert (where.feature, where.geo_precision) == (feature, precision)
    if admin1:
        assert where.admin1 == admin1


def test_locations_a_neighbourhood_is_in_the_town_named_before(nlp):
    found = _located(nlp, "Soldiers clashed with gunmen in Culiacán, Mexico. The fighting "
                          "broke out in the Tierra Blanca neighbourhood.")
    assert found["Tierra Blanca"].name == found["Culiacán"].name
    assert found["Tierra Blanca"].geo_precision == 2


def test_locations_a_town_the_model_calls_an_organisation(nlp):
    where = _located(nlp, "Miners protested over unpaid bonuses in Mbuji-Mayi on Monday.")
    assert where["Mbuji-Mayi"].country == "COD"


def test_locations_a_state_in_a_locative_phrase_is_a_country_place(nlp):
    where = _located(nlp, "Floods displaced thousands of families in Somalia this week.")
    assert where["Somalia"].feature == "country" and where["Somalia"].latitude is None


@pytest.fixture(scope="module")
def sample_frames(tmp_path_factory):
    from analysis import extract
    from tests.support import ROOT

    out = tmp_path_factory.mktemp("sample")
    return extract([ROOT / "data" / "reports"], out, progress=False).frames


# the bundled sample's events, each placed within a few km of its town's GeoNames point
@pytest.mark.slow
@pytest.mark.parametrize("country, town, point", [
    ("SOM", "Beledweyne", (4.736, 45.204)),
    ("UKR", "Kharkiv", (49.982, 36.255)),
    ("LBN", "En Nâqoûra", (33.118, 35.140)),
    ("NGA", "Konduga", None),
    ("MEX", "Culiacán", (24.802, -107.394)),
    ("COD", "Uvira", (-3.395, 29.138)),
])
def test_locations_sample_events_have_their_town(sample_frames, country, town, point):
    events, places = sample_frames["events"], sample_frames["places"]
    placed = events.merge(places[["place_id", "name"]], on="place_id")
    here = placed[(placed["place_country"] == country) & (placed["name"] == town)]
    assert len(here), f"no event placed in {town}"
    row = here.iloc[0]
    if point is not None:
        assert _km((row["latitude"], row["longitude"]), point) < 3
    assert row["geo_precision"] in (1, 2)
