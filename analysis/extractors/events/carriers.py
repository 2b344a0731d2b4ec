"""Which trigger carries which event, and the casualties summed on it.

Several triggers of a sentence often tell one incident: a nominal trigger inside a verbal one of
the same type ("killed five in an ambush"), a verb whose subject is an event ("the blast
killed"), a weak trigger restating a stronger one of its clause ("escalated its strikes,
killing 500"), a coordinated verb with no actor ("two were killed and four wounded"). The coder
gives events only for the triggers that carry their own; the people named one by one as killed
or wounded are summed on the carrying trigger.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from analysis.extractors.events.actors import Context, is_nominal
from analysis.extractors.events.arguments import governor, roles
from analysis.extractors.events.triggers import Trigger
from analysis.extractors.events.victims import is_fatal, named_victims, patient_of
from analysis.extractors.modality import modality

CLAUSE_STOP = {"ccomp", "relcl", "parataxis"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


def absorbed(head: Token, event_type: str, verbal: dict[int, str]) -> int | None:
    """Return the verbal trigger (same type) a nominal trigger restates, as its token index."""
    if not is_nominal(head) or head.dep_ not in ("pobj", "dobj", "conj"):
        return None
    verb = governor(head)
    return verb.i if verbal.get(verb.i) == event_type and verb != head else None


def clause_ancestors(tok: Token) -> list[Token]:
    """Return the words a token hangs on within its clause: up to a clause of its own (a
    complement, a relative clause, or a coordinated verb with its own subject)."""
    out = []
    while tok.head != tok and tok.dep_ not in CLAUSE_STOP and not (
            tok.dep_ == "conj" and any(c.dep_ in SUBJECTS for c in tok.children)):
        tok = tok.head
        out.append(tok)
    return out


def _has_actors(head: Token, ctx: Context) -> bool:
    found = roles(head, ctx)
    return bool(found.sources or found.targets)


def _restates(head: Token, event_type: str, others: list[tuple[Token, str, bool]],
              sentence: range, actorless=lambda: False) -> int | None:
    """Return the trigger of the same type in a weak trigger's clause (its ``sentence``, token
    indices) that carries its event ("escalated its air strikes, killing 500"), as its index.
    A coordinated verb of the same type carries a weak trigger that names no actor ("two were
    killed and four were wounded in an FMLN attack": one incident), and so does a verb whose
    object a weak trigger's relative clause tells more of ("shot the aggressor, who died")."""
    ancestors = {t.i for t in clause_ancestors(head)}
    for other, other_type, weak in others:
        if other_type != event_type or other.i == head.i or other.i not in sentence:
            continue
        if other.i in ancestors or governor(other).i in ancestors or (
                not weak and head in clause_ancestors(other)):
            return other.i
        if ((other.dep_ == "conj" and other.head == head) or (
                head.dep_ == "conj" and head.head == other)) and actorless():
            return other.i
        if head.dep_ == "relcl" and head.head.head == other and actorless():
            return other.i              # "shot the aggressor, who died": one incident
    return None


def _reaches(i: int, target: int, carried: dict[int, int | None]) -> bool:
    """Return True when the chain of carriers from trigger ``i`` reaches ``target``."""
    for _ in range(len(carried)):
        i = carried.get(i)
        if i is None:
            return False
        if i == target:
            return True
    return False


def _event_subject(head: Token, spans: dict[int, Span]) -> int | None:
    """Return the trigger that is a verbal trigger's subject or agent ("the strikes killed",
    "threatened by fighting"): the verb tells that event's effect, not a new event."""
    if is_nominal(head):
        return None
    for child in head.children:
        words = [child] if child.dep_ in ("nsubj", "csubj") else [
            g for g in child.children if g.dep_ in ("pobj", "pcomp")
        ] if child.dep_ == "agent" else []
        for word in words:
            if word.i in spans:
                return word.i
    return None


def carriers(chosen: list[tuple[Span, Trigger, Token | None]], sents,
              ctx: Context) -> dict[int, int | None]:
    """Map each trigger head to the trigger that carries its event (None: it carries its own).

    A nominal trigger inside a verbal one of the same type is carried by it ("killed five in an
    ambush"); a verb whose subject is an event tells that event's effect ("the blast killed");
    a weak trigger that restates another of its clause is carried by that one.
    """
    others = [(span.root, trig.event_type, trig.weak) for span, trig, _ in chosen]
    verbal = {span.root.i: trig.event_type for span, trig, _ in chosen
              if not is_nominal(span.root)}
    heads = {span.root.i: span for span, _, _ in chosen}
    carried = {span.root.i: absorbed(span.root, trig.event_type, verbal)
               for span, trig, _ in chosen}
    for span, trig, _ in chosen:
        head = span.root
        if carried[head.i] is None:
            subject = _event_subject(head, heads)   # unless only the verb names who or whom:
            if subject is not None and (not _has_actors(heads[subject].root, ctx)
                                        and _has_actors(head, ctx)):
                subject = None                      # "X was wounded by a gunshot"
            if subject is not None and carried.get(subject) == head.i:
                subject = None                      # "killed by a Taliban attack": one event
            carried[head.i] = subject
        if carried[head.i] is None and trig.weak:
            mine = [o for o in others if not _reaches(o[0].i, head.i, carried)]  # no cycles
            carried[head.i] = _restates(head, trig.event_type, mine, sents.of(head.i),
                                        actorless=lambda: not _has_actors(head, ctx))
    return carried


def carrier_of(i: int, carried: dict[int, int | None]) -> int:
    for _ in range(4):
        if carried.get(i) is None:
            break
        i = carried[i]
    return i


def tolls(chosen, carried: dict[int, int | None]) -> dict[int, dict[str, int]]:
    """Return the people named one by one as killed or wounded, summed on each carrying
    trigger ("an attack in which her husband was killed" gives the attack one killed); a
    pronoun beside a victim named on the same trigger is that victim again."""
    hits: dict[tuple[int, int], tuple[str, int]] = {}   # (carrier, victim) -> effect, count
    for span, trig, _ in chosen:
        head = span.root
        victims = named_victims(head) if trig.effect and modality(head) == "asserted" else None
        if victims:
            effect = "killed" if is_fatal(head) else trig.effect
            key = (carrier_of(head.i, carried), patient_of(head).i)
            if key not in hits or effect == "killed":   # "shot and killed X": X was killed
                hits[key] = (effect, victims)
    doc = chosen[0][0].doc if chosen else None
    named = {c for c, v in hits if doc[v].tag_ != "PRP"}
    tolls: dict[int, dict[str, int]] = {}
    for (carrier, victim), (effect, victims) in hits.items():
        if carrier in named and doc[victim].tag_ == "PRP":
            continue                    # "the mayor died after he was shot": one victim
        toll = tolls.setdefault(carrier, {})
        toll[effect] = toll.get(effect, 0) + victims
    return tolls
