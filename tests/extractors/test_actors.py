"""Tests of analysis.extractors.actors: mentions, places, titles and surnames."""
from __future__ import annotations

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places


def _names(nlp, text):
    return [m.name for m in mentions(nlp(text), load_gazetteer())]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. sent ships.", ["United States"]),
    ("Americans were told to leave.", ["United States"]),
    ("The Pentagon said it would help.", ["Pentagon"]),
    ("Israeli officials met Lebanese envoys.", ["Israel", "Lebanon"]),
    ("Hezbollah fired rockets at Israel.", ["Hezbollah", "Israel"]),
])
def test_actors_gazetteer_aliases(nlp, text, expected):
    assert _names(nlp, text) == expected


@pytest.mark.parametrize("text, place", [
    ("Troops arrived in the Middle East on Monday.", "Middle East"),
    ("Shells hit the southern village of Qasrin overnight.", "Qasrin"),
    ("The convoy left Norfolk, Virginia, for Europe.", "Norfolk"),
])
def test_actors_places_are_not_actors(nlp, text, place):
    doc = nlp(text)
    gaz = load_gazetteer()
    assert place in [p.name for p in places(doc, gaz)]
    assert place not in [m.name for m in mentions(doc, gaz)]


def test_actors_titles_are_split_off(nlp):
    doc = nlp("Pentagon spokesman Maj. Gen. Pat Ryder said the troops would leave.")
    [person] = [m for m in mentions(doc, load_gazetteer()) if m.kind == "person"]
    assert person.name == "Pat Ryder"
    assert set(person.titles) == {"spokesman", "Maj. Gen."}


def test_actors_surname_resolves_to_full_name(nlp):
    doc = nlp("President Joe Biden spoke on Monday. Later, Biden met the envoy.")
    assert [m.name for m in mentions(doc, load_gazetteer()) if m.kind == "person"] == [
        "Joe Biden", "Joe Biden"]


def _mentions(nlp, text, **kw):
    return list(mentions(nlp(text), load_gazetteer(), **kw))


@pytest.mark.parametrize("text, name, country", [
    ("The aircraft carrier USS Harry S. Truman left port.", "USS Harry S. Truman", "USA"),
    ("The frigate HMS Lancaster sailed south.", "HMS Lancaster", "GBR"),
    ("It will join the Abraham Lincoln Carrier Strike Group and raise the U.S. presence.",
     "Abraham Lincoln Carrier Strike Group", "USA"),
    ("Russia said the 27th Guards Battalion had pulled back.", "27th Guards Battalion", "RUS"),
])
def test_actors_ships_and_units_are_military(nlp, text, name, country):
    [unit] = [m for m in _mentions(nlp, text) if m.kind == "military"]
    assert (unit.name, unit.country) == (name, country)


def test_actors_unit_named_by_type_alone_is_the_unit_named_before(nlp):
    found = _mentions(nlp, "The carrier USS Harry S. Truman left Norfolk. If fighting spreads, "
                           "the Carrier Strike Group could redeploy.")
    assert {m.name for m in found if m.kind == "military"} == {"USS Harry S. Truman"}


@pytest.mark.parametrize("text, person, affiliation, country", [
    ("Pentagon spokesman Maj. Gen. Pat Ryder spoke.", "Pat Ryder", "Pentagon", "USA"),
    ("Israeli Prime Minister Avi Dorner spoke.", "Avi Dorner", "Israel", "ISR"),
    ("Kalev Rebane, Estonia's defence minister, said the plan was sound.", "Kalev Rebane",
     "Estonia", "EST"),
])
def test_actors_person_takes_the_state_of_their_title(nlp, text, person, affiliation, country):
    [m] = [m for m in _mentions(nlp, text) if m.kind == "person"]
    assert (m.name, m.affiliation, m.country) == (person, affiliation, country)


def test_actors_possessive_apposition_resolves_to_the_head(nlp):
    found = _mentions(nlp, "Israel fought Lebanon's Iran-backed militant group Hezbollah.")
    hezbollah = [m for m in found if m.name == "Hezbollah"]
    assert hezbollah and hezbollah[0].country == "LBN"


