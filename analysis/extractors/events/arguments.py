"""The arguments of an event trigger in the dependency parse: who acts (source), on whom (target),
and what is moved or handed over (the theme, for triggers such as "send" that need one).

Source: the subject of a verbal trigger (or of the verb it depends on through "plans to",
"is scheduled to", "and", a participle; the object for "urged X to", "accused X of"), the passive
agent ("by"), the possessor or actor modifier of a nominal trigger ("Israel's strikes", "Israeli
artillery fire"), the subject of a light verb that carries a nominal trigger ("launched strikes",
"had discussions", "the sanctions the US imposed"), and whom the event is laid at ("attributed
to X", "X claimed responsibility for"). A part stands for its whole ("members of the FMLN", "a
gang belonging to the EPL"); pronouns ("its", "it", "they", "who") are resolved to the actor they
stand for. Target: the object, the subject of a passive, and phrases with on / against / with /
at / to ...; else the other party of an event or relation noun the object is ("condemned an
attack by X", "welcomed the resumption of ties with X"); "between X and Y" and "on each other"
make the event reciprocal. The word lists
(light and motion verbs, partitives, ...) are ``resources/event_support_verbs.csv``.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from spacy.tokens import Token

from analysis.extractors.actors import Mention
from analysis.extractors.events.actors import (
    ACTIVE_SUBJECT_DEPS,
    PARTITIVE_POS,
    RELATIVE,
    Context,
    actor_at,
    actors_of,
    child_with,
    is_nominal,
    prep_objects,
)
from analysis.extractors.events.triggers import support_verbs

OBJECT_DEPS = {"dobj", "dative", "obj"}
TARGET_PREPS = {"on", "against", "at", "with", "to", "upon", "toward", "towards", "into"}
SOURCE_PREPS = {"by", "from"}
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "throughout", "around"}
RECIPROCAL = {"each other", "one another"}
PARTNER_PREPS = {"with", "between", "among", "by"}   # the other party of an event or relation noun
class Roles(NamedTuple):
    """The arguments found for one trigger."""

    sources: list[Mention]
    targets: list[Mention]
    reciprocal: bool        # "on each other", "between X and Y": every ordered pair of sources
    theme: Token | None     # the object a trigger with an object class moves or hands over


def governor(token: Token) -> Token:
    """Return the verb a nominal depends on, through prepositions and coordination."""
    tok = token
    while tok.dep_ == "conj" and is_nominal(tok.head):
        tok = tok.head
    while tok.pos_ not in ("VERB", "AUX") and tok.head != tok:
        tok = tok.head
    return tok


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.pos_ == token.pos_:
        token = token.head
    return token


def is_passive(token: Token) -> bool:
    """Return True for a passive verb ("was attacked", "to be evacuated")."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def object_of(head: Token) -> Token | None:
    """Return the object (theme or patient) of a verbal trigger.

    The direct object; the subject of a passive; the noun a participle or relative clause
    modifies ("troops deployed in the region", "pagers that it supplied").
    """
    obj = child_with(head, OBJECT_DEPS)
    if obj is not None and obj.lower_ in RELATIVE and head.dep_ == "relcl":
        return head.head
    if obj is None:
        obj = _nearest(head, {"nsubjpass"})
    if obj is None and head.dep_ in ("acl", "amod") and head.tag_ == "VBN":
        obj = head.head                 # "troops deployed there", "the murdered scientist"
    if obj is None and head.tag_ == "VBN" and not any(c.dep_ == "aux" for c in head.children):
        subject = child_with(head, {"nsubj"})
        if subject is not None and subject.pos_ == "NUM":
            obj = subject               # a list of tolls: "12 killed, 15 injured"
    if (obj is None and head.dep_ == "relcl" and child_with(head, ACTIVE_SUBJECT_DEPS) is not None
            and child_with(head, {"prep", "ccomp", "xcomp"}) is None):
        obj = head.head                 # "the officers the EU sanctioned"
    if obj is None and head.dep_ == "xcomp" and is_passive(head):
        obj = child_with(head.head, ACTIVE_SUBJECT_DEPS | {"nsubjpass"})
    return obj


FORCE_KINDS = {"military", "armed_group", "police", "militia", "unidentified"}


def fits_class(token: Token | None, lemmas: frozenset[str], ctx: Context) -> bool:
    """Return True when a noun phrase (or one coordinated with it) is of an object class."""
    if token is None:
        return False
    for tok in [token, *token.conjuncts]:
        if tok.lemma_.lower() in lemmas or tok.lower_ in lemmas:
            return True
        if tok.pos_ in PARTITIVE_POS or tok.lemma_.lower() in support_verbs().get("partitive", ()):
            inner = [o for _, o in prep_objects(tok, {"of"})]
            if inner and fits_class(inner[0], lemmas, ctx):
                return True
        actor = actor_at(tok, ctx.by_token)
        if actor is not None and actor.kind in FORCE_KINDS and "troop" in lemmas:
            return True
        if "town" in lemmas and tok.ent_type_ in ("GPE", "LOC", "FAC") and actor is None:
            return True                 # "captured Bunia": a named place is territory
    return False


