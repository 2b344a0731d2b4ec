"""The other readings of a violent trigger: "beat X 6-4" is a score, "attacks on websites" are
cyber attacks, "shot up 7%" a market, "destroyed by fire" an accident, "attacked the spending
bill" criticism.

A trigger lists the senses it may have in the ``senses`` column of ``triggers.csv``; the words
that tell each sense, and where to look for them, are ``trigger_senses.csv``:

- ``sentence``: a word of the trigger's sentence ("award", "website", "episode") — or of most of
  the report, when at least ``DOMAIN_SHARE`` of its sentences (and two) hold such words: a
  sports report's "Chelsea beat Portsmouth" needs no cue of its own;
- ``phrase``: a word of the trigger's own complements ("stormed to gold", "shot wide");
- ``pattern``: ``score``, a result such as "6-4" or "24-18" in the sentence;
- ``modifier``: a modifier of the trigger ("price war", "legal attacks", "war of words");
- ``object``: its object ("beat expectations", "killed himself", "shoot deer", "fight lawsuits");
- ``subject``: its subject, or that of the verb it depends on ("shares shot up");
- ``particle``: its particle ("shot up", "killed off", "stormed out");
- ``cause``: what it happened by or in ("destroyed by fire", "injured in a tackle");
- ``question``: a preposition of the trigger or a question word of its clause ("asked about the
  struggle", "asked whether"): a question, no request;
- ``title``: a word before a name that makes the name a hazard's ("Hurricane Mitch"): that
  name is never the doer of a ``hazard`` trigger anywhere in the report.

Sentence and pattern cues give way to a sign of violence (sense ``evidence``: a weapon, gunmen,
troops, victims in the sentence) or to a violent actor among the trigger's arguments (one the
gazetteer or the generic actors know, not a name the model guessed): a riot at a match is still
violence. Phrase cues give way to such an actor only. Two senses need no words: ``criticism``
makes a trigger whose object is ``abstract`` an ACCUSE ("attacked the spending bill"), and
``cause`` keeps a trigger ("injured", "died") only beside a sign of violence (in its sentence
or the one before) or a source actor. Sense ``labour`` makes a strike by workers, peasants or a
crowd a PROTEST with mode strike.
Sentence cues are nouns and adjectives ("try" the verb is no rugby), and cyber cues common
nouns only ("Radio Network" is a name). Sense ``hazard`` / ``sentence`` lists the floods,
crashes and diseases beside which a death with no actor is no event.
"""
from __future__ import annotations

import re
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from analysis.extractors.actors import Mention
from analysis.extractors.events.actors import is_nominal
from analysis.extractors.events.arguments import FORCE_KINDS, object_of
from analysis.extractors.events.triggers import Trigger, sense_cues
from analysis.extractors.token_words import words_of

DOMAIN_SENSES = ("sport", "cyber", "film")   # the senses a whole report can have
DOMAIN_SHARE = 0.15
SCORE = re.compile(r"(?<![\d.,:/-])\d{1,2}-\d{1,2}(?![\d.,:/-])")
NO_EVENT = "-"
USER_DATA_KEY = "workbook.senses"
ACCUSE = "ACCUSE"
STRIKE = "PROTEST:strike"              # a reading's type, and its mode after the colon
LABOUR_KINDS = {"crowd", "civilians"}
CAUSE_PREPS = {"by", "in", "from", "during", "after", "with"}
OBJECT_PREPS = {"on", "against", "of", "at", "upon", "in"}
CUE_POS = {"NOUN", "PROPN", "ADJ"}   # sentence cues are names of things, never verbs
COMMON_NOUN_SENSES = {"cyber"}        # whose cues never count in a name ("Radio Network")


def _words(tokens) -> set[str]:
    return {w for t in tokens for w in (t.lemma_.lower(), t.lower_)}


