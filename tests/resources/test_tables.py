"""Shape checks for the bundled gazetteer tables ``actors.csv`` and ``places.csv``."""
from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
import pytest

from analysis.extractors.gazetteer import ACTOR_COLUMNS, PLACE_COLUMNS, actor_kinds
from analysis.resources import RESOURCES

PLACE_KINDS = {"region", "province", "capital", "city", "town", "village", "sea", "other"}
ISO3 = re.compile(r"^[A-Z]{3}$")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(RESOURCES / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return _read("actors.csv")


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return _read("places.csv")


def _aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _forms(table: pd.DataFrame) -> dict[str, set[str]]:
    """Map every surface form (name or alias) to the names of the rows that list it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for name, cell in zip(table["name"], table["aliases"]):
        owners[name].add(name)
        for alias in _aliases(cell):
            owners[alias].add(name)
    return owners


@pytest.mark.parametrize("name, columns", [("actors.csv", ACTOR_COLUMNS),
                                           ("places.csv", PLACE_COLUMNS)])
def test_resources_columns_are_exact(name, columns):
    assert list(_read(name).columns) == columns


@pytest.mark.parametrize("name", ["actors.csv", "places.csv"])
def test_resources_names_are_unique_and_non_empty(name):
    table = _read(name)
    assert (table["name"].str.strip() != "").all()
    assert (table["name"] == table["name"].str.strip()).all()
    duplicated = table.loc[table["name"].duplicated(), "name"].tolist()
    assert duplicated == []


def test_resources_actor_kinds_are_in_vocabulary(actors):
    assert set(actors["kind"]) <= actor_kinds()


def test_resources_place_kinds_are_in_vocabulary(places):
    assert set(places["kind"]) <= PLACE_KINDS


@pytest.mark.parametrize("name", ["actors.csv", "places.csv"])
def test_resources_country_codes_are_iso3_or_empty(name):
    codes = _read(name)["country"]
    bad = [c for c in codes if c and not ISO3.match(c)]
    assert bad == []


def test_resources_affiliations_name_existing_rows(actors):
    names = set(actors["name"])
    dangling = [(n, a) for n, a in zip(actors["name"], actors["affiliation"])
                if a and a not in names]
    assert dangling == []
    assert all(n != a for n, a in zip(actors["name"], actors["affiliation"]))


@pytest.mark.parametrize("name", ["actors.csv", "places.csv"])
def test_resources_aliases_belong_to_one_row(name):
    table = _read(name)
    shared = {form: sorted(rows) for form, rows in _forms(table).items() if len(rows) > 1}
    assert shared == {}


@pytest.mark.parametrize("name", ["actors.csv", "places.csv"])
def test_resources_aliases_are_clean(name):
    table = _read(name)
    for row_name, cell in zip(table["name"], table["aliases"]):
        aliases = _aliases(cell)
        assert len(aliases) == len(set(aliases)), row_name
        assert row_name not in aliases, row_name
        assert all(a == " ".join(a.split()) for a in aliases), row_name


def test_resources_actor_forms_are_not_place_forms(actors, places):
    clash = sorted(set(_forms(actors)) & set(_forms(places)))
    assert clash == []


def test_resources_covers_at_least_190_states(actors):
    states = actors[actors["kind"] == "state"]
    assert len(states) >= 190
    assert (states["country"] != "").all()
    assert not states["country"].duplicated().any()


def test_resources_persons_have_a_country_and_come_last(actors):
    persons = actors[actors["kind"] == "person"]
    assert len(persons) > 0
    assert [n for n, c in zip(persons["name"], persons["country"]) if not ISO3.match(c)] == []
    kinds = actors["kind"].tolist()
    assert set(kinds[len(kinds) - len(persons):]) == {"person"}


def test_resources_keeps_the_seed_rows(actors, places):
    by_name = actors.set_index("name")
    for alias in ("U.S.", "US", "USA", "America", "American", "Americans"):
        assert alias in _aliases(by_name.loc["United States", "aliases"])
    assert by_name.loc["Israel Defense Forces", "affiliation"] == "Israel"
    assert "IDF" in _aliases(by_name.loc["Israel Defense Forces", "aliases"])
    assert by_name.loc["Pentagon", "affiliation"] == "United States"
    assert by_name.loc["Hamas", "country"] == "PSE"
    assert "AFP" in _aliases(by_name.loc["Agence France-Presse", "aliases"])
    assert {"Gaza", "Middle East", "New York"} <= set(places["name"])


def test_resources_states_come_first_in_alphabetical_order(actors):
    kinds = actors["kind"].tolist()
    n_states = kinds.count("state")
    assert set(kinds[:n_states]) == {"state"}
    names = actors["name"].tolist()[:n_states]
    assert names == sorted(names, key=str.casefold)


def test_resources_load_into_the_gazetteer():
    from analysis.extractors.gazetteer import _load_gazetteer, load_gazetteer

    _load_gazetteer.cache_clear()
    gaz = load_gazetteer()
    assert gaz.actor("the Pentagon").name == "Pentagon"
    assert gaz.actor("Britons").name == "United Kingdom"
    assert gaz.actor("DRC").name == "Democratic Republic of the Congo"
    assert gaz.actor("FMLN").name == "Farabundo Marti National Liberation Front"
    assert gaz.place("Kiev").name == "Kyiv"
    assert gaz.place("Bogota").name == "Bogotá"


def test_vocabularies_come_from_one_table_each():
    from analysis.extractors.events.triggers import event_types, figure_event_types
    from analysis.extractors.places import place_words
    from analysis.store.schema import ACTOR_KINDS, CATEGORIES, EVENT_TYPES

    assert set(ACTOR_KINDS) == actor_kinds() and len(ACTOR_KINDS) == len(actor_kinds())
    assert EVENT_TYPES == list(event_types())
    assert set(figure_event_types()) <= set(CATEGORIES)
    assert figure_event_types()["killed"] == "ASSAULT"
    assert {row["actorless"] for row in event_types().values()} <= {"", "yes"}
    assert set(place_words()) == {"settlement", "city_part", "government", "region", "district",
                                  "near", "city_part_of", "generic"}
    assert place_words()["settlement"] <= place_words()["city_part"]
