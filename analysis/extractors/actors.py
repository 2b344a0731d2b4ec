"""Actor mentions in a Doc, and their resolution into one record per actor across a corpus.

A mention comes from an entity of the pipeline: the gazetteer's entity ruler names the canonical
actor; the statistical model's PERSON and ORG entities add actors the gazetteer does not know.
Places (gazetteer places, unknown GPE and LOC entities) are never actors, except a national
capital that acts or is acted on ("Moscow said", "accused Washington"), which names its state;
nationality entities the gazetteer does not know ("Smoke") are model noise and dropped.
Unnamed actors ("gunmen", "Kenyan police", "clan militia") come from
:mod:`analysis.extractors.generic_actors`, around the named ones.
"""
from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from typing import Iterable, Iterator, NamedTuple, Sequence

from spacy.tokens import Doc, Span

from analysis.extractors.credits import credit_sentences
from analysis.extractors.gazetteer import PLACE_PREFIX, UNIT_PREFIX, Gazetteer, org_kinds
from analysis.extractors.generic_actors import (
    GENERIC_LABEL,
    GENERIC_ORIGIN,
    LINK_WORDS,
    GenericMention,
    generic_mentions,
)
from analysis.extractors.places import capital_state, is_place_context, known_town, place_words
from analysis.extractors.spans import named_member_of, trim
from analysis.extractors.titles import title_words, titles, titles_before
from analysis.extractors.token_words import where_exact
from analysis.resources import bundled, read_csv

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
MEMBER_KINDS = {"armed_group", "unidentified", "militia"}   # generic kinds a group's members are
GROUP_SENTENCES = 4   # how far back "the rebels" looks for the group it stands for


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the words that are never actors on their own ("Army", "Defence")."""
    return frozenset(row["word"] for row in read_csv(bundled("actor_stopwords.csv"), ["word"]))


@functools.lru_cache(maxsize=1)
def unit_type_words() -> frozenset[str]:
    """Return the words that name a kind of unit, not a unit ("carrier", "strike", "group")."""
    return frozenset(row["word"] for row in read_csv(bundled("unit_type_words.csv"), ["word"]))


class Mention(NamedTuple):
    """One actor mention: where it is, what it says, and the actor it names."""

    start: int
    end: int
    text: str
    name: str               # canonical name
    kind: str
    country: str | None
    affiliation: str | None  # canonical name of the actor it belongs to
    titles: tuple[str, ...]
    label: str              # the entity label it came from
    tok_start: int
    tok_end: int
    origin: str = "model"   # "gazetteer", "unit" (ship and unit patterns), "capital", "model"
                            # or "generic" (an unnamed actor: "gunmen", "Kenyan police")
    role: str = "participant"  # or "credit": named in a byline or photo credit




def capital_mentions(doc: Doc, gazetteer: Gazetteer) -> Iterator[Mention]:
    """Yield the capitals a Doc names as actors, each as a mention of its state."""
    for ent in doc.ents:
        if not ent.ent_id_.startswith(PLACE_PREFIX):
            continue
        span = trim(ent)
        entry = gazetteer.places[ent.ent_id_[len(PLACE_PREFIX):]]
        state = capital_state(span, entry, gazetteer) if len(span) else None
        if state is not None:
            actor = gazetteer.actors[state]
            yield Mention(span.start_char, span.end_char, span.text, state, actor.kind,
                          actor.country, actor.affiliation, (), "GPE", span.start, span.end,
                          origin="capital")


def _org_kind(text: str) -> str | None:
    """Return the kind an organisation's head word names ("... Brigade" -> military), or None."""
    words = text.casefold().split()
    table = org_kinds()
    for n in (2, 1):
        if len(words) >= n and " ".join(words[-n:]) in table:
            return table[" ".join(words[-n:])][0]
    return None


def _with_given_names(span: Span) -> Span:
    """Extend a name the model cut short ("Kalev [Rebane]") over the capitalised words before it."""
    start = span.start
    doc = span.doc
    while (start > span.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
           and doc[start - 1].dep_ == "compound" and not doc[start - 1].ent_type_
           and doc[start - 1].text not in titles()):
        start -= 1
    return doc[start:span.end]


