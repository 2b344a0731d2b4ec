"""Events in a Doc: PLOVER triggers from a lexicon, their source and target actors from the
dependency parse, and the event's place, date, modality and attribution.

The trigger lexicon and its word lists are data (:mod:`analysis.extractors.events.triggers` reads them), as
are the modality cues and reporting verbs; this module, :mod:`analysis.extractors.events.arguments` (who and whom),
:mod:`analysis.extractors.events.actors` (which actor a phrase names), :mod:`analysis.extractors.modality` (whether, and
who says so) and :mod:`analysis.extractors.events.victims` (named casualties) only read the parse.

One trigger gives one event per source-target pair, never twice the same pair. A nominal trigger
inside a verbal one of the same type ("killed five people in an ambush") is the same event and
gives none of its own. An event with neither source nor target is kept only when it is asserted
and is violence, protest or coercion ("a bomb exploded", "a curfew was imposed"). Bylines, photo
credits and the dateline give no events, actors or dates.
"""
from __future__ import annotations

from datetime import date
from typing import Iterator, NamedTuple, Sequence

from spacy.tokens import Doc, Span, Token

from analysis.extractors import dates
from analysis.extractors.actors import Mention
from analysis.extractors.credits import dateline, is_credit
from analysis.extractors.events.actors import Context, actor_at, is_nominal, prep_objects
from analysis.extractors.events.arguments import LOCATIVE, fits_class, object_of, roles
from analysis.extractors.events.carriers import CLAUSE_STOP, carrier_of, carriers
from analysis.extractors.events.carriers import tolls as casualties
from analysis.extractors.events.senses import NO_EVENT, Senses, senses_of
from analysis.extractors.events.triggers import (
    Trigger,
    event_types,
    inflections,
    lexicon,
    object_classes,
    support_verbs,
    triggers,
)
from analysis.extractors.events.victims import people_hit
from analysis.extractors.modality import attribution, modality
from analysis.extractors.places import Place, place_words

__all__ = ["Event", "Trigger", "actor_at", "attribution", "events", "inflections", "lexicon",
           "modality", "triggers"]

PLACE_PREPS = {"in", "at", "near", "on", "into", "toward", "towards", "to", "across", "outside",
               "inside", "around", "off", "along", "over", "from"}
FUTURE = {"planned", "possible", "hypothetical"}
MOVED_KINDS = {"police", "militia"}  # MOBILIZE modes named after the forces that move
CROWD_KINDS = {"crowd"}             # actors whose violence is a riot too (PLOVER PROTEST riot)
RIOT_TYPES = {"ASSAULT", "COERCE"}
GERUND_DEPS = {"conj", "appos", "ROOT", "nsubj", "dobj", "pobj", "attr", "csubj", "advcl"}
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
    killed: int | None = None   # people the trigger names one by one as killed ("murdered X")
    wounded: int | None = None  # ... as wounded ("wounded the mayor and his driver")
    date_precision: int | None = None  # 1 a day, 2 a few days or a week, 3 a month or a year


def _choose(span: Span, options: list[Trigger], ctx: Context) -> tuple[Trigger, Token | None]:
    """Pick the entry whose object class the trigger's object fits (the subject's, for verbs
    whose subject is what moves: "troops arrived"); return it and the theme."""
    head = span.root
    obj = _noun_object(head) if is_nominal(head) else object_of(head)
    if not is_nominal(head) and head.lemma_.lower() in support_verbs().get("theme_subject", ()):
        obj = next((c for c in head.children if c.dep_ == "nsubj"), obj)   # "troops arrived"
    classes = object_classes()
    for trig in options:
        if trig.object is None:
            return trig, None
        if fits_class(obj, classes.get(trig.object, frozenset()), ctx):
            return trig, obj
    return None, None


def _noun_object(head: Token) -> Token | None:
    """Return what a nominal trigger is done to: its "of" phrase ("an exchange of prisoners"),
    else the object of the verb it is a phrase of ("prisoners were flown home in an exchange")."""
    of = next((o for _, o in prep_objects(head, {"of"})), None)
    if of is not None:
        return of
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and not is_nominal(head.head.head):
        return object_of(head.head.head)
    return None


