"""Tests of analysis.extractors.events.victims: who a harming trigger hits, and how many.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

import pytest

from analysis.extractors.document import Rows, extract_doc
from analysis.extractors.gazetteer import load_gazetteer
from analysis.records import Report


def _rows(nlp, text):
    rows = Rows()
    report = Report("r1", "r1.txt", None, None, None, "2025-03-05", False, text)
    extract_doc(nlp(text), report, rows, load_gazetteer())
    return rows.tables


@pytest.mark.parametrize("text, killed, wounded", [
    # a list of bare counts: "12 killed, 15 injured"
    ('Gunmen raided Kuda. The colonel mentions "12 killed, 15 injured, and 26 huts burned."',
     12, 15),
    ('Gunmen raided Kuda. An update adds "2 injured and 21 houses destroyed."', None, 2),
])
def test_victims_bare_counts_of_people(nlp, text, killed, wounded):
    events = _rows(nlp, text)["events"]
    assert events
    assert any(e.get("killed") == killed and e.get("wounded") == wounded for e in events)


def test_victims_they_is_people_uncounted(nlp):
    events = _rows(nlp, "The inmates were taken to the yard, where they were shot dead by "
                        "soldiers in Lima.")["events"]
    assert events and all(e.get("killed") is None for e in events)


def test_victims_things_are_no_people(nlp):
    numbers = _rows(nlp, "Prices rose in Kuda, with 12 sold and 15 bought.")["numbers"]
    assert {n["category"] for n in numbers} == {"other"}
