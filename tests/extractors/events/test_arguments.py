"""Tests of analysis.extractors.events.arguments: sources the parse hangs in the wrong place.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

import pytest

from tests.extractors.events._harness import coded


@pytest.mark.parametrize("text, trigger, source", [
    # "by X" hung on a verb before a passive trigger, past its place and time
    ("The governor, who confirms that 15 civilians were killed on Tuesday night in Kuda, "
     "Gwoza District, Borno State, by a gang belonging to Boko Haram, called for calm.",
     "killed", "Boko Haram"),
    # a participle read as the clause, its subject the doer of the verb after it
    ("Meanwhile, in Kuda, Gwoza District, insurgents apparently belonging to Boko Haram "
     "placed a bomb in the market.", "placed", "Boko Haram"),
    # a light verb the lemmatizer misread ("staged" is not "stag")
    ("Suspected rebels staged another attack on the garrison in Goma.", "attack", "Rebels"),
])
def test_arguments_sources_the_parse_misplaces(nlp, text, trigger, source):
    found = [s for _, t, s, _, _ in coded(nlp, text) if t == trigger]
    assert found and found[0].startswith(source)


def test_arguments_a_passive_without_a_stray_by_has_no_source(nlp):
    assert [s for _, t, s, _, _ in coded(nlp, "The mayor of Kuda was killed in Gwoza.")
            if t == "killed"] == [None]
