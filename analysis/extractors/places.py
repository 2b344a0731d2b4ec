"""Places named in a Doc, found as reports write them, and what the text says about where they are.

Found: gazetteer places and the model's GPE / LOC / FAC entities, widened to the whole name
("Kafr Kila", "Mont-Liban"); a capitalised name before a settlement noun ("Deir Mimas village",
"Ras Kamboni town") or after one ("the town of X"), whatever the model says. Read with each place:
the noun that says what it is ("village", "province"), the admin areas the text gives with it
("X village (Marjayoun, Nabatieh)", "X, in Y province", "X, the capital of Y", "X, Lebanon's second
city"), whether the text puts something near it rather than in it ("near", "outside", "10 km
from"), and the place it is near ("a village near B town").

Capitals that stand for their state ("Moscow said", "accused Washington") are actors, not places
(:func:`capital_state`). Where a place is on the map is :mod:`analysis.extractors.locations`.
"""
from __future__ import annotations

import functools
from typing import Iterator, NamedTuple, Optional

from spacy.tokens import Doc, Span, Token

from analysis.extractors.credits import dateline
from analysis.extractors.gazetteer import PLACE_PREFIX, Gazetteer, org_kinds
from analysis.extractors.spans import trim
from analysis.extractors.titles import titled
from analysis.extractors.token_words import where_exact, where_untagged_dep
from analysis.geo import index as geo_index
from analysis.resources import bundled, read_csv

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAME_TAGS = {"NNP", "NNPS"}
NOT_NAMES = {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
MAX_HINT_TOKENS = 12      # "(District, Region)" and ", the capital of Y province" are short
LOCATIVE = {"in", "at", "near", "outside", "across", "inside", "throughout", "around", "into"}
KNOWN_TOWN = 100_000      # a town the model calls an organisation is a place from this size,
                          # or from any size in a country the report names ("in Mbuji-Mayi")


@functools.lru_cache(maxsize=1)
def place_words() -> dict[str, frozenset[str]]:
    """Return the word classes of ``resources/place_words.csv``: ``settlement`` nouns ("the
    village of Deir Mimas", "Deir Mimas village": a name beside them is a place whatever the
    model says),
    ``region`` and ``district`` nouns (what kind of area "X province" or "X district" is),
    ``near`` phrases ("near", "outside", "km from": the place is a landmark, not the spot),
    ``city_part_of`` nouns of a part of the town named before ("the X neighbourhood"),
    ``generic`` words that name no place of their own ("the West"),
    ``city_part`` nouns a capital's possessive can own and still be the city ("Bogota's urban
    center", with the settlement nouns), ``government`` nouns that make a state's name its
    government ("the Kenya government")."""
    classes: dict[str, set[str]] = {}
    for row in read_csv(bundled("place_words.csv"), ["word", "class"]):
        classes.setdefault(row["class"], set()).add(row["word"].lower())
    classes["city_part"] = classes.get("city_part", set()) | classes.get("settlement", set())
    return {name: frozenset(words) for name, words in classes.items()}


class Place(NamedTuple):
    """A place named in a Doc (never an actor), with what the text says about it."""

    start: int
    end: int
    text: str
    name: str
    country: str | None
    tok_start: int
    tok_end: int
    kind: str | None = None           # the gazetteer's kind, or the noun beside it ("village")
    hints: tuple[str, ...] = ()       # admin areas the text gives with it ("Nabatieh")
    near: bool = False                # "near X", "outside X": X is a landmark, not the spot
    anchor: Optional["Place"] = None  # B of "A near B": where A is when A is unknown
    known: bool = False               # from the gazetteer (``places.csv`` or the analyst's)


def is_place_context(span: Span) -> bool:
    """Return True for a name the text calls a place: after "the <settlement noun> of" ("the
    town of Deir Mimas"), before a settlement noun ("Deir Mimas village", "Kakuma camp") or
    with one in apposition ("Rubaya, a mining town")."""
    doc, nouns = span.doc, place_words()["settlement"]
    if span.end < len(doc) and doc[span.end].is_lower and doc[span.end].lower_ in nouns:
        return True
    if any(_described_by(c, span.end) or c.dep_ == "appos" and c.lower_ == "capital"
           for c in span.root.children):
        return True                     # "Rubaya, a mining town in ...", "X, the capital of Y"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        return doc[span.start - 2].lemma_.lower() in nouns
    return False


# how a capital stands for its state: as a subject, an object, a possessor, or the object of
# these prepositions ("talks with Moscow", "sanctions against Tehran"); "in Moscow" is a place
METONYM_DEPS = {"nsubj", "nsubjpass", "dobj", "poss"}
METONYM_PREPS = {"with", "against", "by"}       # and "between" after an event ("talks between")


@functools.lru_cache(maxsize=1)
def _residents() -> frozenset[str]:
    from analysis.extractors.events.triggers import support_verbs

    return support_verbs().get("resident", frozenset())


@functools.lru_cache(maxsize=1)
def _event_words() -> frozenset[str]:
    """Single-word nominal triggers and relation nouns ("talks", "ties"): after them "between
    X and Y" names parties, not the ends of a stretch of land."""
    from analysis.extractors.events.triggers import lexicon, object_classes

    words = {t.phrase for t in lexicon() if t.pos == "NOUN" and " " not in t.phrase}
    return frozenset(words | object_classes().get("relations", frozenset()))


def capital_state(span: Span, entry, gazetteer: Gazetteer) -> str | None:
    """Return the state a national capital stands for where it acts or is acted on ("Moscow
    said", "accused Washington", "Kinshasa's forces"), else None: "in Moscow" is a place."""
    if entry.kind != "capital" or not entry.country:
        return None
    state = gazetteer.state_index.get(entry.country)
    root = span.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head                # "Kinshasa and UN experts accuse"
    if state is None or root.ent_type_ in ("DATE", "TIME"):
        return None
    city_parts = place_words()["city_part"]
    if root.dep_ == "poss" and (root.head.lemma_.lower() in city_parts or any(
            c.lemma_.lower() in city_parts for c in root.head.children if c.dep_ == "amod")):
        return None
    if root.dep_ in METONYM_DEPS:
        return state
    prep = root.head
    if root.dep_ == "pobj" and (prep.lower_ in METONYM_PREPS or prep.lower_ == "between" and (
            prep.head.lemma_.lower() in _event_words())) and prep.head.pos_ in ("VERB", "NOUN"):
        return state
    if root.dep_ == "pobj" and prep.lower_ == "in" and prep.head.lemma_.lower() in _residents():
        return state                    # "officials in Moscow": its government
    return None


def _is_name(tok: Token) -> bool:
    return tok.is_title and tok.tag_ in NAME_TAGS and tok.ent_type_ not in NOT_NAMES


def _named(span: Span) -> bool:
    """Return True when a span reads as a name: one of its words is tagged a proper noun
    ("Gunmen attacked ..." tagged a place at the head of a sentence is not), and not all of
    them are abbreviations ("Brig. Gen.")."""
    return any(t.tag_ in NAME_TAGS for t in span) and not all(t.text.endswith(".") for t in span)


def _joined(doc: Doc, i: int) -> bool:
    """Return True when token ``i`` is a hyphen inside a name ("Mont-Liban", "Beit-Lahia")."""
    return (0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i + 1].is_title)