def _path_up(head: Token) -> list[Token]:
    """Return the trigger and the words its clause hangs on, up to a clause boundary."""
    path = [head]
    tok = head
    while tok.head != tok and tok.dep_ not in CLAUSE_STOP and len(path) < 8:
        if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            break                       # "X struck Gaza and Y fired at Haifa": two clauses
        tok = tok.head
        path.append(tok)
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("xcomp", "advcl", "conj", "acl"):
            break
    return path


def _attached_to(root: Token) -> Token:
    """Return the word a phrase hangs on, through its preposition."""
    tok = root.head
    while tok.dep_ in ("prep", "pcomp") and tok.head != tok:
        tok = tok.head
    return tok


def _in_parentheses(doc: Doc, i: int, sentence: range) -> bool:
    """Return True when token ``i`` sits inside parentheses opened in its sentence."""
    depth = 0
    for tok in doc[sentence.start:i]:
        depth += (tok.text == "(") - (tok.text == ")")
    return depth > 0


def _place_of_sentence(head: Token, places: Sequence[Place], doc: Doc,
                       sentence: range) -> Place | None:
    """The place of the trigger's sentence ("... in X", "... near Y"), the nearest to the
    trigger, never one in parentheses (an admin hint, an aside)."""
    best, distance = None, len(doc)
    for place in places:
        root = doc[place.tok_start:place.tok_end].root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in (
                place_words()["settlement"]):
            root = root.head.head               # "in the city of Arica"
        if not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE | {"near", "outside"}) \
                or _in_parentheses(doc, place.tok_start, sentence):
            continue
        gap = abs(place.tok_start - head.i)
        if gap < distance:
            best, distance = place, gap
    return best


def _place(head: Token, places: Sequence[Place], doc: Doc, targets: list[Mention],
           mentions: Sequence[Mention], filed: range, sentence: range) -> Place | None:
    """Return the place of the event: a place phrase on the trigger or the words it hangs on,
    the nearest first; else a state it is aimed at ("strikes on Lebanon") or that a locative
    phrase names ("a bomb in Lebanon"); else the place of its sentence."""
    path = _path_up(head)
    best, best_rank = None, 99
    here = [p for p in places if p.start not in filed and p.tok_start in sentence]
    for place in here:
        root = doc[place.tok_start:place.tok_end].root
        owner = root
        while owner.dep_ in ("pobj", "compound", "appos", "conj", "prep", "dobj"):
            if owner.dep_ == "pobj" and owner.head.lower_ not in PLACE_PREPS | {"of"}:
                break
            owner = owner.head
            if owner in path:
                break
        if owner in path and path.index(owner) < best_rank:
            best, best_rank = place, path.index(owner)
    if best is None:
        for actor in [m for m in [*targets, *mentions] if m.kind == "state"]:   # not "the army"
            root = doc[actor.tok_start:actor.tok_end].root
            prep = root.head
            if (root.dep_ == "pobj" and prep.lower_ in PLACE_PREPS and prep.head in path
                    and (actor in targets or prep.lower_ in LOCATIVE)):
                return Place(actor.start, actor.end, actor.text, actor.name,
                             actor.country, actor.tok_start, actor.tok_end,
                             kind="country" if actor.kind == "state" else None)
    return best or _place_of_sentence(head, here, doc, sentence) or _place_of_dateline(
        places, doc, filed, sentence)


def _place_of_dateline(places: Sequence[Place], doc: Doc, filed: range,
                       sentence: range) -> Place | None:
    """The dateline's place, when the sentence points at it: "in this city", "here"."""
    words = [t.lower_ for t in doc[sentence.start:sentence.stop]]
    pointed = "here" in words or any(
        a == "this" and b in ("city", "town", "capital") for a, b in zip(words, words[1:]))
    return next((p for p in places if p.start in filed), None) if pointed else None


