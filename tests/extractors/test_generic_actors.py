"""Tests of analysis.extractors.generic_actors: unnamed actors, typed and named, beside the named
ones that analysis.extractors.actors finds. Every sentence is written for these tests."""
from __future__ import annotations

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.generic_actors import generic_words


def _generic(nlp, text, **kw):
    return [m for m in mentions(nlp(text), load_gazetteer(), **kw) if m.origin == "generic"]


def _found(nlp, text, **kw):
    return [(m.text, m.name, m.kind, m.country) for m in _generic(nlp, text, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("Gunmen killed 11 villagers near the market on Sunday.",
     [("Gunmen", "Unidentified Armed Group", "unidentified", None),
      ("villagers", "Civilians", "civilians", None)]),
    ("Unknown gunmen shot two traders at dawn.",
     [("Unknown gunmen", "Unidentified Armed Group", "unidentified", None)]),
    ("Armed men stormed the clinic and unidentified attackers burned a truck.",
     [("Armed men", "Unidentified Armed Group", "unidentified", None),
      ("unidentified attackers", "Unidentified Armed Group", "unidentified", None)]),
    ("Insurgents ambushed a convoy while rebels held the pass.",
     [("Insurgents", "Rebels", "armed_group", None), ("rebels", "Rebels", "armed_group", None)]),
    ("Bandits raided the farms and residents fled.",
     [("Bandits", "Unidentified Armed Group", "unidentified", None),
      ("residents", "Civilians", "civilians", None)]),
    ("Protesters and rioters clashed as students watched.",
     [("Protesters", "Protesters", "crowd", None), ("rioters", "Rioters", "crowd", None),
      ("students", "Students", "crowd", None)]),
    ("Militiamen looted the depot.", [("Militiamen", "Militia", "militia", None)]),
])
def test_generic_actors_head_nouns_name_typed_actors(nlp, text, expected):
    assert _found(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kenyan police arrested a driver.", ("police", "Police Forces of Kenya", "police", "KEN")),
    ("Police in Kenya arrested a driver.", ("Police", "Police Forces of Kenya", "police", "KEN")),
    ("Nigeria's army said the road was open.", ("army", "Nigerian Army", "military", "NGA")),
    ("Somali troops entered the town.", ("troops", "Somali National Army", "military", "SOM")),
    ("The Syrian regime forces shelled the hills.",
     ("regime forces", "Syrian Arab Army", "military", "SYR")),
    ("Militants attacked Kismayo residents at night.",
     ("Kismayo residents", "Civilians (Somalia)", "civilians", "SOM")),
])
def test_generic_actors_country_from_the_phrase(nlp, text, expected):
    assert expected in _found(nlp, text)


def test_generic_actors_state_keeps_its_modifier(nlp):
    found = list(mentions(nlp("Kenyan police arrested a driver."), load_gazetteer()))
    assert [(m.text, m.name, m.origin) for m in found] == [
        ("Kenyan", "Kenya", "gazetteer"), ("police", "Police Forces of Kenya", "generic")]
    assert found[1].label == "GENERIC" and found[1].affiliation == "Kenya"


def test_generic_actors_gazetteer_alias_stays_the_named_force(nlp):
    # "Israeli troops" is an alias of the Israel Defense Forces: no overlapping generic mention,
    # and "Israeli soldiers", which is not, names the same force
    found = list(mentions(nlp("Israeli troops and Israeli soldiers entered the camp."),
                          load_gazetteer()))
    assert [(m.text, m.name, m.origin) for m in found] == [
        ("Israeli troops", "Israel Defense Forces", "gazetteer"),
        ("Israeli", "Israel", "gazetteer"),
        ("soldiers", "Israel Defense Forces", "generic")]


@pytest.mark.parametrize("text, country, expected", [
    ("Gunmen killed three farmers.", "NGA", ("Gunmen", "Unidentified Armed Group (Nigeria)")),
    ("Police fired tear gas at protesters.", "KEN", ("Police", "Police Forces of Kenya")),
    ("Police fired tear gas at protesters.", "KEN", ("protesters", "Protesters (Kenya)")),
    ("Police fired tear gas at protesters.", None, ("Police", "Police Forces")),
    ("Kenyan soldiers crossed the river.", "SOM", ("soldiers", "Kenya Defence Forces")),
])
def test_generic_actors_default_country(nlp, text, country, expected):
    assert expected in [(t, n) for t, n, _, _ in _found(nlp, text, default_country=country)]


def test_generic_actors_force_takes_the_state_of_its_context(nlp):
    text = "Kenya said it would send more troops. It did not say how many soldiers would go."
    assert [n for _, n, _, _ in _found(nlp, text)] == ["Kenya Defence Forces"] * 2