def _widen(span: Span, entity_of: dict[int, Span]) -> Span:
    """Widen a model entity over the rest of its name: hyphenated parts and capitalised words
    the model left out on either side ("Kafr [Kila]", "[Mont]-Liban")."""
    doc, start, end = span.doc, span.start, span.end
    while end < len(doc) and end not in entity_of:
        if _joined(doc, end):
            end += 2
        elif _is_name(doc[end]) and not doc[end - 1].is_punct and not doc[end].text.endswith("."):
            end += 1
        else:
            break
    first = span.sent.start
    while start > first and start - 1 not in entity_of:
        if start - 2 >= first and _joined(doc, start - 1) and doc[start - 2].is_title:
            start -= 2
        elif _is_name(doc[start - 1]):
            start -= 1
        else:
            break
    return doc[start:end]


def _name_before(doc: Doc, i: int) -> Span | None:
    """The capitalised name just before token ``i`` ("Ras Kamboni" of "Ras Kamboni town")."""
    start = i
    while start > 0:
        if _is_name(doc[start - 1]):
            start -= 1
        elif start >= 2 and _joined(doc, start - 1):
            start -= 2
        else:
            break
    return doc[start:i] if start < i else None


def _name_after(doc: Doc, i: int) -> Span | None:
    """The capitalised name starting at token ``i`` ("Deir Mimas" of "the village of Deir
    Mimas")."""
    end = i
    while end < len(doc):
        if _is_name(doc[end]):
            end += 1
        elif end > i and _joined(doc, end):
            end += 2
        else:
            break
    return doc[i:end] if end > i else None