def _inside(token: Token, head: Token, *, depth: int = 4) -> bool:
    """Return True when a word is in the trigger's own phrase, within its clause ("meet with X
    on the sidelines this week")."""
    tok = token
    for _ in range(depth):
        if tok.head == tok or tok.dep_ in CLAUSE_STOP | {"advcl", "acl"}:
            return False
        tok = tok.head
        if tok == head:
            return True
    return False


def _date(head: Token, doc: Doc, published: date | None, *, future: bool = False,
          filed: range, candidates: Sequence[Span]):
    """Return ``(date_text, date, uncertain, precision)`` of a date expression on the event's
    clause;
    ``future`` events take the next Saturday or 20 March, not the last one. ``candidates``: the
    DATE entities of the trigger's sentence (:class:`Sentences`)."""
    path = _path_up(head)
    for ent in candidates:
        if ent.start_char in filed:
            continue
        if (_attached_to(ent.root) not in path and ent.root.head not in path
                and not _inside(ent.root, head)):
            continue
        prep = ent.root.head if ent.root.dep_ == "pobj" else None
        text = f"{prep.text} {ent.text}" if prep is not None else ent.text
        if dates.is_span_bound(text):
            continue
        resolved = dates.resolve(ent.text, published, future=future)
        if resolved.date is not None:
            return ent.text, resolved.date, resolved.uncertain, resolved.precision
    return None, None, False, None


def _statistic(head: Token, doc: Doc, candidates: Sequence[Span]) -> bool:
    """Whether a harming trigger's clause spans a year or more ("since 1980", "in the past
    year"): the toll of many events over a period, a statistic."""
    path = _path_up(head)
    for clause in (c for c in head.children if c.dep_ == "advcl"):
        if any(m.lower_ == "since" for m in clause.children if m.dep_ == "mark") and any(
                ent.root in clause.subtree and dates.YEAR.search(ent.text) for ent in candidates):
            return True                 # "since the Shining Path began its struggle in 1980"
    for ent in candidates:
        if _attached_to(ent.root) not in path and ent.root.head not in path:
            continue
        prep = ent.root.head if ent.root.dep_ == "pobj" else None
        before = doc[ent.start - 2:ent.start].text if ent.start >= 2 else ""
        if dates.is_long_period(f"{prep.text if prep is not None else ''} {ent.text}") or (
                dates.is_long_period(f"{before} {ent.text}")):
            return True
    return False


def _pairs(found, trig: Trigger) -> list[tuple[Mention | None, Mention | None]]:
    sources, targets, reciprocal = found.sources, found.targets, found.reciprocal
    if (reciprocal or trig.symmetric and not targets) and len(sources) >= 2:
        pairs = [(a, b) for a in sources for b in sources if a.name != b.name]
    else:
        pairs = [(s, t) for s in sources or [None] for t in targets or [None]
                 if s is None or t is None or s.name != t.name]
        if sources and targets and not pairs:
            pairs = [(s, None) for s in sources]
    unique = []
    for pair in pairs:
        key = tuple(m.name if m else None for m in pair)
        if key not in [tuple(m.name if m else None for m in p) for p in unique]:
            unique.append(pair)
    return unique


class Sentences:
    """The sentences of a Doc, indexed once: which sentence a token is in, and the DATE
    entities of each (``token.sent`` and ``doc.ents`` rebuild them on every call)."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self._start = [0] * len(doc)
        for n, sent in enumerate(self.spans):
            self._start[sent.start:sent.end] = [n] * (sent.end - sent.start)
        self.dates: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ == "DATE":
                self.dates.setdefault(self._start[ent.start], []).append(ent)
        self._credit: dict[int, bool] = {}
        self._senses: Senses | None = None

    @property
    def senses(self) -> Senses:
        """The sense cues of the Doc's sentences (found on first use)."""
        if self._senses is None:
            self._senses = senses_of(self.spans[0].doc, self.spans) if self.spans else None
        return self._senses

    def index(self, i: int) -> int:
        """Return the index of the sentence of token ``i``."""
        return self._start[i]

    def of(self, i: int) -> range:
        """Return the token indices of the sentence of token ``i``."""
        sent = self.spans[self._start[i]]
        return range(sent.start, sent.end)

    def dates_of(self, i: int) -> list[Span]:
        return self.dates.get(self._start[i], [])

    def is_credit(self, i: int) -> bool:
        n = self._start[i]
        if n not in self._credit:
            self._credit[n] = is_credit(self.spans[n])
        return self._credit[n]


