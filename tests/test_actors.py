"""Tests of analysis.actors: mentions, places, titles, surnames and corpus resolution."""
from __future__ import annotations

import pytest

from analysis.actors import actor_id, actor_records, assign_ids, mentions, places
from analysis.gazetteer import load_gazetteer


def _names(nlp, text):
    return [m.name for m in mentions(nlp(text), load_gazetteer())]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. sent ships.", ["United States"]),
    ("Americans were told to leave.", ["United States"]),
    ("The Pentagon said it would help.", ["Pentagon"]),
    ("Israeli officials met Lebanese envoys.", ["Israel", "Lebanon"]),
    ("Hezbollah fired rockets at Israel.", ["Hezbollah", "Israel"]),
])
def test_actors_gazetteer_aliases(nlp, text, expected):
    assert _names(nlp, text) == expected


@pytest.mark.parametrize("text, place", [
    ("Troops arrived in the Middle East on Monday.", "Middle East"),
    ("Shells hit the southern village of Qasrin overnight.", "Qasrin"),
    ("The convoy left Norfolk, Virginia, for Europe.", "Norfolk"),
])
def test_actors_places_are_not_actors(nlp, text, place):
    doc = nlp(text)
    gaz = load_gazetteer()
    assert place in [p.name for p in places(doc, gaz)]
    assert place not in [m.name for m in mentions(doc, gaz)]


def test_actors_titles_are_split_off(nlp):
    doc = nlp("Pentagon spokesman Maj. Gen. Pat Ryder said the troops would leave.")
    [person] = [m for m in mentions(doc, load_gazetteer()) if m.kind == "person"]
    assert person.name == "Pat Ryder"
    assert set(person.titles) == {"spokesman", "Maj. Gen."}


def test_actors_surname_resolves_to_full_name(nlp):
    doc = nlp("President Joe Biden spoke on Monday. Later, Biden met the envoy.")
    assert [m.name for m in mentions(doc, load_gazetteer()) if m.kind == "person"] == [
        "Joe Biden", "Joe Biden"]


def test_actors_records_count_mentions_reports_and_dates(nlp):
    gaz = load_gazetteer()
    a = list(mentions(nlp("Israel struck. Israel said so."), gaz))
    b = list(mentions(nlp("The Pentagon and Israel met."), gaz))
    rows = {r["name"]: r for r in actor_records(
        [("r1", "2025-03-01", a), ("r2", "2025-03-05", b)], gaz)}
    assert rows["Israel"]["n_mentions"] == 3 and rows["Israel"]["n_reports"] == 2
    assert (rows["Israel"]["first_seen"], rows["Israel"]["last_seen"]) == ("2025-03-01",
                                                                          "2025-03-05")
    # an institution's state is an actor of its own, and its affiliation
    assert rows["Pentagon"]["affiliation"] == rows["United States"]["actor_id"]


@pytest.mark.parametrize("names, expected", [
    (["United States"], {"United States": "united-states"}),
    (["U.S. Navy", "US Navy"], {"U.S. Navy": "u-s-navy", "US Navy": "us-navy"}),
    (["A-B", "A B"], {"A B": "a-b", "A-B": "a-b-2"}),
])
def test_actors_ids_are_unique_slugs(names, expected):
    assert assign_ids(names) == expected
    assert actor_id("Hezbollah") == "hezbollah"
