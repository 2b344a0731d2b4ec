"""Tests of analysis.extractors.places: place spans as reports write them, and what the text says
about them (kind, admin hints, "near", the place a place is near)."""
from __future__ import annotations

import pytest

from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places


def _places(nlp, text):
    return places(nlp(text), load_gazetteer())


def _by_text(nlp, text):
    return {p.text: p for p in _places(nlp, text)}


@pytest.mark.parametrize("text, place, kind", [
    ("Shells fell on Ras Kamboni town overnight.", "Ras Kamboni", "town"),
    ("Aid reached Deir Mimas village on Monday.", "Deir Mimas", "village"),
    ("Police raided the town of Kafr Sousa at dawn.", "Kafr Sousa", "town"),
    ("Families fled Kakuma camp after the fire.", "Kakuma", "camp"),
    ("Rebels seized Rubaya, a mining town in the east.", "Rubaya", "town"),
    ("Troops entered Beit Lahia on Sunday.", "Beit Lahia", None),
    ("Army units were deployed in Afgooye district overnight.", "Afgooye", "district"),
    ("Student protests turned violent in Ile-Ife on Friday.", "Ile-Ife", None),  # untagged
])
def test_places_whole_names_beside_a_settlement_noun(nlp, text, place, kind):
    found = _by_text(nlp, text)
    assert place in found
    if kind:
        assert found[place].kind == kind


def test_places_a_noun_at_the_head_of_a_sentence_is_no_place(nlp):
    assert "Gunmen" not in _by_text(nlp, "Gunmen attacked the convoy in Baidoa on Friday.")


@pytest.mark.parametrize("text, place, hints", [
    ("A drone struck Deir Mimas village (Marjayoun, Nabatieh) on Monday.", "Deir Mimas",
     ("Marjayoun", "Nabatieh")),
    ("Clashes were reported in Rubaya, a mining town in North Kivu province.", "Rubaya",
     ("North Kivu",)),
    ("Fighting reached Maiduguri, the capital of Borno state, at night.", "Maiduguri",
     ("Borno",)),
])
def test_places_admin_hints(nlp, text, place, hints):
    found = _by_text(nlp, text)
    assert place in found
    assert all(any(h in got for got in found[place].hints) for h in hints)


@pytest.mark.parametrize("text, place, near", [
    ("Gunmen attacked a village near Maiduguri on Friday.", "Maiduguri", True),
    ("A bomb went off outside Mogadishu on Friday.", "Mogadishu", True),
    ("Shelling hit a school 10 km from Kharkiv.", "Kharkiv", True),
    ("A bomb went off in Mogadishu on Friday.", "Mogadishu", False),
])
def test_places_near(nlp, text, place, near):
    assert _by_text(nlp, text)[place].near is near


def test_places_a_village_near_a_town_keeps_both(nlp):
    found = _by_text(nlp, "Shells hit Ras Kamboni village near Kismayo on Monday.")
    assert found["Ras Kamboni"].anchor is not None
    assert found["Ras Kamboni"].anchor.text == "Kismayo"
    assert found["Kismayo"].near


def test_places_gazetteer_places_are_known(nlp):
    found = _by_text(nlp, "The convoy crossed into Gaza from Egypt.")
    assert found["Gaza"].known and found["Gaza"].country == "PSE"
