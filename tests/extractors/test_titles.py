"""Tests of analysis.extractors.titles: titles before names, and names that are no places."""
from __future__ import annotations

import pytest

from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places
from analysis.extractors.titles import titled, titles_before


@pytest.mark.parametrize("text, name, expected", [
    ("Gen Medina confirmed the figures.", "Medina", ("Gen",)),
    ("Maj. Gen. Ali spoke.", "Ali", ("Maj. Gen.",)),
    ("Pilgrims travelled to Medina.", "Medina", ()),
])
def test_titles_before_a_name(nlp, text, name, expected):
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == name)
    assert titles_before(doc[start:start + 1]) == expected
    assert titled(doc[start:start + 1]) == bool(expected)


def test_titles_a_titled_name_is_no_place(nlp):
    gaz = load_gazetteer()
    assert "Medina" not in [p.text for p in places(nlp("Gen Medina confirmed the toll."), gaz)]
    assert "Medina" in [p.text for p in places(nlp("Pilgrims travelled to Medina."), gaz)]