def test_generic_actors_civilians_do_not_take_a_state_from_context(nlp):
    assert _found(nlp, "Kenya said villagers had fled.") == [
        ("villagers", "Civilians", "civilians", None)]


@pytest.mark.parametrize("text", [
    "Officers raided the police station at dawn.",
    "The police chief resigned.",
    "The troop withdrawal starts today.",
    "Workers repaired the army base.",
    "Rebel MPs voted against the budget.",
    "Two loan officers lost their jobs.",
])
def test_generic_actors_skip_modifiers_of_other_nouns(nlp, text):
    assert _generic(nlp, text) == []


@pytest.mark.parametrize("text, named", [
    ("Taliban gunmen attacked a checkpoint.", "Taliban"),
    ("Al-Shabaab militants seized the village.", "al-Shabaab"),
    ("Hamas-linked fighters fired rockets.", "Hamas"),
    ("Suspected Boko Haram militants burned the school.", "Boko Haram"),
    ("Fighters of al-Shabaab seized the village.", "al-Shabaab"),
])
def test_generic_actors_named_actor_stands_for_the_phrase(nlp, text, named):
    found = list(mentions(nlp(text), load_gazetteer()))
    assert [m.origin for m in found if m.origin == "generic"] == []
    assert named in [m.name for m in found]


@pytest.mark.parametrize("text, expected", [
    ("Militiamen from the Habar Gidir clan clashed with farmers.",
     ("Militiamen", "Habar Gidir Clan Militia (Somalia)")),
    ("The fighting pitted Abgaal clan militia against the army.",
     ("Abgaal clan militia", "Abgaal Clan Militia (Somalia)")),
    ("They said the ethnic Hutu militia had left.",
     ("ethnic Hutu militia", "Hutu Ethnic Militia (Somalia)")),
    ("The Marehan militia took the wells.", ("Marehan militia", "Marehan Militia (Somalia)")),
    ("A Somali militia took the wells.", ("militia", "Militia (Somalia)")),
])
def test_generic_actors_clan_and_ethnic_militias(nlp, text, expected):
    found = _found(nlp, text, default_country="SOM")
    assert expected in [(t, n) for t, n, _, _ in found]
    assert all(k == "militia" for t, _, k, _ in found if t == expected[0])


def test_generic_actors_known_militia_is_the_gazetteer_actor(nlp):
    found = list(mentions(nlp("The Fano militia withdrew from the town."), load_gazetteer()))
    assert [(m.name, m.origin) for m in found] == [("Fano", "gazetteer")]


@pytest.mark.parametrize("text, expected", [
    ("Police arrested two suspected militants.", ("suspected militants", "armed_group")),
    ("Suspected gunmen fled on motorbikes.", ("Suspected gunmen", "unidentified")),
    ("Jihadist-linked gunmen burned the market.", ("Jihadist-linked gunmen", "unidentified")),
])
def test_generic_actors_suspected_and_linked_keep_the_kind(nlp, text, expected):
    found = [(t, k) for t, _, k, _ in _found(nlp, text)]
    assert expected in found
    assert not any(t.lower() == "jihadist" for t, _ in found)


def test_generic_actors_pronouns_are_not_resolved(nlp):
    assert _generic(nlp, "Gunmen arrived. They burned the houses and they left.") == \
        _generic(nlp, "Gunmen arrived.")
    assert [m.text for m in _generic(nlp, "They burned the houses.")] == []


@pytest.mark.parametrize("text", [
    "He brought an army of fans to the final.",
    "Analysts said market forces would set the price.",
    "The forces of the market are hard to resist.",
    "The new forces joined the parade.",
    "The two fighters weighed in before the bout.",
    "UFC fighters signed new contracts.",
    "Tory rebels voted against the bill.",
    "The rebels voted against the budget in parliament.",
    "Their attackers scored twice before half time.",
    "The task force will report in May.",
    "The firm relies on an army of consultants.",
])
def test_generic_actors_non_violent_senses(nlp, text):
    assert _generic(nlp, text) == []


@pytest.mark.parametrize("text, expected", [
    ("Security forces dispersed the crowd.", ("Security forces", "military")),
    ("Government forces retook the town.", ("Government forces", "military")),
    ("Pro-government forces shelled the village.", ("Pro-government forces", "militia")),
    ("Somali forces retook the town.", ("forces", "military")),
    ("Rebel fighters shelled the airport.", ("Rebel fighters", "armed_group")),
    ("A force of 500 soldiers arrived.", ("soldiers", "military")),
    ("Police officers detained the men.", ("Police officers", "police")),
])
def test_generic_actors_forces_need_a_qualifier(nlp, text, expected):
    assert expected in [(t, k) for t, _, k, _ in _found(nlp, text)]