def events(doc: Doc, mentions: Sequence[Mention], places: Sequence[Place], *,
           published: date | None = None, user_triggers: str | None = None
           ) -> Iterator[Event]:
    """Yield the events of a Doc, one per source-target pair, in text order.

    Parameters
    ----------
    doc : Doc
    mentions : sequence of Mention
        The Doc's actor mentions (from :func:`analysis.extractors.actors.mentions`).
    places : sequence of Place
    published : datetime.date, optional
        Anchors relative dates.
    user_triggers : str, optional
        An analyst's trigger CSV over the bundled lexicon (:func:`analysis.extractors.events.triggers.lexicon`).
    """
    filed = dateline(doc)
    mentions = [m for m in mentions if m.start not in filed]
    ctx = Context({i: m for m in mentions for i in range(m.tok_start, m.tok_end)}, mentions,
                  filed)
    sents = Sentences(doc)
    chosen = []
    for span, options in triggers(doc, user_triggers):
        if sents.is_credit(span.start):
            continue
        trig, theme = _choose(span, options, ctx)
        if trig is not None:
            chosen.append((span, trig, theme))
    carried = carriers(chosen, sents, ctx)
    nominal = {span.root.i: trig for span, trig, _ in chosen if is_nominal(span.root)}
    inner = {}      # verbal head -> the first nominal trigger it carries
    for i, verb in carried.items():
        if verb is not None and i in nominal:
            inner.setdefault(verb, i)
    tolls = casualties(chosen, carried)
    hit = {carrier_of(span.root.i, carried) for span, trig, _ in chosen   # people of a kind
           if trig.effect and people_hit(span.root)}
    said = set()        # "those who were arrested were arrested": one event said twice
    for span, trig, theme in chosen:
        head = span.root
        if carried[head.i] is not None:
            continue
        nested = inner.get(head.i)
        if nested is not None:
            trig = trig._replace(mode=trig.mode or nominal[nested].mode,
                                 weak=trig.weak and nominal[nested].weak)
        for e in _events_of(span, trig, theme, ctx, places, published, sents,
                            inner=doc[nested] if nested is not None else None,
                            inner_trigger=nominal.get(nested), toll=tolls.get(head.i, {}),
                            hits_people=head.i in hit):
            key = (sents.index(head.i), head.lemma_.lower(), e.event_type, e.mode,
                   e.source, e.target, e.modality, e.killed, e.wounded)
            if key not in said:
                said.add(key)
                yield e


def _bare_gerund(head: Token) -> bool:
    """Whether a verbal trigger is a gerund with no subject that stands as a noun or in a list
    ("having fun, drinking beer, blowing up cans"), where it may name a kind of act."""
    return head.tag_ == "VBG" and head.dep_ in GERUND_DEPS and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in head.children)


def _generic(head: Token, found, place, when, inner, toll, sentence: Span) -> bool:
    """Whether a nominal trigger (or a bare gerund) names a kind of event rather than one that
    happened: a modifier of another noun ("murder music", "a shooting session"), or a noun with no
    participant, place, date, figure or effect ("attacks are getting more sophisticated")."""
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head.lemma_.lower() not in support_verbs().get("scene", ())
    if _named_sources(head, found) or found.targets or place is not None or when is not None:
        return False
    if inner is not None or toll:
        return False
    return not any(t.like_num and t.ent_type_ not in ("DATE", "TIME") for t in sentence)