def _unknown_nationality(tok: Token, gazetteer: Gazetteer) -> bool:
    """Return True for a proper noun the model calls a nationality that the gazetteer does not
    know as one (a town name before "district" is no nationality)."""
    return (tok.ent_type_ == "NORP" and tok.is_title and tok.tag_ in NAME_TAGS
            and gazetteer.actor(tok.text) is None)


def _untagged_towns(doc: Doc, gazetteer: Gazetteer, countries: set[str]) -> Iterator[Span]:
    """Names the model left untagged that the index knows as towns, where the text puts
    something ("protests in Ile-Ife")."""
    for i in where_untagged_dep(doc, "pobj"):
        tok = doc[i]
        if tok.head.lower_ not in LOCATIVE or not _is_name(tok):
            continue
        start = _name_before(doc, tok.i + 1)
        span = _name_after(doc, start.start) if start is not None else None   # the whole name
        if span is not None and not gazetteer.actor(span.text) and known_town(
                span, gazetteer, countries):
            yield span


def _unnamed_by_model(doc: Doc, gazetteer: Gazetteer) -> Iterator[tuple[Span, str]]:
    """Names a settlement noun makes places: "X village", "the town of X"; with the noun."""
    nouns = place_words()["settlement"]
    for i in where_exact(doc, lowers={"capital", *nouns}):
        tok = doc[i]
        if tok.lower_ == "capital" and tok.dep_ == "appos" and _is_name(tok.head):
            named = _name_before(doc, tok.head.i + 1)       # "Jowhar, the capital of ..."
            if named is not None and not gazetteer.actor(named.text):
                yield named, "city"
        if not tok.is_lower or tok.lower_ not in nouns:
            continue
        before = _name_before(doc, tok.i)
        if before is None and tok.i > 0 and _unknown_nationality(doc[tok.i - 1], gazetteer):
            before = doc[tok.i - 1:tok.i]                   # "Afgooye district" tagged NORP
        if before is not None and not gazetteer.actor(before.text):
            yield before, tok.lower_
        if _described_by(tok, tok.head.i + 1) and _is_name(tok.head):
            named = _name_before(doc, tok.head.i + 1)       # "Rubaya, a mining town in ..."
            if named is not None and not gazetteer.actor(named.text):
                yield named, tok.lower_
        if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of" and tok.i >= 1 \
                and doc[tok.i - 1].lower_ == "the":
            after = _name_after(doc, tok.i + 2)
            if after is not None and not gazetteer.actor(after.text):
                yield after, tok.lower_


def _locative(span: Span) -> bool:
    """Return True for the object of "in", "at", "near" ... ("in Somalia", "near Goma")."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


def _countries(doc: Doc, gazetteer: Gazetteer) -> set[str]:
    """The countries of the gazetteer's actors and places a Doc names."""
    found = set()
    for ent in doc.ents:
        key = ent.ent_id_
        entry = gazetteer.places.get(key[len(PLACE_PREFIX):]) if key.startswith(PLACE_PREFIX) \
            else gazetteer.actors.get(key)
        if entry is not None and entry.country:
            found.add(entry.country)
    return found


def known_town(span: Span, gazetteer: Gazetteer, countries: set[str] | None = None) -> bool:
    """Return True for a name the model calls an organisation or a person that is a town the
    index knows, where the text puts something ("in Mbuji-Mayi", "near Sinaloa").
    ``countries``: those the Doc names (:func:`_countries`), when the caller has them."""
    if not _locative(span) or span.text.isupper():
        return False                    # cheap tests first: most names are not in "in X"
    if any(t.lower_ in org_kinds() for t in span):
        return False
    if countries is None:
        countries = _countries(span.doc, gazetteer)
    ix = geo_index.load()
    return any(ix["feature"][i] != "country" and (
        ix["population"][i] >= KNOWN_TOWN or ix["country"][i] in countries)
        for i in geo_index.candidates(span.text))


def _dateline_town(doc: Doc, taken: set[int]) -> Span | None:
    """The town a dateline opens with ("GOMA, March 3 (...) -"), when the model missed it and
    the index knows it."""
    filed = dateline(doc)
    if not filed:
        return None
    end = 0
    while end < len(doc) and doc[end].idx in filed and doc[end].text not in (",", "(", "-"):
        end += 1
    span = doc[0:end]
    if not len(span) or any(i in taken for i in range(end)) or not span.text.isupper() \
            or not geo_index.candidates(span.text):
        return None
    return span


