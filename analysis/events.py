"""Events in a Doc: PLOVER triggers from a lexicon, their source and target actors from the
dependency parse, and the event's place, date, modality and attribution.

The lexicon (``resources/triggers.csv``), the modality cues (``resources/modality_cues.csv``) and
the reporting verbs (``resources/reporting_verbs.csv``) are data; this module only reads the parse.
"""
from __future__ import annotations

import csv
import functools
from datetime import date
from typing import Iterator, NamedTuple, Sequence

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from . import dates
from .actors import Mention, Place
from .gazetteer import RESOURCES

SUBJECT_DEPS = {"nsubj", "csubj"}
TARGET_PREPS = {"on", "against", "at", "into", "toward", "towards", "with", "to", "upon"}
PLACE_PREPS = {"in", "at", "near", "on", "into", "toward", "towards", "to", "across", "outside",
               "inside", "around", "from", "off"}
PART_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod"}
RECIPROCAL = {"each other", "one another"}
MODALITY_ORDER = ["negated", "hypothetical", "possible", "planned"]


class Trigger(NamedTuple):
    """A lexicon entry: the phrase's lemmas, the head's part of speech, PLOVER type and mode."""

    phrase: str
    pos: str
    event_type: str
    mode: str | None
    weak: bool


class Event(NamedTuple):
    """One event between one source and one target (either may be None)."""

    start: int
    end: int
    trigger: str
    event_type: str
    mode: str | None
    source: Mention | None
    target: Mention | None
    place: Place | None
    date_text: str | None
    date: date | None
    date_uncertain: bool
    modality: str
    attribution: str | None
    token_i: int            # the trigger's head token, for linking numbers


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[Trigger, ...]:
    """Return the trigger lexicon of ``resources/triggers.csv``."""
    with open(RESOURCES / "triggers.csv", newline="", encoding="utf-8") as fh:
        return tuple(Trigger(r["phrase"], r["pos"], r["event_type"], r["mode"] or None,
                             r["weak"] == "yes") for r in csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def modality_cues() -> dict[tuple[str, str], str]:
    """Return ``(where, cue) -> modality`` from ``resources/modality_cues.csv``."""
    with open(RESOURCES / "modality_cues.csv", newline="", encoding="utf-8") as fh:
        return {(r["where"], r["cue"]): r["modality"] for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Return the lemmas of verbs that attribute a statement ("said", "according to")."""
    with open(RESOURCES / "reporting_verbs.csv", newline="", encoding="utf-8") as fh:
        return frozenset(r["lemma"] for r in csv.DictReader(fh))


@functools.lru_cache(maxsize=4)
def _matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for key, trig in enumerate(lexicon()):
        words = trig.phrase.split()
        head = 0 if trig.pos == "VERB" else len(words) - 1
        pattern = []
        for i, word in enumerate(words):
            if i == head:
                pattern.append({"LEMMA": word, "POS": {"IN": [trig.pos, "PROPN"]
                                                       if trig.pos == "NOUN" else [trig.pos]}})
            else:
                pattern.append({"LOWER": {"IN": [word, word + "s"]}})
        matcher.add(str(key), [pattern])
    return matcher


def triggers(doc: Doc) -> list[tuple[Span, Trigger]]:
    """Return the trigger spans of a Doc with their lexicon entry, longest match first, no overlap.

    Words inside names ("Carrier Strike Group") are not triggers.
    """
    named = {i for ent in doc.ents if ent.label_ in ("ORG", "PERSON", "GPE", "FAC", "LOC",
                                                     "WORK_OF_ART", "EVENT", "LAW")
             for i in range(ent.start, ent.end)}
    table = lexicon()
    found = []
    for key, start, end in _matcher(doc.vocab)(doc):
        span = Span(doc, start, end, label=doc.vocab.strings[key])
        if not any(i in named for i in range(start, end)):
            found.append(span)
    kept = filter_spans(found)
    return [(span, table[int(span.label_)]) for span in sorted(kept, key=lambda s: s.start)]


def _head(span: Span) -> Token:
    return span.root


def actor_at(token: Token, by_token: dict[int, Mention], depth: int = 0) -> Mention | None:
    """Return the actor a noun phrase names: the token itself, or a name inside its modifiers."""
    if token.i in by_token:
        return by_token[token.i]
    if depth > 3:
        return None
    for child in token.children:
        if child.dep_ in PART_DEPS:
            found = actor_at(child, by_token, depth + 1)
            if found is not None:
                return found
    return None


def _actors(token: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """Return the actors of a noun phrase and of the phrases coordinated with it."""
    found = []
    for tok in [token, *token.conjuncts]:
        actor = actor_at(tok, by_token)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def _pronoun_actor(token: Token, mentions: Sequence[Mention]) -> Mention | None:
    """Resolve "its" / "their" / "it" to the nearest actor mentioned before it."""
    before = [m for m in mentions if m.tok_end <= token.i and m.kind != "person"]
    return before[-1] if before else None


def _governor(head: Token) -> Token:
    """Return the verb a nominal trigger depends on (or the trigger itself)."""
    tok = head
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok:
        tok = tok.head
    return tok


def _sources(head: Token, by_token, mentions) -> list[Mention]:
    if head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:
            if child.dep_ == "poss":
                if child.pos_ == "PRON":
                    actor = _pronoun_actor(child, mentions)
                    return [actor] if actor else []
                return _actors(child, by_token)
        for child in head.children:
            if child.dep_ in ("compound", "amod") and child.i in by_token:
                return [by_token[child.i]]
        verb = _governor(head)
        if verb is not head and head.dep_ in ("dobj", "conj"):
            return _sources(verb, by_token, mentions)
        return []
    tok = head
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return _actors(subjects[0], by_token)
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        if agents:
            return _actors(agents[0], by_token)
        if tok.dep_ in ("xcomp", "conj", "advcl", "acl") and tok.head is not tok:
            tok = tok.head
        else:
            break
    return []


def _targets(head: Token, by_token, mentions) -> tuple[list[Mention], bool]:
    """Return the target actors, and whether the trigger is reciprocal ("on each other")."""
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass", "dative"):
            actors = _actors(child, by_token)
            if actors:
                return actors, False
    for prep in head.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in TARGET_PREPS:
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                phrase = " ".join(t.lower_ for t in obj.subtree)
                if phrase in RECIPROCAL:
                    return [], True
                actors = _actors(obj, by_token)
                if actors:
                    return actors, False
    return [], False


def _ancestors_within(token: Token, top: Token) -> bool:
    return token is top or top in token.ancestors


def _place(head: Token, places: Sequence[Place], doc: Doc) -> Place | None:
    best, best_depth = None, 99
    for place in places:
        root = doc[place.tok_start:place.tok_end].root
        if root.head.dep_ == "prep" and root.head.lower_ in PLACE_PREPS or root.dep_ == "pobj":
            chain = list(root.ancestors)
            if head in chain and chain.index(head) < best_depth:
                best, best_depth = place, chain.index(head)
    return best


def _date(head: Token, doc: Doc, published: date | None):
    anchor = _governor(head)
    for ent in doc.ents:
        if ent.label_ != "DATE" or ent.sent != head.sent:
            continue
        root = ent.root
        if _ancestors_within(root, head) or root.head is anchor:
            resolved = dates.resolve(ent.text, published)
            if resolved.date is not None:
                return ent.text, resolved.date, resolved.uncertain
    return None, None, False


def modality(head: Token) -> str:
    """Return the modality of the clause a trigger heads, from its own and its governors' cues."""
    cues = modality_cues()
    reporting = reporting_verbs()
    found = []
    tok = head
    for _ in range(6):
        for child in tok.children:
            word = child.lower_
            if child.dep_ in ("aux", "auxpass") and ("aux", word) in cues:
                found.append(cues[("aux", word)])
            elif child.dep_ == "neg" or (child.dep_ == "det" and word == "no"):
                found.append("negated")
            elif child.dep_ == "amod" and ("modifier", word) in cues:
                found.append(cues[("modifier", word)])
            elif child.dep_ == "mark" and ("mark", word) in cues:
                found.append(cues[("mark", word)])
        if tok is not head and ("governor", tok.lemma_) in cues:
            found.append(cues[("governor", tok.lemma_)])
        if found or tok.head is tok or tok.lemma_ in reporting:
            break
        if tok.dep_ in ("ccomp",) and tok.head.lemma_ in reporting:
            break
        tok = tok.head
    return min(found, key=MODALITY_ORDER.index) if found else "asserted"


def attribution(head: Token) -> str | None:
    """Return who the sentence attributes the event to ("three defense officials"), as written."""
    reporting = reporting_verbs()
    for tok in head.sent:
        if tok is head or (tok.lemma_ not in reporting and tok.lower_ not in reporting):
            continue
        if tok.lower_ == "according":
            objs = [g for c in tok.children for g in c.children if g.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
            continue
        if head in tok.subtree and head in tok.ancestors:
            continue
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subjects and (tok in head.ancestors or tok.dep_ in ("ROOT", "parataxis")):
            return _phrase(subjects[0])
    return None


def _phrase(token: Token) -> str:
    words = list(token.subtree)
    return token.doc[words[0].i:words[-1].i + 1].text


def events(doc: Doc, mentions: Sequence[Mention], places: Sequence[Place], *,
           published: date | None = None) -> Iterator[Event]:
    """Yield the events of a Doc, one per source-target pair, in text order.

    Parameters
    ----------
    doc : Doc
    mentions : sequence of Mention
        The Doc's actor mentions (from :func:`analysis.actors.mentions`).
    places : sequence of Place
    published : datetime.date, optional
        Anchors relative dates.
    """
    by_token = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    found = triggers(doc)
    strong = {(span.sent.start, trig.event_type) for span, trig in found if not trig.weak}
    for span, trig in found:
        if trig.weak and (span.sent.start, trig.event_type) in strong:
            continue
        head = _head(span)
        sources = _sources(head, by_token, mentions)
        targets, reciprocal = _targets(head, by_token, mentions)
        if reciprocal and len(sources) >= 2:
            pairs = [(a, b) for a in sources for b in sources if a.name != b.name]
        else:
            pairs = [(s, t) for s in sources or [None] for t in targets or [None]
                     if s is None or t is None or s.name != t.name]
        if not sources and not targets and trig.event_type not in ("ASSAULT", "PROTEST"):
            continue
        place = _place(head, places, doc)
        date_text, when, uncertain = _date(head, doc, published)
        mood = modality(head)
        said = attribution(head)
        for source, target in pairs:
            yield Event(span.start_char, span.end_char, span.text, trig.event_type, trig.mode,
                        source, target, place, date_text, when, uncertain, mood, said, head.i)
