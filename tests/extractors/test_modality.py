"""Tests of analysis.extractors.modality: how far a cue carries, and who says so.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

from datetime import date

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.events.coder import events
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places


def _events(nlp, text):
    doc = nlp(text)
    gaz = load_gazetteer()
    return list(events(doc, list(mentions(doc, gaz)), list(places(doc, gaz)),
                       published=date(2025, 3, 5)))


def _modality(nlp, text, trigger):
    found = [e.modality for e in _events(nlp, text) if e.trigger == trigger]
    assert found, f"no {trigger!r} event in {text!r}"
    return found[0]


@pytest.mark.parametrize("text, trigger, modality", [
    # the clause a trigger is subject of tells its modality
    ("Minister Okello said holding talks with the rebels would be a positive step.", "talks",
     "hypothetical"),
    ("Holding talks with the rebels in Geneva helped the peace process.", "talks", "asserted"),
    # a causative passes its own cues on
    ("We cannot let the rebels kill our people in Gao.", "kill", "negated"),
    ("The army let the rebels attack Gao.", "attack", "asserted"),
    # desire and intention nouns govern what they want
    ("Hamas expressed its desire to attack Israel.", "attack", "hypothetical"),
    ("Hamas announced its intention to attack Israel.", "attack", "planned"),
    # "neither ... nor" negates every conjunct
    ("The council is neither tasked nor empowered to hold talks with the rebels.", "talks",
     "negated"),
    # a participle beside a verb is no complement of it: "set" is "set to" only with "to"
    ("Forty rebels set the huts of Kuda on fire, shooting the villagers.", "shooting",
     "asserted"),
    ("The rebels are set to attack Kuda.", "attack", "planned"),
    # trying is no success
    ("The rebels are trying to attack Kuda.", "attack", "possible"),
    ("Hamas fighters plan to strike, hoping to kill Israeli soldiers.", "kill",
     "hypothetical"),          # "hoping" is "hope", not "hop"
    # a time for something is not the thing
    ("It is time for the rebels to meet the government in Nairobi.", "meet", "hypothetical"),
    ("The bodyguard had time to shoot the gunmen.", "shoot", "asserted"),
    # the end of clashes is no clash
    ("The cessation of clashes between the army and the rebels is a requirement.", "clashes",
     "generic"),
])
def test_modality_cues_carry_as_far_as_they_speak(nlp, text, trigger, modality):
    assert _modality(nlp, text, trigger) == modality


@pytest.mark.parametrize("text, attribution", [
    ("It was announced that rebels attacked the army base in Gao.", None),
    ("It said that rebels attacked the army base in Gao.", "It"),
])
def test_modality_the_empty_it_of_a_passive_report_is_no_source(nlp, text, attribution):
    found = [e for e in _events(nlp, text) if e.trigger == "attacked"]
    assert found and found[0].attribution == attribution