def _found(doc: Doc, gazetteer: Gazetteer) -> list[Place]:
    """Every place span of a Doc, without what the text says around it."""
    entity_of = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    countries = _countries(doc, gazetteer)
    found: list[Place] = []
    for ent in doc.ents:
        span = trim(ent)
        if not len(span) or titled(span):
            continue                    # "Gen Medina" is a general, not the city
        state = gazetteer.actors.get(ent.ent_id_) if ent.ent_id_ else None
        if state is not None and state.kind == "state" and _locative(span):
            found.append(Place(span.start_char, span.end_char, span.text, state.name,
                               state.country, span.start, span.end, kind="country"))
        elif ent.ent_id_.startswith(PLACE_PREFIX):
            entry = gazetteer.places[ent.ent_id_[len(PLACE_PREFIX):]]
            if capital_state(span, entry, gazetteer) is not None:
                continue
            found.append(Place(span.start_char, span.end_char, span.text, entry.name,
                               entry.country, span.start, span.end, kind=entry.kind, known=True))
        elif not ent.ent_id_ and ent.label_ not in NOT_NAMES and _named(span) and (
                ent.label_ in PLACE_LABELS or is_place_context(span) or (
                ent.label_ in ("PERSON", "ORG") and (gazetteer.place(span.text.title())
                                                     or known_town(span, gazetteer,
                                                                   countries)))):
            if ent.label_ in PLACE_LABELS:
                span = _widen(span, entity_of)
            entry = gazetteer.place(span.text) or gazetteer.place(span.text.title())
            found.append(Place(span.start_char, span.end_char, span.text,
                               entry.name if entry else span.text, entry.country if entry else None,
                               span.start, span.end, kind=entry.kind if entry else None,
                               known=entry is not None))
    taken = {i for p in found for i in range(p.tok_start, p.tok_end)}
    town = _dateline_town(doc, taken)
    if town is not None:
        found.append(Place(town.start_char, town.end_char, town.text, town.text.title(), None,
                           town.start, town.end))
        taken.update(range(town.start, town.end))
    for span in _untagged_towns(doc, gazetteer, countries):
        if not any(i in taken for i in range(span.start, span.end)):
            found.append(Place(span.start_char, span.end_char, span.text, span.text, None,
                               span.start, span.end))
            taken.update(range(span.start, span.end))
    for span, noun in _unnamed_by_model(doc, gazetteer):
        inside = [entity_of[i] for i in range(span.start, span.end) if i in entity_of]
        if any(i in taken for i in range(span.start, span.end)) or any(
                e.ent_id_ for e in inside):
            continue                    # a place already, or a gazetteer actor ("Hamas camp")
        found.append(Place(span.start_char, span.end_char, span.text, span.text, None,
                           span.start, span.end, kind=noun))
        taken.update(range(span.start, span.end))
    return sorted(found, key=lambda p: p.tok_start)


def _phrase_before(doc: Doc, i: int, words: frozenset[str]) -> bool:
    """Return True when one of the phrases ``words`` ends just before token ``i``."""
    for n in (1, 2, 3, 4):
        if i - n >= 0 and " ".join(t.lower_ for t in doc[i - n:i]) in words:
            return True
    return False


def _is_near(doc: Doc, place: Place) -> bool:
    """Return True for "near X", "outside the town of X", "10 km from X"."""
    i = place.tok_start
    if i >= 3 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in place_words()["settlement"]:
        i -= 3 if doc[i - 3].lower_ == "the" else 2          # "near the town of X"
    if i >= 1 and doc[i - 1].lower_ == "the":
        i -= 1
    return _phrase_before(doc, i, place_words()["near"])


def _after(doc: Doc, place: Place) -> int:
    """The token after a place and the noun that says what it is ("Deir Mimas village")."""
    noun = _noun_of(doc, place)
    return place.tok_end + (noun is not None and place.tok_end < len(doc)
                            and doc[place.tok_end].lower_ == noun)


def _described_by(tok: Token, end: int) -> bool:
    """Return True for a settlement noun in apposition after a comma ("X, a mining town")."""
    first = tok.left_edge.i
    return (tok.dep_ == "appos" and tok.i >= end and tok.is_lower
            and tok.lower_ in place_words()["settlement"] and first > 0
            and tok.doc[first - 1].text == ",")


