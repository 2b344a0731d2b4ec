"""Tests of analysis.extractors.events.actors: pronouns and members resolved to actors.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

import pytest

from tests.extractors.events._harness import coded


@pytest.mark.parametrize("text, trigger, role, expected", [
    # "they" whose governing subject is a plural noun that is no actor stands for that noun
    ('Reuters said that "after they surrendered, the inmates were taken to the yard, where '
     'they were shot by soldiers."', "shot", "target", None),
    # a pronoun one sentence on is the subject of that sentence first
    ("The villagers did not clash with the army. They were shot at close range.", "shot",
     "target", "Civilians"),
    # a group's members named as written after a generic phrase
    ("Fighters apparently belonging to al-Shabaab attacked the base in Kismayo.", "attacked",
     "source", "al-Shabaab"),
])
def test_actors_pronouns_and_members(nlp, text, trigger, role, expected):
    found = [(s, t) for _, trig, s, t, _ in coded(nlp, text) if trig == trigger]
    assert found
    got = found[0][0] if role == "source" else found[0][1]
    assert (got is None and expected is None) or (got or "").lower().startswith(
        (expected or "~").lower())
