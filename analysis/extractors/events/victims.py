"""Casualties an event trigger names one by one: "murdered the mayor and his driver" (two
killed), "shot the mayor" (one wounded), "stabbed to death" (killed).

Victims that come with a number ("killed 18 people") are the numbers frame's; these are the ones
a count would miss.
"""
from __future__ import annotations

from spacy.tokens import Token

from analysis.extractors.events.actors import child_with, is_nominal, prep_objects
from analysis.extractors.events.arguments import object_of
from analysis.extractors.events.triggers import support_verbs

PEOPLE_LABELS = {"", "PERSON", "NORP"}   # entity labels a victim's head word may carry


def victim_of(head: Token) -> Token | None:
    """Return the noun phrase naming whom a harming trigger hits ("killed the mayor", "the
    murder of the mayor", "Romero's assassination")."""
    if is_nominal(head):
        return next((o for _, o in prep_objects(head, {"of"})), None) or child_with(head, {"poss"})
    return object_of(head)


def named_victims(head: Token) -> int | None:
    """Return how many people a killing or wounding trigger names one by one ("murdered the
    mayor and his driver" gives 2); None when the victims come with a number or as a plural
    ("killed 18 people", "killed civilians"): the numbers frame counts those."""
    patient = victim_of(head)
    if patient is None or patient.ent_type_ not in PEOPLE_LABELS:   # a place is nobody
        return None
    count = 0
    for tok in [patient, *patient.conjuncts]:
        numbered = tok.pos_ == "NUM" or any(c.dep_ == "nummod" for c in tok.children)
        if numbered or tok.tag_ not in ("NN", "NNP", "PRP") or tok.lower_ in ("it", "its"):
            return None
        count += 1
    return count or None


def is_fatal(head: Token) -> bool:
    """Return True when a harming trigger says its victims died ("stabbed to death", "shot
    dead")."""
    fatal = support_verbs().get("fatal", frozenset())
    for child in head.children:
        if child.lower_ in fatal or (child.dep_ == "prep" and any(
                o.lemma_.lower() in fatal for o in child.children)):
            return True
    return False