def _speaks(span: Span) -> bool:
    """Whether a name is the subject of a verb ("Ibrahim said"), i.e. used as a participant."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX")


def _mention(ent: Span, gazetteer: Gazetteer, source: str | None) -> Mention | None:
    """Turn one entity into an actor mention, or None when it is a place or noise."""
    if ent.ent_id_.startswith(PLACE_PREFIX) or ent.label_ not in ACTOR_LABELS:
        return None
    span = trim(ent)
    if not len(span) or not any(c.isalpha() for c in span.text):
        return None

    def make(name, kind, country=None, affiliation=None, found_titles=(), origin="model"):
        return Mention(span.start_char, span.end_char, span.text, name, kind, country,
                       affiliation, found_titles, ent.label_, span.start, span.end, origin)

    if ent.ent_id_.startswith(UNIT_PREFIX):
        return make(span.text, "military", ent.ent_id_[len(UNIT_PREFIX):] or None,
                    origin="unit")
    entry = gazetteer.actors.get(ent.ent_id_) or (
        gazetteer.actor(span.text) if ent.label_ in ("PERSON", "ORG") else None)
    if entry is not None:
        person_titles = titles_before(span) if entry.kind == "person" else ()
        return make(entry.name, entry.kind, entry.country, entry.affiliation, person_titles,
                    origin="gazetteer")
    if source and ent.label_ in ("PERSON", "ORG") and span.text.casefold() == source.casefold():
        return make(span.text, "media")
    if (ent.label_ not in ("PERSON", "ORG") or is_place_context(span)
            or gazetteer.place(span.text.title()) or span.text in stopwords()
            or known_town(span, gazetteer)):
        return None
    if ent.label_ == "PERSON":
        if all(t.text in title_words() for t in span):
            return None  # "Maj." tagged as a name
        span = _with_given_names(span)
        person_titles = titles_before(span)
        lone = len(span) == 1 and not person_titles and not _speaks(span)
        return make(span.text, "person", found_titles=person_titles,
                    origin="lone" if lone else "model")
    return make(span.text, _org_kind(span.text) or "organization")


def mentions(doc: Doc, gazetteer: Gazetteer, *, source: str | None = None,
             default_country: str | None = None) -> Iterator[Mention]:
    """Yield the actor mentions of a Doc, in text order, with canonical names.

    Parameters
    ----------
    doc : Doc
    gazetteer : Gazetteer
    source : str, optional
        The report's source; an organisation of that name is a media actor.
    default_country : str, optional
        ISO3 code of the report's main country: the country of a generic actor whose phrase
        and sentence name none ("gunmen killed 11 villagers").

    Notes
    -----
    A surname alone resolves to the full name used elsewhere in the same report; a person takes
    the country and affiliation of the actor named in their title ("Pentagon spokesman",
    "Estonia's defence minister"); "the Biden administration" is the person's state; a military
    unit without a country takes the nearest state named in its sentence. Generic actors
    (label ``GENERIC``, origin ``generic``) never overlap the named mentions: "Israeli troops",
    a gazetteer alias, stays the Israel Defense Forces, and in "Kenyan police" the state keeps
    "Kenyan" and "police" is the Police Forces of Kenya; only the model's guesses inside a
    militia's name ("Abgaal" in "Abgaal clan militia") give way to the generic mention.
    """
    found = [m for m in (_mention(ent, gazetteer, source) for ent in doc.ents) if m is not None]
    found += capital_mentions(doc, gazetteer)
    found = sorted(found + list(_surnames_missed(found, doc)), key=lambda m: m.start)
    # a lone capitalised word that is no one's surname is too often a place or a common noun
    found = [m for m in _resolve_surnames(found) if m.origin != "lone"]
    found = [_in_context(m, doc, found) for m in found]
    found = list(_governments(found, doc, gazetteer))
    found = _with_generic(found, generic_mentions(doc, gazetteer, found,
                                                  default_country=default_country))
    found = list(_definite_groups(found, doc))
    credits = credit_sentences(doc)
    for m in found:
        if doc[m.tok_start].sent.start in credits:
            m = m._replace(role="credit")
            if m.origin == "model" and m.kind == "organization" and not _org_kind(m.text) \
                    and not m.text.isupper():   # "ADN/ND": an agency's acronym, not a name
                m = m._replace(kind="person")  # "Reporting by Huda Salem": a name, not a body
        yield m


def _with_generic(found: list[Mention], found_generic: Iterable[GenericMention]
                  ) -> list[Mention]:
    """Merge generic mentions into the named ones in text order, dropping the model's guesses
    that a generic mention covers (a clan's name in "Abgaal clan militia")."""
    generic = [Mention(g.start, g.end, g.text, g.name, g.kind, g.country, g.affiliation, (),
                       GENERIC_LABEL, g.tok_start, g.tok_end, origin=GENERIC_ORIGIN)
               for g in found_generic]
    if not generic:
        return found
    inside = {i for g in generic for i in range(g.tok_start, g.tok_end)}
    kept = [m for m in found if not (m.origin in ("model", "lone") and m.tok_start in inside)]
    return sorted(kept + generic, key=lambda m: m.start)   # stable: the named order stays


def _definite_groups(found: list[Mention], doc: Doc) -> Iterator[Mention]:
    """Yield the mentions, with "the rebels", "the guerrillas", "the terrorists" naming the
    armed group named last before them, in their sentence or the ``GROUP_SENTENCES`` before
    ("The FMLN attacked the base. The rebels then withdrew": the FMLN withdrew), a generic
    name right after a group's ("EPL [Popular Liberation Army] guerrillas") that group, and
    one that says it belongs to a group ("insurgents apparently belonging to the ELN") that
    group."""
    starts = [s.start for s in doc.sents]
    named = {m.tok_start: m for m in found if m.origin != GENERIC_ORIGIN
             and m.kind == "armed_group"}
    last: Mention | None = None
    for m in found:
        group = next((named[j] for j in named_member_of(doc, m.tok_end, LINK_WORDS)
                      if j in named), None) if m.origin == GENERIC_ORIGIN else None
        if group is not None and m.kind in MEMBER_KINDS:   # "insurgents belonging to the ELN"
            m = m._replace(name=group.name, kind=group.kind, country=group.country,
                           affiliation=group.affiliation)
        elif m.origin == GENERIC_ORIGIN and m.kind == "armed_group" and last is not None:
            adjacent = last.tok_end <= m.tok_start and all(
                t.is_punct for t in doc[last.tok_end:m.tok_start])   # "EPL [...] guerrillas"
            apart = (bisect.bisect_right(starts, m.tok_start)
                     - bisect.bisect_right(starts, last.tok_start))   # sentences between
            if adjacent or (m.tok_start > 0 and doc[m.tok_start - 1].lower_ == "the"
                            and apart <= GROUP_SENTENCES):
                m = m._replace(name=last.name, country=last.country,
                               affiliation=last.affiliation)
        elif m.kind == "armed_group" and m.origin != GENERIC_ORIGIN:
            last = m
        yield m


def _surnames_missed(found: list[Mention], doc: Doc) -> Iterator[Mention]:
    """Yield mentions of a known person's surname that the model did not tag."""
    covered = {i for m in found for i in range(m.tok_start, m.tok_end)}
    surnames = {m.name.split()[-1]: m for m in found if m.kind == "person" and " " in m.name}
    for i in where_exact(doc, texts=surnames):
        tok = doc[i]
        ref = surnames.get(tok.text)
        if ref is not None and tok.i not in covered and tok.is_title:
            yield ref._replace(start=tok.idx, end=tok.idx + len(tok), text=tok.text, titles=(),
                               label="PERSON", tok_start=tok.i, tok_end=tok.i + 1)


def _resolve_surnames(found: list[Mention]) -> Iterator[Mention]:
    full = {}
    for m in found:
        if m.kind == "person" and " " in m.name:
            full.setdefault(m.name, m)
    by_last = defaultdict(set)
    for name in full:
        by_last[name.split()[-1]].add(name)
    for m in found:
        if m.kind == "person" and " " not in m.name and len(by_last.get(m.name, ())) == 1:
            ref = full[next(iter(by_last[m.name]))]
            m = m._replace(name=ref.name, country=m.country or ref.country,
                           affiliation=m.affiliation or ref.affiliation, origin="model")
        yield m


def _title_actor(m: Mention, doc: Doc, found: Sequence[Mention]) -> Mention | None:
    """Return the actor named in a person's title: right before the titles ("Pentagon
    spokesman X", "Israeli Prime Minister X") or in an apposition ("X, Estonia's minister")."""
    sent = doc[m.tok_start].sent
    reach = doc[m.tok_start].idx - len(" ".join(m.titles)) - 4
    before = [o for o in found if o.kind != "person" and o.end <= m.start and o.end >= reach
              and o.tok_start >= sent.start]
    if m.titles and before:
        return before[-1]
    root = doc[m.tok_start:m.tok_end].root
    for appos in (c for c in root.children if c.dep_ == "appos"):
        inside = [o for o in found if o.kind != "person" and appos.left_edge.i <= o.tok_start
                  and o.tok_end <= appos.i + 1]
        if inside:
            return inside[0]
    return None


def _in_context(m: Mention, doc: Doc, found: Sequence[Mention]) -> Mention:
    if m.kind == "person" and m.affiliation is None:
        owner = _title_actor(m, doc, found)
        if owner is not None:
            return m._replace(affiliation=owner.name, country=m.country or owner.country)
    if m.kind == "military" and m.country is None:
        if _generic_unit(m, doc):
            first_sent = doc[max(0, m.tok_start - 1)].sent.start
            sents = list(doc.sents)
            window = next((sents[max(0, k - 2)].start for k, s in enumerate(sents)
                           if s.start == first_sent), 0)
            named = [o for o in found if o.kind == "military" and not _generic_unit(o, doc)
                     and window <= o.tok_start and o.tok_end <= m.tok_start]
            if named:  # "the Carrier Strike Group" after "USS Harry S. Truman": the same unit
                ref = named[-1]
                return m._replace(name=ref.name, country=ref.country,
                                  affiliation=ref.affiliation)
        sent = doc[m.tok_start].sent
        states = [o for o in found if o.kind == "state" and sent.start <= o.tok_start < sent.end
                  and doc[o.tok_start:o.tok_end].root.dep_ != "pobj"]
        if states:
            near = min(states, key=lambda o: abs(o.tok_start - m.tok_start))
            return m._replace(country=near.country, affiliation=near.name)
    return m


def _generic_unit(m: Mention, doc: Doc) -> bool:
    """Whether a unit is named by its type alone after "the" ("the Carrier Strike Group")."""
    return (m.kind == "military" and m.tok_start > 0 and doc[m.tok_start - 1].lower_ == "the"
            and all(w in unit_type_words() for w in m.text.casefold().split()))


def _governments(found: list[Mention], doc: Doc, gazetteer: Gazetteer) -> Iterator[Mention]:
    """Add the person's state for "the Biden administration" / "Netanyahu's government".

    The state's mention covers the person's name and the noun; it comes first, so that the
    person keeps their own tokens and the noun stands for the state.
    """
    for m in found:
        after = m.tok_end + (1 if m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS" else 0)
        state = gazetteer.state_of(m.country) if m.kind == "person" and m.country else None
        if state and after < len(doc) and doc[after].lower_ in place_words()["government"]:
            end = doc[after].idx + len(doc[after])
            yield m._replace(end=end, text=doc[m.tok_start:after + 1].text, name=state.name,
                             kind=state.kind, country=state.country, affiliation=None,
                             titles=(), tok_end=after + 1, origin="gazetteer")
        yield m