def _named_sources(head: Token, found) -> list:
    """The sources of a trigger but a kind of doer in its own modifiers ("terrorist attacks"):
    a kind alone makes no occurrence."""
    kind_only = {c.i for c in head.children if c.dep_ in ("amod", "compound")}
    return [m for m in found.sources if not (
        m.origin == "generic" and set(range(m.tok_start, m.tok_end)) <= kind_only)]


def _victims_only(senses: Senses, sentence: int, hits_people: bool) -> bool:
    """Whether a weak trigger with no actor is still an event: it (or a harming trigger it
    carries) hits people of a kind ("three civilians were killed", "five soldiers died",
    "stormed the village, killing 11 people") in a sentence that names no hazard (a flood, a
    crash, a disease)."""
    return hits_people and not senses.hazard[sentence]


def _events_of(span: Span, trig: Trigger, theme, ctx: Context, places, published,
               sents: Sentences, *,
               inner: Token | None = None, inner_trigger: Trigger | None = None,
               toll: dict[str, int], hits_people: bool = False) -> Iterator[Event]:
    head = span.root
    info = event_types().get(trig.event_type, {})
    if head.dep_ == "amod" and (info.get("adjectival") != "yes" or head.tag_ != "VBN"):
        return                          # "the murdered mayor", not "clashing commitments"
    found = roles(head, ctx, of_role=info.get("of_role") or None, theme=theme,
                  deep=info.get("deep_target") == "yes", inner=inner)
    senses, n = sents.senses, sents.index(head.i)
    carries = inner is not None and (    # "injured in the blast", not "beat X with a strike"
        inner_trigger is None or senses.reading(inner, inner_trigger, n, [], []) is None)
    reading = senses.reading(head, trig, n, found.sources, found.targets, carries=carries)
    if reading == NO_EVENT:
        return
    if reading is not None:             # "attacked the spending bill": criticism
        kind, _, mode = reading.partition(":")
        trig = trig._replace(event_type=kind, mode=mode or None, effect=None)
        reading = kind
        info = event_types().get(reading, {})
        found = roles(head, ctx, of_role=info.get("of_role") or None, theme=theme,
                      deep=info.get("deep_target") == "yes", inner=inner)
        toll = {}
    mood = modality(head)
    if not found.sources and not found.targets and (
            info.get("actorless") != "yes" or mood != "asserted" or (
                trig.weak and not _victims_only(senses, n, hits_people))):
        return
    doc = span.doc
    place = _place(head, places, doc, found.targets, ctx.mentions, ctx.dateline,
                   sents.of(head.i))
    date_text, when, uncertain, precision = _date(
        head, doc, published, future=mood in FUTURE, filed=ctx.dateline,
        candidates=sents.dates_of(head.i))
    if mood == "asserted" and trig.effect and not _named_sources(head, found) and _statistic(
            head, doc, sents.dates_of(head.i)):
        mood = "generic"                # "12,000 people have been killed since 1980"
    if mood == "asserted" and (is_nominal(head) or _bare_gerund(head)) and _generic(
            head, found, place, when, inner, toll, sents.spans[n]):
        if not _named_sources(head, found) and not found.targets:
            return                      # "(terrorist) attacks are on the increase": no occurrence
        mood = "generic"
    said = attribution(head)
    pairs = _pairs(found, trig)
    for source, target in pairs:
        mode = trig.mode
        if trig.event_type == "MOBILIZE" and source is not None and source.kind in MOVED_KINDS:
            mode = source.kind          # "police patrolled": PLOVER's mode police
        yield Event(span.start_char, span.end_char, span.text, trig.event_type, mode,
                    source, target, place, date_text, when, uncertain, mood, said, head.i,
                    date_precision=precision, **toll)
    if trig.event_type in RIOT_TYPES:   # "a mob lynched", "rioters looted": a riot as well
        for source, target in pairs:
            if source is not None and source.kind in CROWD_KINDS:
                yield Event(span.start_char, span.end_char, span.text, "PROTEST", "riot",
                            source, target, place, date_text, when, uncertain, mood, said,
                            head.i, date_precision=precision)