def _noun_of(doc: Doc, place: Place) -> str | None:
    """The settlement noun the text gives a place: "X village", "the town of X", "X, a mining
    town"."""
    nouns = place_words()["settlement"]
    areas = place_words()["region"] | place_words()["district"]
    end, start = place.tok_end, place.tok_start
    if end < len(doc) and doc[end].lower_ in nouns and (doc[end].is_lower
                                                        or doc[end].lower_ in areas):
        return doc[end].lower_                  # "Zayta village", "Kano State"
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in nouns:
        return doc[start - 2].lower_
    root = doc[start:end].root
    return next((c.lower_ for c in root.children if _described_by(c, end)), None)


def base_name(text: str) -> tuple[str, str | None]:
    """Split an admin noun off the end of a name: ``("Kano", "state")`` of "Kano State",
    ``("Kharkiv", "region")`` of "Kharkiv region"; ``(text, None)`` when there is none."""
    words = text.split()
    nouns = place_words()["settlement"]
    if len(words) > 1 and words[-1].lower() in nouns:
        return " ".join(words[:-1]), words[-1].lower()
    return text, None


def _of_state(doc: Doc, place: Place) -> tuple[str, ...]:
    """The states named before the noun of "the southern Lebanese village of X"."""
    i = place.tok_start
    if i >= 3 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in place_words()["settlement"]:
        return tuple(c.text for c in doc[i - 2].children
                     if c.dep_ in ("amod", "compound") and c.ent_type_ in ("GPE", "NORP"))
    return ()


def _hints(doc: Doc, place: Place, others: list[Place]) -> tuple[str, ...]:
    """The admin areas the text gives with a place: "(Marjayoun, Nabatieh)", ", in Y province",
    ", the capital of Y", ", Lebanon's second city", "the Lebanese village of X"."""
    return _of_state(doc, place) + _areas_after(doc, place, others)


def _areas_after(doc: Doc, place: Place, others: list[Place]) -> tuple[str, ...]:
    i = _after(doc, place)
    stop = min(len(doc), i + MAX_HINT_TOKENS, doc[place.tok_start].sent.end)
    if i < stop and doc[i].text == "(":
        hints, end = [], i + 1
        while end < stop and doc[end].text != ")":
            end += 1
        for piece in doc[i + 1:end].text.split(","):
            piece = piece.strip()
            if piece and piece[0].isupper() and not piece.isupper():
                hints.append(base_name(piece)[0])
        return tuple(hints) if end < stop else ()
    if i < stop and doc[i].lower_ in (",", "in"):
        end = i + 1
        while end < stop and doc[end].text not in (",", ".", ";", "(", ")") and (
                doc[end].pos_ not in ("VERB", "AUX")):
            end += 1
        phrase = doc[i + 1:end]
        cue = any(t.lower_ in ("capital", "'s", "’s", "of", "in") or t.lower_ in (
            place_words()["settlement"] | place_words()["region"]) for t in phrase)
        inside = [p.text for p in others if phrase.start <= p.tok_start and p.tok_end <= end]
        states = [e.text for e in doc.ents if phrase.start <= e.start and e.end <= end
                  and e.label_ == "GPE" and e.text not in inside]
        if (cue or doc[i].lower_ == "in") and (inside or states):
            return tuple(base_name(text)[0] for text in inside + states)
    return ()


def _anchor(doc: Doc, place: Place, others: list[Place]) -> Place | None:
    """B of "A near B": the next place, when a near phrase starts right after A."""
    i = _after(doc, place)
    for p in others:
        if p.tok_start > i and p.tok_start - i <= 6 and p.near \
                and not any(t.is_punct for t in doc[i:p.tok_start]):
            return p
    return None


def places(doc: Doc, gazetteer: Gazetteer) -> list[Place]:
    """Return the places a Doc names, in text order, each with its kind, admin hints, whether
    the text puts something near it, and the place it is near; not the capitals that stand for
    their state (:func:`capital_state`)."""
    found = _found(doc, gazetteer)
    found = [p._replace(near=_is_near(doc, p), kind=_noun_of(doc, p) or p.kind)
             for p in found]
    found = [p._replace(hints=_hints(doc, p, found)) for p in found]
    return [p._replace(anchor=_anchor(doc, p, found)) for p in found]
