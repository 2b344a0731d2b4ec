"""Casualties an event trigger names one by one: "murdered the mayor and his driver" (two
killed), "shot the mayor" (one wounded), "stabbed to death" (killed).

Victims that come with a number ("killed 18 people") are the numbers frame's; these are the ones
a count would miss.
"""
from __future__ import annotations

from spacy.tokens import Token

from analysis.extractors.events.actors import child_with, is_nominal, prep_objects
from analysis.extractors.events.arguments import object_of
from analysis.extractors.events.triggers import object_classes, support_verbs

PEOPLE_LABELS = {"", "PERSON", "NORP"}   # entity labels a victim's head word may carry


def victim_of(head: Token) -> Token | None:
    """Return the noun phrase naming whom a harming trigger hits ("killed the mayor", "the
    murder of the mayor", "Romero's assassination")."""
    if is_nominal(head):
        return next((o for _, o in prep_objects(head, {"of"})), None) or child_with(head, {"poss"})
    return object_of(head)


def patient_of(head: Token) -> Token | None:
    """Return whom a harming trigger hits: its victim, or the subject of a verb its subject
    undergoes ("five soldiers died"), or the victim of the verb it is coordinated with ("was
    shot and killed")."""
    if not is_nominal(head) and head.lemma_.lower() in support_verbs().get("undergo", ()):
        patient = child_with(head, {"nsubj"})
    else:
        patient = victim_of(head)
    if patient is not None and patient.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
        return head.head                # "the aggressor, who died", "X, who was killed"
    if patient is None and head.dep_ == "conj" and not is_nominal(head.head):
        return victim_of(head.head)     # "was shot and killed": the one shot
    return patient


def people_hit(head: Token) -> bool:
    """Return True when a harming trigger's victims are people of a kind ("killed 11
    villagers", "three civilians were killed", "five soldiers died"): an event even when no
    one is named as doing it. Kinds are the ``victim`` class of ``event_objects.csv``."""
    patient = patient_of(head)
    if patient is not None and patient.pos_ == "NUM" and patient.dep_ != "nummod":
        return True                     # "12 killed, 15 injured": a bare count of people
    if patient is None or patient.ent_type_ not in PEOPLE_LABELS:
        return False
    kinds = object_classes().get("victim", frozenset())
    return any(t.lemma_.lower() in kinds for t in [patient, *patient.conjuncts])


def named_victims(head: Token) -> int | None:
    """Return how many people a killing or wounding trigger names one by one ("murdered the
    mayor and his driver" gives 2, "the murder of X and other citizens" X alone); None when the
    victims come with a number or as a plural ("killed 18 people", "killed civilians"): the
    numbers frame counts those."""
    patient = patient_of(head)
    if patient is not None and patient.dep_ == "appos" and patient.tag_ == "NNS":
        patient = patient.head          # "X and Y, members of the front, who were killed"
    if patient is None or patient.ent_type_ not in PEOPLE_LABELS:   # a place is nobody
        return None
    count = 0
    for k, tok in enumerate([patient, *patient.conjuncts]):
        numbered = tok.pos_ == "NUM" or any(c.dep_ == "nummod" for c in tok.children)
        if numbered or tok.lower_ in ("it", "its", "they", "them", "their"):
            return None                 # a thing, or people uncounted
        if tok.tag_ not in ("NN", "NNP", "PRP"):
            if k == 0:
                return None
            continue                    # "the murder of X and other citizens": X at least
        count += 1
    return count or None


def named_beside_figures(head: Token) -> tuple[int, frozenset[int]]:
    """Return the people a harming trigger names one by one beside victims given with a number,
    and the counted nouns of those numbers ("a lieutenant and five civilians were injured": 1,
    {civilians}); (0, {}) when no victim has a number."""
    patient = patient_of(head)
    if patient is None or patient.ent_type_ not in PEOPLE_LABELS:
        return 0, frozenset()
    named, counted = 0, set()
    kinds = object_classes().get("victim", frozenset())
    for tok in [patient, *patient.conjuncts]:
        if tok.pos_ == "NUM" or any(c.dep_ == "nummod" for c in tok.children):
            counted.add(tok.i)
        elif tok.tag_ in ("NN", "NNP") and (tok.ent_type_ == "PERSON"
                                            or tok.lemma_.lower() in kinds):
            named += 1                  # a person, not "seven injured and property damage"
    return (named, frozenset(counted)) if counted else (0, frozenset())


def is_fatal(head: Token) -> bool:
    """Return True when a harming trigger says its victims died ("stabbed to death", "shot
    dead")."""
    fatal = support_verbs().get("fatal", frozenset())
    for child in head.children:
        if child.lower_ in fatal or (child.dep_ == "prep" and any(
                o.lemma_.lower() in fatal for o in child.children)):
            return True
    return False