def test_generic_actors_officers_alone_are_no_actor(nlp):
    # "officers" may be police, military or company officers: only a qualifier makes it one
    assert _found(nlp, "Officers detained the men.") == []
    assert [k for _, _, k, _ in _found(nlp, "Army officers detained the men.")] == ["military"]


def test_generic_actors_mentions_do_not_overlap_and_keep_text_order(nlp):
    doc = nlp("Hezbollah fighters and Israeli troops clashed as Lebanese soldiers and "
              "civilians fled, while police in Lebanon closed the roads.")
    found = list(mentions(doc, load_gazetteer()))
    assert [m.start for m in found] == sorted(m.start for m in found)
    tokens = [i for m in found for i in range(m.tok_start, m.tok_end)]
    assert len(tokens) == len(set(tokens))
    assert all(doc.text[m.start:m.end] == m.text for m in found)


def test_generic_actors_table_is_data():
    table = generic_words()
    assert table.single["gunmen"].kind == "unidentified"
    assert table.single["forces"].needs_qualifier
    assert table.double["forces"]["market"].kind is None
    assert "{country}" in table.single["police"].name


@pytest.mark.parametrize("text, name, kind, country", [
    ("KDF soldiers patrolled the border.", "Kenya Defence Forces", "military", "KEN"),
    ("Puntland forces retook the port.", "Puntland Dervish Force", "military", "SOM"),
    ("Somaliland troops moved east.", "Somaliland Armed Forces", "military", "SOM"),
    ("The UPDF said the road was safe.", "Uganda People's Defence Forces", "military", "UGA"),
    ("Israeli police closed the road.", "Israel Police", "police", "ISR"),
    ("Afghan police manned the checkpoint.", "Afghan National Police", "police", "AFG"),
])
def test_generic_actors_gazetteer_forces(nlp, text, name, kind, country):
    found = list(mentions(nlp(text), load_gazetteer()))
    assert (name, kind, country) in [(m.name, m.kind, m.country) for m in found]
    assert [m for m in found if m.origin == "generic"] == []


def test_generic_actors_table_kinds_are_checked(tmp_path, monkeypatch):
    from analysis.errors import WorkbookError
    from analysis.extractors import generic_actors

    bad = tmp_path / "generic_actors.csv"
    bad.write_text("words,kind,name,group_name,needs,not_with\n"
                   "gunmen,bandit,Gunmen ({country}),,,\n", encoding="utf-8")
    monkeypatch.setattr(generic_actors, "bundled", lambda name: tmp_path / name)
    generic_actors.generic_words.cache_clear()
    try:
        with pytest.raises(WorkbookError, match="unknown kind 'bandit'"):
            generic_actors.generic_words()
    finally:
        monkeypatch.undo()
        generic_actors.generic_words.cache_clear()


@pytest.mark.parametrize("text, expected", [
    ("Unidentified individuals attacked the office.",
     [("Unidentified individuals", "Unidentified Armed Group", "unidentified", None)]),
    ("Four masked individuals shot the judge.",
     [("masked individuals", "Unidentified Armed Group", "unidentified", None)]),   # no count
    ("Subversives blew up a tower.", [("Subversives", "Rebels", "armed_group", None)]),
    ("The individuals in the queue waited.", []),        # individuals alone are nobody
])
def test_generic_actors_unnamed_attackers(nlp, text, expected):
    assert _found(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a modifier of a violent or coercive event noun names its doer
    ("Three terrorist attacks hit Mopti on Friday.",
     [("terrorist", "Militants", "armed_group", None)]),
    ("A police raid in Kisumu found rifles.", [("police", "Police Forces", "police", None)]),
    # victims are no doers, and a kind of thing is no actor
    ("Civilian deaths rose in Mopti.", []),
    ("The terrorist threat level was raised.", []),
])
def test_generic_actors_doers_named_by_an_event_modifier(nlp, text, expected):
    assert _found(nlp, text) == expected


@pytest.mark.parametrize("text, group", [
    ('Villagers were killed by a gang "possibly belonging to the Lord\'s Resistance Army."',
     "Lord's Resistance Army"),
    ("Insurgents apparently linked to Boko Haram burned the school.", "Boko Haram"),
])
def test_generic_actors_that_say_whose_they_are_are_that_group(nlp, text, group):
    found = [m for m in mentions(nlp(text), load_gazetteer()) if m.text.lower() in (
        "gang", "insurgents")]
    assert [m.name for m in found] == [group]