def _nearest(verb: Token, deps: set[str]) -> Token | None:
    """Return the subject nearest a verb (a dateline's place may be parsed as a second one)."""
    found = [c for c in verb.children if c.dep_ in deps]
    before = [c for c in found if c.i < verb.i]
    return before[-1] if before else (found[0] if found else None)


def _controller(verb: Token) -> Token | None:
    """Return the object that does what a verb's complement says ("urged Iran to withdraw",
    "accused the RSF of launching", "called on both sides to stop"), or None."""
    obj = child_with(verb, OBJECT_DEPS)
    if obj is not None and obj.lower_ not in RELATIVE:
        return obj
    phrasal = support_verbs().get("control", frozenset())
    for prep, obj in prep_objects(verb, {"on", "upon", "to", "with"}):
        if f"{verb.lemma_.lower()} {prep}" in phrasal:
            return obj
    return None


def _stray_agent(verb: Token) -> Token | None:
    """Return the object of a "by" the parse hung elsewhere after a passive verb, when only
    its place, time and punctuation stand between them ("were killed on Tuesday in X, Y
    Municipality, Z Department, by a gang", with "by" attached to a verb before)."""
    doc = verb.doc
    for tok in doc[verb.i + 1:verb.sent.end]:
        if tok.lower_ == "by" and tok.dep_ == "prep" and tok.head.i < verb.i:
            return child_with(tok, {"pobj"})
        if tok.pos_ in ("VERB", "AUX") and not tok.ent_type_ or tok.lower_ in (";", "and", "but"):
            return None
    return None


