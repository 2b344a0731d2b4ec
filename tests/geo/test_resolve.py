"""Tests of analysis.geo.resolve: candidates ranked by the text's context."""
from __future__ import annotations

import pytest

from analysis.geo import resolve


@pytest.mark.parametrize("text, context, country, admin1", [
    ("Tripoli", {"countries": {"LBN": 3}}, "LBN", None),
    ("Tripoli", {"countries": {"LBY": 1}}, "LBY", "Tripoli"),
    ("Tripoli", {}, "LBY", None),                               # the larger one, without context
    ("Tripoli", {"near": ["LBN"]}, "LBN", None),
    ("San Jose", {"countries": {"CRI": 2}}, "CRI", None),
    ("San Jose", {"countries": {"USA": 2}}, "USA", "California"),
    ("Kharkiv", {}, "UKR", "Kharkiv"),
    ("Lebanon", {"countries": {"USA": 3}}, "LBN", None),        # the country, not a US town
])
def test_resolve_ranks_by_context(text, context, country, admin1):
    found = resolve.resolve(text, **context)
    assert found is not None and found.country == country
    if admin1:
        assert found.admin1 == admin1


def test_resolve_admin_hint_picks_the_hinted_place():
    plain = resolve.resolve("Saint Paul", countries={"USA": 1})
    hinted = resolve.resolve("Saint Paul", hints=["Minnesota"], countries={"USA": 1})
    assert hinted.admin1 == "Minnesota" and hinted.geo_precision == 1
    assert plain is not None


def test_resolve_small_place_outside_the_named_countries_is_not_taken():
    # a village of a country the report never names is not the place of a report about Somalia
    assert resolve.resolve("Zgharta", countries={"SOM": 2}) is None
    assert resolve.resolve("Zgharta", countries={"LBN": 1}).country == "LBN"


def test_resolve_country_has_no_point():
    found = resolve.resolve("Nigeria")
    assert found.feature == "country" and found.latitude is None and found.geo_precision is None


def test_resolve_region_written_another_way():
    found = resolve.resolve("North Kivu", country="COD", feature="region")
    assert found.feature == "region" and found.geo_precision == 3 and found.country == "COD"


@pytest.mark.parametrize("a, b, same", [
    ("nabatieh", "nabatiye", True), ("north kivu", "nord kivu", True),
    ("borno", "bornu", True), ("kharkiv", "kherson", False), ("", "x", False),
])
def test_resolve_same_area(a, b, same):
    assert resolve.same_area(a, b) is same


def test_resolve_fall_back_to_hint_then_country():
    town = resolve.fall_back(hints=["Qwxz", "Marjayoun"], near=["LBN"])
    assert town.name == "Marjayoun" and town.geo_precision == 2
    country = resolve.fall_back(hints=["Qwxz"], near=["SOM"])
    assert country.feature == "country" and country.latitude is None
    assert resolve.fall_back(near=["SOM", "KEN"]) is None
    assert resolve.fall_back() is None


@pytest.mark.parametrize("text, context, name, feature", [
    ("New York", {"countries": {"USA": 2}}, "New York City", "settlement"),  # not the state
    ("Bilhorod-Dnistrovskyi", {}, "Bilhorod-Dnistrovskyi", "settlement"),    # own name first
])
def test_resolve_own_names_and_cities_first(text, context, name, feature):
    found = resolve.resolve(text, **context)
    assert (found.name, found.feature) == (name, feature)