class Senses:
    """The sense cues of a Doc's sentences, found once, and the report's domains."""

    def __init__(self, doc: Doc, sentences: Sequence[Span]):
        cues = sense_cues()
        self.cues = cues
        self.by_sentence: list[set[str]] = []     # the senses whose sentence cues fire
        self.evidence: list[bool] = []
        self.hazard: list[bool] = []              # whether it names a flood, a crash, a disease
        tables = {sense: cues.get(sense, {}).get("sentence", frozenset())
                  for sense in (*DOMAIN_SENSES, "evidence", "hazard")}
        phrases = {sense: [f" {w} " for w in table if " " in w] for sense, table in tables.items()}
        titles = cues.get("hazard", {}).get("title", frozenset())
        self.hazard_names: set[str] = set()
        token_words = words_of(doc)
        for sent in sentences:
            nouns, common, every = set(), set(), set()   # "try" the noun, not the verb
            previous = ""
            for lemma, lower, pos in token_words[sent.start:sent.end]:
                every.update((lemma, lower))
                if pos in CUE_POS:
                    nouns.update((lemma, lower))
                    if pos != "PROPN":
                        common.update((lemma, lower))
                    elif previous in titles:
                        self.hazard_names.add(lower)        # "Hurricane Mitch"
                previous = lower
            text = f" {sent.text.lower()} "
            fired = set()
            for sense in (*DOMAIN_SENSES, "evidence", "hazard"):
                words = every if sense == "hazard" else (
                    common if sense in COMMON_NOUN_SENSES else nouns)
                if words & tables[sense] or any(w in text for w in phrases[sense]):
                    fired.add(sense)
            if SCORE.search(sent.text) and "score" in cues["sport"].get("pattern", ()):
                fired.add("sport")
            self.evidence.append("evidence" in fired)
            self.hazard.append("hazard" in fired)
            self.by_sentence.append(fired - {"evidence", "hazard"})
        n = len(sentences)
        self.domains = {s for s in DOMAIN_SENSES
                        if (k := sum(s in f for f in self.by_sentence)) >= 2
                        and k >= DOMAIN_SHARE * n}

    def _has(self, sense: str, where: str, tokens) -> bool:
        table = self.cues.get(sense, {}).get(where, frozenset())
        return bool(table) and bool(_words(tokens) & table)

    def reading(self, head: Token, trig: Trigger, sentence: int, sources: Sequence[Mention],
                targets: Sequence[Mention], *, carries: bool = False) -> str | None:
        """Return how to read a trigger: None for its own type, ``NO_EVENT`` for none, or the
        event type it stands for ("ACCUSE"; "PROTEST:strike" with its mode).

        ``sentence``: the index of its sentence; ``sources``, ``targets``: its actors;
        ``carries``: whether it carries another violent trigger ("injured in the blast").
        """
        senses = set(trig.senses)
        if not senses:
            return None
        if "hazard" in senses and any(t.lower_ in self.hazard_names for t in [
                *(a.root for a in _spans(sources, head.doc)), *_subjects(head)]):
            return NO_EVENT             # "Mitch killed 10,000 people": a storm
        fighters = any(a.kind in FORCE_KINDS and _known(a) for a in [*sources, *targets])
        violent = carries or fighters or self.evidence[sentence]
        for sense in senses & set(DOMAIN_SENSES):
            if self._has(sense, "phrase", _complements(head)) and not fighters:
                return NO_EVENT         # "stormed to gold", "shooting for sport"
            if not violent and (sense in self.by_sentence[sentence] or sense in self.domains):
                return NO_EVENT
        if "labour" in senses and (
                any(a.kind in LABOUR_KINDS for a in sources)
                or self._has("labour", "modifier", _modifiers(head))
                or self._has("labour", "subject", _subjects(head) + _agents(head))):
            return STRIKE               # "a strike by peasants", "workers struck": a walkout
        for sense in senses - {"abstract", "labour"}:
            if self._has(sense, "modifier", _modifiers(head)):
                return NO_EVENT
            if self._has(sense, "particle", [c for c in head.children if c.dep_ == "prt"]):
                return NO_EVENT
            if self._has(sense, "object", _objects(head)):
                return NO_EVENT
            if self._has(sense, "subject", _subjects(head) + (
                    _objects(head) if is_nominal(head) else [])):   # "an explosion in sales"
                return NO_EVENT
            if self._has(sense, "cause", _causes(head)):
                return NO_EVENT
            if self._has(sense, "question", _questions(head)):
                return NO_EVENT         # "asked about the struggle": a question, no request
        if "abstract" in senses or "criticism" in senses:
            if self._has("abstract", "object", _objects(head)):
                return ACCUSE if "criticism" in senses else NO_EVENT
        if "cause" in senses and not violent and not sources and not (
                sentence > 0 and self.evidence[sentence - 1]):   # "A bomb went off. X was hurt"
            return NO_EVENT
        return None


