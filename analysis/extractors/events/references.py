"""Back references: "the meeting", "this attack", "Leiva's proposal" once more, where a report
names again an event it has already told. They are no new occurrence, and coded as one they
count a meeting four times (and, said as "participate in the OAS meeting", call a planned
meeting held).

A nominal trigger is a back reference when it is definite (a ``reference`` determiner of
``event_support_verbs.csv``, "the", "this", "same", or an owner: "Leiva's proposal"), an earlier
trigger of the report has its type and its lemma, and it adds nothing to that event: no source,
target, place or date that differs, no toll and no figure of its own.

A harming participle that describes its victims ("wounded rebels who fled after a clash") is
their state in the violent event of its sentence, not an event of its own, when that sentence
holds one and the participle has no figure of its own.
"""
from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc, Token

from analysis.extractors.events.actors import is_nominal
from analysis.extractors.events.triggers import support_verbs

COMPARED = ("source_id", "target_id", "place", "date")   # the columns a reference may leave out


def _definite(head: Token) -> bool:
    words = support_verbs().get("reference", frozenset())
    return any(c.dep_ == "poss" or c.dep_ in ("det", "amod") and c.lower_ in words
               for c in head.children if c.i < head.i)


def _adds_nothing(row: dict, earlier: dict) -> bool:
    return all(row[col] is None or row[col] == earlier[col] for col in COMPARED)


def _victim_state(head: Token) -> bool:
    return head.tag_ == "VBN" and head.dep_ == "amod" and head.head.pos_ in ("NOUN", "PROPN")


def restated(doc: Doc, evs: Sequence, rows: Sequence[dict], linked: set[str]) -> set[int]:
    """Return the indices of the events (``(event_id, Event)`` pairs, with their frame rows)
    that are back references or victim states (see the module's text). ``linked``: the ids of
    the events a figure belongs to, which always stay."""
    out = back_references(doc, evs, rows, linked)
    violent = {(doc[e.token_i].sent.start, e.token_i) for _, e in evs if e.event_type == "ASSAULT"}
    for k, ((eid, e), row) in enumerate(zip(evs, rows)):
        head = doc[e.token_i]
        if e.event_type == "ASSAULT" and _victim_state(head) and eid not in linked \
                and row.get("killed") is None and row.get("wounded") is None and any(
                    start == head.sent.start and i != head.i for start, i in violent):
            out.add(k)
    return out


def back_references(doc: Doc, evs: Sequence, rows: Sequence[dict], linked: set[str]) -> set[int]:
    """Return the indices of the events (``(event_id, Event)`` pairs, with their frame rows)
    that only name an earlier event of the report again. ``linked``: the ids of the events a
    figure belongs to, which always stay."""
    told: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    out = set()
    for k, ((eid, e), row) in enumerate(zip(evs, rows)):
        head = doc[e.token_i]
        key = (e.event_type, head.lemma_.lower())
        earlier = [r for i, r in told.get(key, ()) if i != e.token_i]   # not its own pair rows
        if earlier and eid not in linked and row.get("killed") is None \
                and row.get("wounded") is None and is_nominal(head) and _definite(head) \
                and any(_adds_nothing(row, r) for r in earlier):
            out.add(k)
            continue
        told.setdefault(key, []).append((e.token_i, row))
    return out
