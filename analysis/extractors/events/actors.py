"""The actors a noun phrase names, for the arguments of events: names inside its modifiers
("Israeli artillery fire"), the whole a part stands for ("members of the FMLN", "a gang belonging
to the EPL"), and pronouns resolved to the actor they stand for ("its", "it", "they", "who").
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

from spacy.tokens import Token

from analysis.extractors.actors import Mention
from analysis.extractors.events.triggers import support_verbs
from analysis.extractors.spans import named_member_of

ACTIVE_SUBJECT_DEPS = {"nsubj", "csubj"}
PART_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod"}
PERSONAL = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
IMPERSONAL = {"it", "its", "they", "them", "their", "theirs", "itself", "themselves"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
RELATIVE = {"who", "which", "that", "whom", "whose"}
# heads that stand for a part or a number of what follows "of" ("dozens of U.S. troops")
PARTITIVE_POS = {"NUM"}


class Context(NamedTuple):
    """The actor mentions of a Doc, indexed by token, and the characters of its dateline."""

    by_token: dict[int, Mention]
    mentions: Sequence[Mention]
    dateline: range = range(0)


def is_nominal(token: Token) -> bool:
    """Return True for nouns, proper nouns and pronouns; not for a word tagged as a noun that
    has a subject of its own, which the tagger got wrong ("which Kinshasa accuse of")."""
    return token.pos_ in ("NOUN", "PROPN", "NUM") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children) or token.pos_ == "PRON"


def child_with(token: Token, deps: set[str]) -> Token | None:
    """Return the first child of a token with one of the dependency labels ``deps``."""
    return next((c for c in token.children if c.dep_ in deps), None)


def prep_objects(token: Token, preps: set[str]) -> list[tuple[str, Token]]:
    """Return ``(preposition, object)`` of the prepositional phrases of a token."""
    out = []
    for prep in token.children:
        if prep.dep_ in ("prep", "dative", "agent") and prep.lower_ in preps:
            out += [(prep.lower_, o) for o in prep.children if o.dep_ == "pobj"]
    return out


def actor_at(token: Token, by_token: dict[int, Mention], depth: int = 0) -> Mention | None:
    """Return the actor a noun phrase names: the token itself, or a name inside its modifiers.

    A head that stands for a part or a number of something ("dozens of U.S. troops", "members of
    the FMLN") names the actor of its "of" phrase.
    """
    if token.i in by_token:
        found = by_token[token.i]
        if found.origin == "generic" and depth == 0:   # "insurgents belonging to the ELN"
            return _member_of(token, by_token, depth) or found
        return found
    if depth > 3:
        return None
    for child in token.children:
        if child.dep_ in PART_DEPS:
            found = actor_at(child, by_token, depth + 1)
            if found is not None:
                return found
    if depth > 0:
        return None
    verbs = support_verbs()
    if token.pos_ in PARTITIVE_POS or token.lemma_.lower() in verbs.get("partitive", ()):
        # "members of X", "delegates from X"
        for obj in (o for _, o in prep_objects(token, {"of", "from"})):
            return actor_at(obj, by_token, depth + 1)
    if token.lemma_.lower() in verbs.get("resident", ()):
        for obj in (o for _, o in prep_objects(token, {"in"})):   # "officials in Ethiopia"
            found = actor_at(obj, by_token, depth + 1)
            return found if found is not None and found.kind == "state" else None
    return _member_of(token, by_token, depth)


def _member_of(token: Token, by_token: dict[int, Mention], depth: int) -> Mention | None:
    """Return the actor a phrase says it belongs to: "a gang belonging to the EPL", "rebels
    linked to X"."""
    membership = support_verbs().get("membership", ())
    for clause in token.children:
        if clause.dep_ in ("acl", "relcl") and clause.lemma_.lower() in membership:
            for obj in (o for _, o in prep_objects(clause, {"to", "with"})):
                return actor_at(obj, by_token, depth + 1)
    return _member_as_written(token, by_token, membership)


def _member_as_written(token: Token, by_token: dict[int, Mention], membership) -> Mention | None:
    """Return the actor named right after "belonging to" / "linked to" that follows a phrase,
    where the parse hangs the clause elsewhere ("insurgents apparently belonging to the ELN
    placed a bomb")."""
    where = named_member_of(token.doc, token.i + 1, membership)
    return next((by_token[j] for j in where if j in by_token), None)


def pronoun_actor(token: Token, ctx: Context) -> Mention | None:
    """Resolve a pronoun to the actor it stands for.

    A relative pronoun ("who", "which") stands for the noun its clause modifies; "he" / "his"
    for the nearest person before it; "it" / "its" / "they" for the nearest other actor before it,
    preferring the subject of its own sentence, then looking one sentence back, to its subject
    first ("The peasants did not clash with the military. They were shot"). "They" whose
    governing subject is a plural noun that is no actor ("the inmates") stands for that noun.
    """
    word = token.lower_
    if word in RELATIVE:
        clause = token.head
        while clause.dep_ not in ("relcl", "acl") and clause.head != clause:
            clause = clause.head
        antecedent = actors_of(clause.head, ctx)
        return antecedent[0] if antecedent else None
    if word not in PERSONAL and word not in IMPERSONAL:
        return None
    person = word in PERSONAL
    for verb in token.ancestors:       # "Hezbollah said it met Iran": the governing subject
        subject = child_with(verb, ACTIVE_SUBJECT_DEPS | {"nsubjpass"})
        actor = actor_at(subject, ctx.by_token) if subject is not None else None
        if actor is None and word in PLURAL and subject is not None and subject.tag_ == "NNS":
            return None                 # "after they surrendered, the inmates were...": them
        if actor is not None and subject.i < token.i and (actor.kind == "person") == person:
            return actor
    sent = token.sent
    prev_start = sent.start
    if sent.start > 0:
        prev_start = token.doc[sent.start - 1].sent.start
    before = [m for m in ctx.mentions if m.tok_end <= token.i and m.tok_start >= prev_start
              and (m.kind == "person") == person]
    same = [m for m in before if m.tok_start >= sent.start]

    def subjects(pool, deps):
        return [m for m in pool if token.doc[m.tok_start:m.tok_end].root.dep_ in deps
                or token.doc[m.tok_start:m.tok_end].root.head.dep_ in deps]

    earlier = [m for m in before if m.tok_start < sent.start]
    for pool in (subjects(same, ACTIVE_SUBJECT_DEPS), same,
                 subjects(earlier, ACTIVE_SUBJECT_DEPS | {"nsubjpass"}), before):
        if pool:
            return pool[-1]
    return None


def actors_of(token: Token, ctx: Context) -> list[Mention]:
    """Return the actors of a noun phrase and of the phrases coordinated with it."""
    found = []
    for tok in [token, *token.conjuncts]:
        actor = pronoun_actor(tok, ctx) if tok.pos_ == "PRON" else actor_at(tok, ctx.by_token)
        if actor is not None and actor not in found:
            found.append(actor)
    return found