def _spans(actors: Sequence[Mention], doc: Doc) -> list[Span]:
    return [doc[a.tok_start:a.tok_end] for a in actors]


def senses_of(doc: Doc, sentences: Sequence[Span]) -> Senses:
    """Return the Doc's :class:`Senses`, found once per Doc (the event coder and the figures
    both read them)."""
    found = doc.user_data.get(USER_DATA_KEY)
    if found is None:
        found = doc.user_data[USER_DATA_KEY] = Senses(doc, sentences)
    return found


def _known(actor: Mention) -> bool:
    """Whether an actor's kind is known, not guessed from its name's last word ("The Green
    Wing" is a comedy series; "the 3rd Wing" a unit)."""
    return actor.origin in ("gazetteer", "generic") or (
        actor.origin == "unit" and any(c.isdigit() for c in actor.text))


def _modifiers(head: Token) -> list[Token]:
    """The trigger's modifiers, and the object of its "of" ("war of words")."""
    out = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod", "npadvmod")]
    out += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj"] if is_nominal(head) else []
    return out


def _objects(head: Token) -> list[Token]:
    """The trigger's object ("beat expectations") or the verb it governs ("refused to
    comment"), or for a noun its "on" / "against" / "of" phrase ("legal attacks on websites"),
    with the phrases coordinated with it."""
    if is_nominal(head):
        found = _prep_objects(head, OBJECT_PREPS)
        if head.dep_ == "dobj":         # "created an explosion in sales"
            found += _prep_objects(head.head, {"in"})
    else:
        obj = object_of(head)
        found = [obj] if obj is not None else []
        found += [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("at", "on")
                  and p.i > head.i          # not "At that time the rebels attacked"
                  for o in p.children if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME")]
        found += [c for c in head.children if c.dep_ == "xcomp"]   # "refused to comment"
    return [t for o in found for t in (o, *o.conjuncts)]


def _prep_objects(tok: Token, preps) -> list[Token]:
    """The objects of a token's prepositions: nouns, and gerunds with their objects ("an
    explosion in podcasting content")."""
    out = []
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in preps:
            for o in p.children:
                if o.dep_ == "pobj":
                    out.append(o)
                elif o.dep_ == "pcomp":
                    out += [o, *(d for d in o.children if d.dep_ == "dobj")]
    return out


def _agents(head: Token) -> list[Token]:
    """Who a nominal trigger is by ("a strike by teachers")."""
    return _prep_objects(head, {"by"}) if is_nominal(head) else []


def _subjects(head: Token) -> list[Token]:
    """The trigger's subject, or the subject of the verb it depends on ("shares rose, having
    shot up")."""
    tok = head
    for _ in range(3):
        subject = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subject:
            return subject
        if tok.dep_ not in ("advcl", "conj", "xcomp") or tok.head == tok:
            return []
        tok = tok.head
    return []


def _causes(head: Token) -> list[Token]:
    """What the trigger happened by or in: its agent, its subject, a "by" / "in" phrase."""
    out = [o for p in head.children if p.dep_ in ("prep", "agent") and p.lower_ in CAUSE_PREPS
           for o in p.children if o.dep_ == "pobj"]
    return out + [c for c in head.children if c.dep_ == "nsubj"]


def _questions(head: Token) -> list[Token]:
    """The words that make the trigger's complement a question: its prepositions ("asked
    about"), the question words of its clauses ("asked whether", "asked: why")."""
    out = [c for c in head.children if c.dep_ == "prep"]
    out += [m for c in head.children if c.dep_ == "ccomp"
            for m in c.children if m.dep_ in ("mark", "advmod") and m.i < c.i]
    return out


def _complements(head: Token) -> list[Token]:
    """The trigger's own complements: the objects of its "to" / "for" phrases ("stormed to
    gold"), its adverbs and predicates ("shot wide"), a purpose clause ("to take the win")."""
    out = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "for"):
            out += [o for o in child.children if o.dep_ == "pobj"]
        elif child.dep_ in ("advmod", "acomp", "oprd", "npadvmod"):
            out.append(child)
        elif child.dep_ in ("xcomp", "advcl") and child.tag_ == "VB":
            out += [child, *(o for o in child.children if o.dep_ == "dobj")]
    return out
