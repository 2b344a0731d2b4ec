"""Tests of analysis.extractors.events.senses and the readings the coder gives violent words:
sport, markets, technology and criticism are no violence; kinds of events are not occurrences;
people killed with no one named as killing them are still an event, hazards are not.

Every sentence here is written for the tests; none comes from the reference corpus.
"""
from __future__ import annotations

from datetime import date

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.events.coder import events
from analysis.extractors.events.senses import Senses, senses_of
from analysis.extractors.events.triggers import sense_cues, sense_names
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places


def _events(nlp, text):
    doc = nlp(text)
    gaz = load_gazetteer()
    found = list(mentions(doc, gaz))
    return list(events(doc, found, list(places(doc, gaz)), published=date(2025, 3, 5)))


def _readings(nlp, text):
    return {(e.event_type, e.modality) for e in _events(nlp, text)}


# --- other senses: no violence ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Federer beat Roddick 6-4 6-2 in the final.",                 # a score
    "The striker shot wide in the second half.",                  # a phrase cue
    "Chelsea stormed to victory.",
    "Hackers attacked the bank's website.",                       # cyber
    "Shares shot up 7% on Monday.",                               # markets
    "The firm faces a price war with its rivals.",                # a modifier
    "The fire destroyed the warehouse.",                          # a hazard as the cause
    "Floods killed 20 people in the valley.",
    "After Hurricane Ana hit the coast, aid arrived. Ana killed 30 people.",   # a storm's name
    "He killed himself in 2003.",                                 # self harm
    "The board killed off the project.",                          # an idiom
    "It created an explosion in podcasting content.",             # growth
])
def test_senses_other_readings_are_no_violence(nlp, text):
    assert not any(t == "ASSAULT" for t, _ in _readings(nlp, text)), text


@pytest.mark.parametrize("text", [
    "Senator Maria Lopez attacked the spending bill.",
    "Nigeria's opposition leader Femi Ade slammed the decision.",
])
def test_senses_criticism_is_accuse(nlp, text):
    assert _readings(nlp, text) == {("ACCUSE", "asserted")}


@pytest.mark.parametrize("text", [
    "Gunmen attacked the village.",
    "Troops shot three protesters in the square.",
    "Rebels stormed the town of Kidal.",
    "Police fired tear gas as fans attacked each other after the match.",   # evidence wins
    "The Taliban shot dead two policemen in Kandahar.",
])
def test_senses_violence_keeps_its_reading(nlp, text):
    assert ("ASSAULT", "asserted") in _readings(nlp, text), text


def test_senses_a_sports_report_needs_no_cue_in_every_sentence(nlp):
    report = ("The league leaders won the match 3-1 at home. Their striker scored twice and the "
              "coach praised the squad. Later the visitors beat the champions again. The keeper "
              "saved a penalty late in the match.")
    doc = nlp(report)
    assert "sport" in senses_of(doc, list(doc.sents)).domains
    assert not any(e.event_type == "ASSAULT" for e in _events(nlp, report))


def test_senses_sentence_cues_are_nouns_not_verbs(nlp):
    doc = nlp("Unknown men attacked the party office and tried to break down the door.")
    assert Senses(doc, list(doc.sents)).by_sentence == [set()]   # "try" the verb is no rugby


def test_senses_cyber_cues_do_not_count_in_names(nlp):
    doc = nlp("The Radio Caracol Network said rebels attacked the town.")
    assert "cyber" not in Senses(doc, list(doc.sents)).by_sentence[0]


def test_senses_the_lexicon_only_names_known_senses():
    from analysis.extractors.events.triggers import lexicon

    known = set(sense_names())
    assert {s for t in lexicon() for s in t.senses} <= known
    assert "evidence" in sense_cues() and "hazard" in sense_cues()


# --- kinds of events, not occurrences ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The new murder law takes effect in May.", set()),
    ("Attacks are on the increase.", set()),
    ("There were cases of assault in the city.", set()),
    ("We spent the summer fishing, drinking and blowing up cans.", set()),   # a bare gerund
    ("Widespread opposition to the war with Iran grew.", {("ASSAULT", "generic")}),
    ("Terror attacks are the main danger.", set()),
])
def test_senses_kinds_of_events_are_not_asserted(nlp, text, expected):
    assert _readings(nlp, text) == expected


# --- victims with no one named as the doer ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Three civilians were killed on Tuesday.", True),
    ("Five soldiers died.", True),
    ("Gunmen stormed the village, killing 11 people.", True),
    ("Two people died of cholera.", False),                       # a disease
    ("Eight people were killed when their bus crashed.", False),   # an accident
    ("The founder died in 2001.", False),                          # a natural death
    ("He was sentenced to death.", False),
    ("Three people died.", False),                                 # no sign of violence
])
def test_senses_victim_only_events(nlp, text, expected):
    assert (("ASSAULT", "asserted") in _readings(nlp, text)) == expected, text


