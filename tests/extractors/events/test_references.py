"""Tests of analysis.extractors.events.references: an event named again ("the meeting") or the
state of the victims of another ("wounded rebels ... after a clash") is no new event.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

import pytest

from analysis.extractors.document import Rows, extract_doc
from analysis.extractors.gazetteer import load_gazetteer
from analysis.records import Report


def _events(nlp, text):
    rows = Rows()
    report = Report("r1", "r1.txt", None, None, None, "2025-03-05", False, text)
    extract_doc(nlp(text), report, rows, load_gazetteer())
    return [(r["event_type"], r["trigger"], r["modality"]) for r in rows.tables["events"]]


@pytest.mark.parametrize("text, trigger, n", [
    # the same meeting named four times is one meeting
    ("An AU meeting is planned in Addis Ababa next week. Rebels say they will protest against "
     "the AU meeting. Security for the AU meeting has been tightened.", "meeting", 1),
    # an owner makes a proposal definite: the second is the first named again
    ("Minister Ana Ruiz made a proposal for a ceasefire on Monday. The rebels have not answered "
     "Ruiz's proposal.", "proposal", 1),
    ("Gunmen attacked a police post in Tillaberi. The attack was condemned by Niger.",
     "attack", 0),   # the verb told it; "the attack" adds nothing
])
def test_references_an_event_named_again_is_no_new_event(nlp, text, trigger, n):
    assert sum(t.lower() == trigger for _, t, _ in _events(nlp, text)) == n, _events(nlp, text)


@pytest.mark.parametrize("text, trigger", [
    # a new target: another attack
    ("Gunmen attacked a police post in Tillaberi. A day later the attack on a school in Dosso "
     "killed two pupils.", "attack"),
    # indefinite: another meeting
    ("Mali and Niger held a meeting in Niamey. Mali and Burkina Faso held a meeting in Bamako.",
     "meeting"),
    # a figure of its own keeps it
    ("Rebels attacked a convoy near Goma. The attack killed 12 soldiers.", "attack"),
])
def test_references_what_adds_something_stays(nlp, text, trigger):
    assert any(t.lower() == trigger for _, t, _ in _events(nlp, text)), _events(nlp, text)


@pytest.mark.parametrize("text, violent", [
    ("The army found weapons left by wounded rebels who fled after a clash with soldiers near "
     "Kidal.", "clash"),
    ("Troops evacuated wounded civilians from Kidal after the ambush.", "ambush"),
])
def test_references_wounded_victims_of_a_clash_are_its_state(nlp, text, violent):
    found = [t for _, t, _ in _events(nlp, text)]
    assert "wounded" not in found and violent in found, found


def test_references_wounded_victims_alone_are_an_event(nlp):
    found = _events(nlp, "The wounded rebels were taken to a clinic in Gao.")
    assert ("ASSAULT", "wounded", "asserted") in found