def test_actors_administration_is_the_persons_state(nlp, tmp_path):
    user = tmp_path / "people.csv"
    user.write_text("name,kind,country,aliases,affiliation\n"
                    "Dana Whitlock,person,USA,,United States\n", encoding="utf-8")
    doc = nlp("President Dana Whitlock spoke. Whitlock administration officials were worried.")
    found = list(mentions(doc, load_gazetteer(str(user))))
    assert [m.name for m in found] == ["Dana Whitlock", "United States", "Dana Whitlock"]
    assert found[1].text == "Whitlock administration"


@pytest.mark.parametrize("text, absent", [
    ("KAMPALA (Savanna Post) - Uganda sent troops.", "KAMPALA"),
    ("Smoke rises from the site of the strike.", "Smoke"),
    ("The Army said nothing.", "Army"),
    ("Rain fell on Tapa overnight.", "Tapa"),
])
def test_actors_noise_and_places_are_dropped(nlp, text, absent):
    assert absent not in [m.text for m in _mentions(nlp, text)]


def test_actors_organisation_named_as_the_reports_source_is_media(nlp):
    [m] = _mentions(nlp, "Harbor Review reporters saw the ships.", source="Harbor Review")
    assert m.kind == "media"


@pytest.mark.parametrize("text, credited", [
    ("Israel struck Gaza. Mosheh Gains and Dan De Luce contributed.", {"Mosheh Gains", "Dan De Luce"}),
    ("Israel struck Gaza.\nReporting by Salma Idrissi; editing by Tom Harlow", {"Salma Idrissi",
                                                                               "Tom Harlow"}),
    ("Smoke rises over the village on Monday.\nAhmad Saleh/AFP – Getty Images", {
        "Ahmad Saleh", "Agence France-Presse", "Getty Images"}),
])
def test_actors_bylines_and_photo_credits_are_credits(nlp, text, credited):
    found = _mentions(nlp, text)
    assert {m.name for m in found if m.role == "credit"} == credited
    assert all(m.role == "participant" for m in found if m.name not in credited)


@pytest.mark.parametrize("text, state", [
    ("Moscow said it would respond.", "Russia"),
    ("Iran accused Washington of piracy.", "United States"),
    ("Kinshasa and UN experts accuse Rwanda of backing M23.", "Democratic Republic of the Congo"),
    ("A new round of talks between Kinshasa and the rebels may begin.",
     "Democratic Republic of the Congo"),
    ("Pyongyang fired two shells.", "North Korea"),
    ("Officials in Moscow said the talks would resume.", "Russia"),
])
def test_actors_capital_that_acts_names_its_state(nlp, text, state):
    found = [m for m in _mentions(nlp, text) if m.origin == "capital"]
    assert [m.name for m in found] == [state]
    gaz = load_gazetteer()
    assert not [p for p in places(nlp(text), gaz) if p.name in (found[0].text, "Washington, D.C.")]


@pytest.mark.parametrize("text", [
    "A bomb exploded in Moscow.",
    "The bodies were brought to Bogota.",
    "A bomb hit Bogota's urban center.",
    "Power was cut between Copiapo and Santiago.",
    "Delegates met in Kinshasa.",
])
def test_actors_capital_as_a_place_stays_a_place(nlp, text):
    assert not [m for m in _mentions(nlp, text) if m.origin == "capital"]
    assert list(places(nlp(text), load_gazetteer()))


@pytest.mark.parametrize("text, name", [
    ("The FMLN attacked the base on Monday. The rebels then burned two trucks.",
     "Farabundo Marti National Liberation Front"),
    ("Gunmen attacked the base. The rebels then burned two trucks.", "Rebels"),   # no group
    ("The FMLN attacked the base. Rebels elsewhere burned two trucks.", "Rebels"),  # not "the"
    ("The FMLN met in May. Talks failed. Prices rose. Rain fell. Roads closed. Later the "
     "rebels burned a truck.", "Rebels"),                                   # too far back
])
def test_actors_the_rebels_are_the_group_named_before(nlp, text, name):
    found = [m for m in mentions(nlp(text), load_gazetteer()) if m.label == "GENERIC"]
    assert found[-1].name == name


def test_actors_a_group_spelled_out_keeps_its_fighters(nlp):
    text = "EPL [Popular Liberation Army] guerrillas blew up a bridge."
    found = [m for m in mentions(nlp(text), load_gazetteer()) if m.label == "GENERIC"]
    assert [m.name for m in found] == ["Popular Liberation Army"]