def test_senses_a_death_has_its_dead_as_target(nlp):
    found = _events(nlp, "Two Kenyan soldiers died in an ambush by al-Shabaab.")
    assert [(e.source.name, e.target.country) for e in found] == [("al-Shabaab", "KEN")]


@pytest.mark.parametrize("text, killed, wounded", [
    ("The mayor died after he was shot.", 1, None),    # "he" is the mayor, not a second victim
    ("He was shot and killed.", 1, None),              # the one shot is the one killed
])
def test_senses_one_victim_counted_once(nlp, text, killed, wounded):
    (event,) = [e for e in _events(nlp, text) if e.event_type == "ASSAULT"]
    assert (event.killed, event.wounded) == (killed, wounded)


# --- riots, attackers, strategic developments -------------------------------------------------

def _typed(nlp, text):
    return {(e.event_type, e.mode, e.source and e.source.kind, e.target and e.target.kind)
            for e in _events(nlp, text)}


@pytest.mark.parametrize("text, expected", [
    ("Protesters burned tyres in Nairobi.", ("PROTEST", "riot", "crowd", None)),
    ("Protesters blocked roads in Nairobi.", ("PROTEST", "obstruct", "crowd", None)),
    ("Protesters threw stones at police in Nairobi.", ("PROTEST", "riot", "crowd", "police")),
    ("Students marched to parliament in Kampala.", ("PROTEST", "demo", "crowd", None)),
    ("Rioters looted shops in Lagos.", ("PROTEST", "riot", "crowd", None)),      # and COERCE
    ("A mob lynched a suspected thief in Kano.", ("PROTEST", "riot", "crowd", None)),
    ("A mob lynched a suspected thief in Kano.", ("ASSAULT", None, "crowd", None)),
    ("Teachers went on strike in Accra.", ("PROTEST", "strike", None, None)),
    ("A curfew followed the strike by peasants in Tingo.", ("PROTEST", "strike", "civilians",
                                                             None)),   # labour, not an attack
])
def test_senses_riots_and_protests(nlp, text, expected):
    assert expected in _typed(nlp, text)


def test_senses_rebels_burning_houses_is_violence_not_a_riot(nlp):
    assert _typed(nlp, "Rebels burned houses in the village.") == {
        ("ASSAULT", "destroy", "armed_group", None)}


@pytest.mark.parametrize("text, source", [
    ("He was killed by a Taliban attack.", "Taliban"),
    ("Officials blamed Boko Haram for the attack.", "Boko Haram"),
    ("Police blamed the bombing on al-Shabaab.", "al-Shabaab"),
    ("Al-Shabaab claimed responsibility for the bombing in Mogadishu.", "al-Shabaab"),
    ("The Taliban launched attacks on checkpoints in Helmand.", "Taliban"),
    ("Militants linked to al-Shabaab attacked the base in Lamu.", "al-Shabaab"),   # a member
])
def test_senses_attackers(nlp, text, source):
    found = [e for e in _events(nlp, text) if e.event_type == "ASSAULT"]
    assert [e.source.name for e in found if e.source] == [source]
    assert all(e.target is None or e.target.name != source for e in found)


@pytest.mark.parametrize("text, expected", [
    ("Troops arrived in Goma on Monday.", ("MOBILIZE", "troops", "military", None)),
    ("Soldiers set up checkpoints around the town.", ("MOBILIZE", "troops", "military", None)),
    ("Kenyan police patrolled the streets of Nairobi.", ("MOBILIZE", "police", "police", None)),
    ("Fifty rebels surrendered to the army.", ("RETREAT", "disarm", "armed_group", "military")),
    ("Rebels took control of the town of Bunia.", ("ASSAULT", None, "armed_group", None)),
    ("M23 rebels captured Bunia on Sunday.", ("ASSAULT", None, "armed_group", None)),
    ("Police captured the suspect.", ("COERCE", "arrest", "police", None)),
])
def test_senses_strategic_developments(nlp, text, expected):
    assert expected in _typed(nlp, text)


def test_senses_guests_arriving_move_no_forces(nlp):
    assert _events(nlp, "The guests arrived in Paris.") == []


def test_senses_an_army_is_no_place(nlp):
    (event,) = _events(nlp, "Fifty rebels surrendered to the army.")
    assert event.place is None


def test_senses_a_strike_by_jets_is_still_an_attack(nlp):
    assert ("ASSAULT", None, "state", None) in _typed(nlp, "Israeli jets struck targets in Gaza.")


@pytest.mark.parametrize("text", [
    "Asked about the talks, the minister said nothing had been agreed.",
    "Her brother went to the police station in Kano to ask about her whereabouts.",
    "She asked whether the army would withdraw from Kidal.",
])
def test_senses_a_question_is_no_request(nlp, text):
    assert not any(t == "REQUEST" for t, _ in _readings(nlp, text)), text


@pytest.mark.parametrize("text", [
    "Kenya asked the United Nations for more aid.",
    "The mayor of Goma asked residents to stay indoors.",
])
def test_senses_a_request_stays_a_request(nlp, text):
    assert ("REQUEST", "asserted") in _readings(nlp, text), text