def _leading_participle(verb: Token) -> Token | None:
    """Return the subject of a participle the parse hangs before a verb that has none, when the
    two are one clause misread: "insurgents belonging to the ELN placed a bomb" parsed as
    "[insurgents belonging to the ELN] placed" with "insurgents" the participle's subject."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in ("VBG", "VBN") and child_with(
                c, {"mark"}) is None:
            subject = child_with(c, {"nsubj"})
            if subject is not None:
                return subject
    return None


def verbal_sources(head: Token, ctx: Context, *, depth: int = 0) -> list[Mention]:
    """Return the source actors of a verbal trigger (or of a verb a nominal trigger hangs on)."""
    tok = head
    passive = is_passive(head)
    for _ in range(6):
        deps = ACTIVE_SUBJECT_DEPS if tok == head else ACTIVE_SUBJECT_DEPS | {"nsubjpass"}
        subject = _nearest(tok, deps)
        if subject is not None:
            return actors_of(subject, ctx)
        agents = [o for c in tok.children if c.dep_ == "agent" for o in c.children
                  if o.dep_ == "pobj"]
        if agents:
            return actors_of(agents[0], ctx)
        if passive:                     # "need to be evacuated": the subject is the patient
            stray = _stray_agent(head) if tok == head else None
            return actors_of(stray, ctx) if stray is not None else []
        lead = _leading_participle(tok)
        if lead is not None:            # "insurgents belonging to the ELN placed a bomb"
            return actors_of(lead, ctx)
        if tok.dep_ == "advcl" and child_with(tok, {"mark"}) is not None:
            break                       # "if fighting escalates" has a subject of its own
        if tok.dep_ in ("xcomp", "pcomp") and tok.head != tok:
            upper = governor(tok.head) if tok.dep_ == "pcomp" else tok.head
            controller = _controller(upper)
            if controller is not None:      # "accused X of launching", "urged X to withdraw"
                return actors_of(controller, ctx)
            tok = upper
        elif tok.dep_ in ("conj", "advcl", "acomp") and tok.head != tok:
            tok = tok.head              # "is about to", "is ready to": the copula's subject
        elif tok.dep_ == "acl" and tok.tag_ == "VBG":
            return actors_of(tok.head, ctx)
        elif tok.dep_ == "acl" and is_nominal(tok.head):    # "its operation aimed at killing"
            owner = child_with(tok.head, {"poss"})
            return actors_of(owner, ctx) if owner is not None else []
        elif tok.dep_ in ("acl", "relcl") and tok.tag_ == "VB" and depth < 2:
            verb = governor(tok.head)            # "options to send": the chooser sends
            return verbal_sources(verb, ctx, depth=depth + 1) if verb != tok.head else []
        else:
            break
    return []


def nominal_sources(head: Token, ctx: Context, of_role: str | None) -> list[Mention]:
    """Return the source actors of a nominal trigger ("Israel's strikes", "strikes by Israel")."""
    for child in head.children:
        if child.dep_ == "poss":
            return actors_of(child, ctx)
    for child in head.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i in ctx.by_token:
            return [ctx.by_token[child.i]]
    roles = SOURCE_PREPS | ({"of"} if of_role == "source" else set())
    for _, obj in prep_objects(head, roles):
        actors = actors_of(obj, ctx)
        if actors:
            return actors
    return carried_sources(head, ctx) or perpetrators(head, ctx)


def perpetrators(head: Token, ctx: Context) -> list[Mention]:
    """Return who an event is laid at: "the attack, attributed to X", "blamed the bombing on X",
    "blamed X for the bombing", "X claimed responsibility for the attack"."""
    verbs = support_verbs()
    blaming = verbs.get("perpetrator", frozenset())
    first = _first_conjunct(head)
    clauses = [c for c in first.children if c.dep_ in ("relcl", "acl")
               and c.lemma_.lower() in blaming]
    if first.dep_ in OBJECT_DEPS | {"nsubjpass"} and first.head.lemma_.lower() in blaming:
        clauses.append(first.head)
    for verb in clauses:
        laid = prep_objects(verb, {"to", "on", "by"})
        if verb == first.head:                    # "blamed the bombing on X": on the noun
            laid += prep_objects(first, {"on"})
        for _, obj in laid:
            actors = actors_of(obj, ctx)
            if actors:
                return actors
    prep = first.head
    if first.dep_ == "pobj" and prep.lower_ == "for" and (
            prep.head.lemma_.lower() in verbs.get("responsibility", ())):
        return verbal_sources(governor(prep.head), ctx)
    owner = prep.head
    if (first.dep_ == "pobj" and prep.lower_ in ("in", "for", "behind")
            and (owner.lemma_.lower() in verbs.get("participant", ()) or prep.lower_ == "behind"
                 or (prep.lower_ == "for" and owner.lemma_.lower() in blaming))):
        obj = child_with(owner, OBJECT_DEPS)          # "implicated X in the murder"
        if obj is None and owner.pos_ == "ADJ":       # "holds X responsible for"
            obj = object_of(governor(owner))
        if obj is None:                           # "X took part in", "X is responsible for"
            obj = child_with(owner, ACTIVE_SUBJECT_DEPS | {"nsubjpass"}) or child_with(
                governor(owner), ACTIVE_SUBJECT_DEPS | {"nsubjpass"})
        return actors_of(obj, ctx) if obj is not None else []
    return []


def _carrier(head: Token) -> Token | None:
    """Return the light or motion verb that carries a nominal trigger ("launched strikes",
    "was perpetrated by X", "left for a deployment"), or None."""
    first = _first_conjunct(head)
    verbs = support_verbs()
    for clause in first.children:       # "the sanctions (that) the US imposed"
        if clause.dep_ == "relcl" and clause.lemma_.lower() in verbs.get("light", ()):
            return clause
    verb = governor(first)
    if verb == first:
        return None
    if first.dep_ in ("nsubj", "nsubjpass") and first.head == verb:
        for comp in verb.children:     # "the attack is thought to have been carried out by X"
            if comp.dep_ == "xcomp" and comp.lemma_.lower() in verbs.get("light", ()):
                return comp
    lemma = verb.lemma_.lower()
    if (first.dep_ in OBJECT_DEPS | {"nsubjpass"} and first.head == verb
            and lemma in verbs.get("light", ())):
        return verb
    prep = first.head
    if (first.dep_ == "pobj" and prep.head == verb and prep.lower_ in ("for", "on", "to")
            and lemma in verbs.get("motion", ())):
        return verb
    return None


def carried_sources(head: Token, ctx: Context) -> list[Mention]:
    """Return the subject of the light or motion verb that carries a nominal trigger."""
    verb = _carrier(head)
    return verbal_sources(verb, ctx) if verb is not None else []


def targets(head: Token, ctx: Context, *, of_role: str | None, theme: Token | None,
            deep: bool = False, exclude: Sequence[Mention] = ()
            ) -> tuple[list[Mention], list[Mention]]:
    """Return ``(targets, reciprocal actors)`` of a trigger.

    Reciprocal actors come from "between X and Y"; "on each other" is flagged by an empty
    target list and the caller's reciprocal test.
    """
    for _, obj in prep_objects(head, {"between", "among"}):
        actors = actors_of(obj, ctx)
        if actors:
            return [], actors
    patient = None if is_nominal(head) else object_of(head)
    if patient is not None and (patient == theme or patient.dep_ == "relcl"):
        patient = None
    if patient is not None:
        actors = actors_of(patient, ctx)
        if actors:
            return actors, []
    preps = TARGET_PREPS | ({"of"} if of_role == "target" and is_nominal(head) else set())
    carrier = _carrier(head) if is_nominal(head) else None
    phrases = prep_objects(head, preps)
    if carrier is not None:                     # "approved arms sales to Ukraine"
        phrases += prep_objects(carrier, preps)
    for _, obj in phrases:
        actors = actors_of(obj, ctx)
        if actors:
            return actors, []
    for noun in (patient, theme):       # "condemned an attack by X", "restored ties with X"
        actors = partners(noun, ctx, exclude=exclude) if noun is not None else []
        if actors:
            return actors, []
    found = deep_target(head, ctx, exclude=exclude) if deep and not is_nominal(head) else None
    return ([found] if found else []), []


def partners(noun: Token, ctx: Context, *, exclude: Sequence[Mention] = (),
             depth: int = 3) -> list[Mention]:
    """Return the other party an event or relation noun names when it names no actor itself:
    "condemned an attack by X", "welcomed the talks with X", "ties between X and Y", also
    through "of" phrases ("the resumption of diplomatic ties with X")."""
    skip = {m.name for m in exclude}
    for _ in range(depth):
        if noun.pos_ not in ("NOUN", "PROPN"):
            return []
        inner = None
        for prep, obj in prep_objects(noun, PARTNER_PREPS | {"of"}):
            if prep == "of":
                inner = inner or obj
                continue
            actors = [a for a in actors_of(obj, ctx) if a.name not in skip]
            if actors:
                return actors
        if inner is None:
            return []
        noun = inner
    return []


def deep_target(head: Token, ctx: Context, *, exclude: Sequence[Mention] = ()
                ) -> Mention | None:
    """Return the first actor named inside the object or a prepositional phrase of a trigger
    ("detonated explosives in pagers it had supplied to Hezbollah fighters")."""
    for child in head.children:
        if child.dep_ not in OBJECT_DEPS | {"prep"} or child.lower_ in SOURCE_PREPS:
            continue
        clause = [t for t in child.subtree if t.dep_ in ("relcl", "acl")]
        # inside a prepositional phrase ("in pagers it had supplied to X") only a clause counts
        words = child.subtree if child.dep_ != "prep" else [t for c in clause for t in c.subtree]
        for tok in words:
            actor = ctx.by_token.get(tok.i)
            if actor is None or actor.label == "NORP" or actor.name in {m.name for m in exclude}:
                continue
            root = tok.doc[actor.tok_start:actor.tok_end].root
            while root.dep_ in ("compound", "amod", "poss", "nmod") and root.head != root:
                root = root.head
            if actor.kind == "state" and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
                continue                # "fighting in Lebanon": a place, not a target
            return actor
    return None


def is_reciprocal(head: Token) -> bool:
    """Return True for "attacks on each other", "met one another"."""
    for prep in [head, *[c for c in head.children if c.dep_ == "prep"]]:
        for obj in prep.children:
            if obj.dep_ in ("pobj", "dobj"):
                words = " ".join(t.lower_ for t in obj.subtree)
                if words in RECIPROCAL:
                    return True
    return False


def roles(head: Token, ctx: Context, *, of_role: str | None = None,
          theme: Token | None = None, deep: bool = False, inner: Token | None = None) -> Roles:
    """Return the sources, targets and reciprocity of a trigger whose head token is ``head``.

    ``inner`` is a nominal trigger the verbal one carries ("killed in an ambush by X"): its own
    source stands in when the verb has none.
    """
    sufferers: list[Mention] = []
    if is_nominal(head):
        sources = nominal_sources(head, ctx, of_role)
    else:
        sources = verbal_sources(head, ctx)
        if head.lemma_.lower() in support_verbs().get("undergo", ()):
            sufferers, sources = sources, []     # "the mayor died": the mayor is its victim
        if not sources and inner is not None:    # "killed in fighting between X and Y"
            nested = roles(inner, ctx, of_role=of_role)
            if nested.reciprocal or nested.sources:
                found, _ = targets(head, ctx, of_role=of_role, theme=theme)
                found = found + sufferers
                return nested if nested.reciprocal or found == [] else nested._replace(
                    targets=found)
    if not sources and theme is not None:
        owner = actor_at(theme, ctx.by_token)   # "U.S. troops were sent": the owner moves them
        sources = [owner] if owner is not None else []
    found, between = targets(head, ctx, of_role=of_role, theme=theme, deep=deep,
                             exclude=sources)
    if len(between) >= 2:
        return Roles(between, [], True, theme)
    sources = sources or between         # "fighting between M23 and government troops"
    found = [m for m in found + [m for m in sufferers if m not in found] if m not in sources]
    return Roles(sources, found, is_reciprocal(head), theme)
