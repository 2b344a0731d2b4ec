"""Tests of analysis.events: triggers, arguments, modality, attribution, place and date."""
from __future__ import annotations

from datetime import date

import pytest

from analysis.actors import mentions, places
from analysis.events import events, triggers
from analysis.gazetteer import load_gazetteer


def _events(nlp, text, published=date(2025, 3, 5)):
    doc = nlp(text)
    gaz = load_gazetteer()
    found = list(mentions(doc, gaz))
    return list(events(doc, found, list(places(doc, gaz)), published=published))


def _pairs(evs):
    return [(e.event_type, e.source and e.source.name, e.target and e.target.name) for e in evs]


@pytest.mark.parametrize("text, expected", [
    ("Israel launched air strikes on Lebanon.", [("ASSAULT", "Israel", "Lebanon")]),
    ("Iran condemned Israel on Tuesday.", [("ACCUSE", "Iran", "Israel")]),
    ("The Pentagon will send troops to Israel.", [("MOBILIZE", "Pentagon", "Israel")]),
    ("Russia and Ukraine agreed to talks.", [("AGREE", "Russia", None), ("AGREE", "Ukraine", None)]),
    ("Israel and Hezbollah have stepped up missile attacks on each other.",
     [("ASSAULT", "Israel", "Hezbollah"), ("ASSAULT", "Hezbollah", "Israel")]),
    ("Hamas was attacked by Israel.", [("ASSAULT", "Israel", "Hamas")]),
])
def test_events_arguments(nlp, text, expected):
    assert _pairs(_events(nlp, text)) == expected


@pytest.mark.parametrize("text, modality", [
    ("The Pentagon plans to send troops to Jordan.", "planned"),
    ("The Pentagon will send troops to Jordan.", "planned"),
    ("The Pentagon could redeploy ships to the region.", "possible"),
    ("An offensive against Hezbollah would require more soldiers.", "hypothetical"),
    ("Iran is not scheduled to meet Israel.", "negated"),
    ("Israel attacked Hezbollah.", "asserted"),
])
def test_events_modality(nlp, text, modality):
    assert _events(nlp, text)[0].modality == modality


@pytest.mark.parametrize("text, attribution", [
    ("Israel attacked Hezbollah, three defense officials said.", "three defense officials"),
    ("According to two diplomats, Iran met Qatar.", "two diplomats"),
    ("Israel attacked Hezbollah.", None),
])
def test_events_attribution(nlp, text, attribution):
    assert _events(nlp, text)[0].attribution == attribution


@pytest.mark.parametrize("text, when", [
    ("Israel attacked Hezbollah on Monday.", date(2025, 3, 3)),
    ("Israel attacked Hezbollah.", None),
])
def test_events_date(nlp, text, when):
    assert _events(nlp, text)[0].date == when


def test_events_place_is_where_it_happened(nlp):
    [e] = _events(nlp, "Russia fired missiles at Ukraine, striking a market in Kharkiv.")[:1]
    assert e.place is None or e.place.name == "Kharkiv"
    [e] = _events(nlp, "The Pentagon deployed troops in the Middle East.")
    assert e.place.name == "Middle East"


def test_events_words_inside_names_are_not_triggers(nlp):
    doc = nlp("The Abraham Lincoln Carrier Strike Group sailed on.")
    assert not [s for s, t in triggers(doc) if s.text == "Strike"]
