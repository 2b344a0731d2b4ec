"""Tests of analysis.extractors.events.carriers: one incident told by several triggers gives one
event, with its casualties summed on the trigger that carries it.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

from datetime import date

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.events.coder import events
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places


def _assaults(nlp, text):
    doc = nlp(text)
    gaz = load_gazetteer()
    found = list(mentions(doc, gaz))
    return [e for e in events(doc, found, list(places(doc, gaz)), published=date(2025, 3, 5))
            if e.event_type == "ASSAULT"]


@pytest.mark.parametrize("text, trigger, killed", [
    ("He was killed by a Taliban attack.", "killed", 1),               # no cycle, one event
    ("The bodyguard drew his gun and shot the aggressor, who died at the scene.", "shot", 1),
    ("The mayor died after he was shot.", "shot", 1),
    ("The FMLN shot and killed the mayor.", "shot", 1),
])
def test_carriers_one_incident_one_event(nlp, text, trigger, killed):
    found = _assaults(nlp, text)
    assert [(e.trigger, e.killed) for e in found] == [(trigger, killed)]


def test_carriers_victims_named_before_a_relative_clause(nlp):
    text = ("The committee paid homage to Raul Pellegrin and Cecilia Magni, members of the front "
            "who were killed recently.")
    assert [e.killed for e in _assaults(nlp, text)] == [2]
