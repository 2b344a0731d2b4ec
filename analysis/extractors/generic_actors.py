"""Generic actor mentions: the unnamed actors of reports ("gunmen", "Kenyan police", "Habar Gidir
clan militia", "protesters"), typed and named in ACLED's style from ``generic_actors.csv``.

Each row of the table gives word forms (one noun, or a modifier and a noun: "security forces"),
the kind of actor they name, and the name templates: ``name`` with ``{country}``
("Police Forces of {country}", "Unidentified Armed Group ({country})"; without a known country the
name drops the country part: "Police Forces", "Unidentified Armed Group") and, for militias,
``group_name`` with ``{group}`` for a capitalised clan or community ("{group} Clan Militia
({country})"). ``needs`` is ``qualifier`` for a noun that is an actor only with a state or place
among its modifiers or as its possessor, or in a two-word row ("Somali forces", "security
forces"; not "the new forces", "forces of the market", never "market forces");
``not_with`` lists sentence words that give the noun another sense ("fighters" beside "bout" or
"weighed", "rebels" beside "voted"). A row of kind ``-`` is a phrase that names no actor.

Rules, in the order they apply to a noun of the table:

- a noun that modifies another noun is no actor ("police station", "troop withdrawal", the
  "jihadist" of "jihadist-linked gunmen"), nor a noun inside another mention ("Israeli troops");
- a singular noun that counts a plural is a collective ("an army of fans", "a force of 500
  soldiers": the soldiers are the actor);
- a phrase with a named actor among its modifiers, or in its "of" / "from" / "linked to" phrase,
  is that actor's ("Taliban gunmen", "Hamas-linked fighters", "fighters of al-Shabaab"):
  the named mention stands for it; nationalities and religions are no names ("Kurdish fighters");
- the country comes from a state or place among the modifiers or the possessor ("Kenyan police",
  "Nigeria's army", "Borno police"), else from "in" / "of" / "from" and a state or place
  ("troops in Mali"); a force (police, military) without one takes the nearest state or state
  force its sentence names outside a prepositional phrase ("the US would send more troops"), or
  the last one of the two sentences before; else the caller's ``default_country``; else none;
- a police or military phrase of a country whose force the gazetteer names ("Somali soldiers":
  "Somali army" is the Somali National Army) is that force, so one force is one actor;
- a capitalised noun after the first word of its sentence is part of a name ("the Army said",
  "Rebel Without A Pause"), unless its phrase says whose it is ("the Kenyan Army"); so a
  headline in title case gives its first noun only;
- pronouns are never resolved here.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Iterator, NamedTuple, Sequence

from spacy.tokens import Doc, Token

from analysis.errors import WorkbookError
from analysis.extractors.events.triggers import doer_event_nouns
from analysis.extractors.gazetteer import PLACE_PREFIX, Entry, Gazetteer, actor_kinds
from analysis.extractors.token_words import where_words
from analysis.resources import bundled, read_csv

GENERIC_LABEL = "GENERIC"
GENERIC_ORIGIN = "generic"   # the Mention origin of generic actors
NOUN_POS = {"NOUN", "PROPN"}
MODIFIER_DEPS = {"compound", "amod", "npadvmod", "nmod"}
SPAN_DEPS = MODIFIER_DEPS | {"advmod", "punct"}   # what may stand in the span before the noun
QUANTITY_TAGS = {"JJR", "JJS", "RBR", "RBS", "WRB", "PDT"}   # "more", "most", "how"
QUANTITY_WORDS = {"many", "few", "several", "some", "much", "all", "both", "other", "such",
                  "numerous", "additional", "dozens", "hundreds", "thousands", "scores"}
NAME_LABELS = {"ORG", "PERSON", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
OWNED_KINDS = {"military", "police"}                # a state's own forces
DOER_KINDS = {"armed_group", "unidentified", "militia", "military", "police"}   # "rebel attack"
CONTEXT_SENTENCES = 2     # how far back a force without a country looks for its state
LINK_WORDS = {"link", "linked", "loyal", "affiliate", "affiliated", "allied", "tie", "tied",
              "belong", "belonging", "aligned", "backed"}
GROUP_NOUNS = {"clan": "clan", "subclan": "clan", "sub-clan": "clan", "community": "ethnic",
               "tribe": "ethnic"}
FORCE_NOUNS = {"military": ("military", "army", "armed forces", "forces", "troops"),
               "police": ("police",)}
_COUNTRY_PART = re.compile(r"\s*\(\{country\}\)|\s+of \{country\}|\{country\}\s*")


class GenericMention(NamedTuple):
    """One generic actor mention; :func:`analysis.extractors.actors.mentions` gives it as a
    ``Mention`` with label ``GENERIC`` and origin ``generic``."""

    start: int
    end: int
    text: str
    name: str               # canonical name ("Police Forces of Kenya")
    kind: str
    country: str | None
    affiliation: str | None
    tok_start: int
    tok_end: int


class GenericWord(NamedTuple):
    """One row of ``generic_actors.csv``: what a noun (or modifier and noun) names."""

    kind: str | None            # None: the phrase names no actor ("market forces")
    name: str                   # template with {country}
    group_name: str | None      # template with {group} and {country}, for militias
    needs_qualifier: bool
    not_with: frozenset[str]


class GenericTable(NamedTuple):
    """The table indexed for lookup: one-word forms, and modifier -> row per head form."""

    single: dict[str, GenericWord]
    double: dict[str, dict[str, GenericWord]]     # head form -> {modifier: row}, longest first


@functools.lru_cache(maxsize=1)
def generic_words() -> GenericTable:
    """Return the word forms of ``resources/generic_actors.csv`` and what they name."""
    single: dict[str, GenericWord] = {}
    double: dict[str, dict[str, GenericWord]] = {}
    columns = ["words", "kind", "name", "group_name", "needs", "not_with"]
    path = bundled("generic_actors.csv")
    for line, row in enumerate(read_csv(path, columns), start=2):
        kind = row["kind"].strip()
        if kind != "-" and kind not in actor_kinds():
            raise WorkbookError("E040", path=f"{path}:{line}", reason=f"unknown kind {kind!r}")
        word = GenericWord(None if kind == "-" else kind, row["name"].strip(),
                           row["group_name"].strip() or None, row["needs"].strip() == "qualifier",
                           frozenset(w.strip() for w in row["not_with"].split("|") if w.strip()))
        for form in (f.strip().lower() for f in row["words"].split("|") if f.strip()):
            if " " in form:
                modifier, head = form.rsplit(" ", 1)
                double.setdefault(head, {})[modifier] = word
            else:
                single[form] = word
    double = {head: dict(sorted(mods.items(), key=lambda kv: -len(kv[0])))
              for head, mods in double.items()}
    return GenericTable(single, double)


def _forms(tok: Token) -> tuple[str, ...]:
    return tok.lower_, tok.lemma_.lower()


def _text(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens).strip().lower()


def _country_free(template: str) -> str:
    """Return a name template without its country part ("Police Forces of {country}" ->
    "Police Forces")."""
    return _COUNTRY_PART.sub("", template).strip()


def _fill(template: str, state: Entry | None, group: str | None = None) -> str:
    if state is None:
        template = _country_free(template)
    return " ".join(template.format(country=state.name if state else "",
                                    group=group or "").split())


class _Doc:
    """What the rules need to know about a Doc and the mentions already found in it."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, known: Sequence):
        self.doc = doc
        self.gazetteer = gazetteer
        self.known = known
        self.by_token = {i: m for m in known for i in range(m.tok_start, m.tok_end)}
        self._sent_words: dict[int, frozenset[str]] = {}
        self.sentence_starts = [sent.start for sent in doc.sents]

    def sentence_words(self, tok: Token) -> frozenset[str]:
        sent = tok.sent
        if sent.start not in self._sent_words:
            self._sent_words[sent.start] = frozenset(w for t in sent for w in _forms(t))
        return self._sent_words[sent.start]

    def country_of(self, tok: Token) -> str | None:
        """Return the country a token names as a state or a place, or None."""
        m = self.by_token.get(tok.i)
        if m is not None:
            return m.country if m.kind == "state" else None
        if tok.ent_id_.startswith(PLACE_PREFIX):
            entry = self.gazetteer.places.get(tok.ent_id_[len(PLACE_PREFIX):])
            return entry.country if entry else None
        if tok.ent_type_ in ("GPE", "LOC") and tok.is_title:
            entry = self.gazetteer.place(tok.text)
            return entry.country if entry else None
        return None

    def is_state(self, tok: Token) -> bool:
        m = self.by_token.get(tok.i)
        return m is not None and m.kind == "state"

    def is_named(self, tok: Token) -> bool:
        """Whether a token is (part of) a named actor that is not a state: a mention of another
        kind, or a name the model found that no mention took ("UFC")."""
        m = self.by_token.get(tok.i)
        if m is not None:
            return m.kind != "state"
        if tok.ent_type_ not in NAME_LABELS or self.country_of(tok) is not None:
            return False
        table = generic_words()
        return not any(f in table.single or f in table.double for f in _forms(tok))


def _doer_of_event(tok: Token) -> bool:
    """Whether a word modifies a violent or coercive event noun, naming who did it ("terrorist
    attacks", "a guerrilla ambush", "a police raid")."""
    return (tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN"
            and tok.head.lemma_.lower() in doer_event_nouns() and tok.i < tok.head.i)


def _modifies_a_noun(tok: Token) -> bool:
    """Whether a noun modifies another noun ("police station", the "jihadist" of "jihadist-linked
    gunmen") rather than heading its phrase."""
    walk, moved = tok, False
    while walk.dep_ in MODIFIER_DEPS and walk.head.i != walk.i:
        walk, moved = walk.head, True
    return moved and walk.pos_ in NOUN_POS


def _collective(tok: Token, ctx: _Doc) -> bool:
    """Whether a singular noun counts a plural ("an army of fans", "a force of 500 soldiers")."""
    if tok.tag_ != "NN":
        return False
    return any(o.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in o.children)
               for o in _objects(tok, {"of"}) if ctx.country_of(o) is None)


def _objects(tok: Token, preps: set[str]) -> list[Token]:
    return [o for p in tok.children if p.dep_ == "prep" and p.lower_ in preps
            for o in p.children if o.dep_ == "pobj"]


def _linked_objects(tok: Token) -> list[Token]:
    """The objects of "linked to X", "loyal to X" after a noun."""
    out = []
    for c in tok.children:
        if c.dep_ in ("acl", "amod", "relcl") and c.i > tok.i and c.lemma_.lower() in LINK_WORDS:
            out += _objects(c, {"to", "with"}) + [a for a in c.children if a.dep_ == "agent"
                                                   for a in a.children if a.dep_ == "pobj"]
    return out


def _phrase_named(tok: Token, ctx: _Doc) -> bool:
    """Whether a named non-state actor stands for the phrase ("Taliban gunmen", "fighters of
    al-Shabaab", "gunmen loyal to X")."""
    doc = tok.doc
    if any(ctx.is_named(t) for t in doc[tok.left_edge.i:tok.i]):
        return True
    for obj in _objects(tok, {"of", "from"}) + _linked_objects(tok):
        if any(ctx.is_named(t) for t in doc[obj.left_edge.i:obj.i + 1]):
            return True
    return False


def _group(tok: Token, ctx: _Doc) -> tuple[list[Token], str | None]:
    """Return the capitalised clan or community a militia is named by and the word that says
    which ("clan", "ethnic"): "Abgaal clan militia", "ethnic Hutu militia", "militiamen from the
    Habar Gidir clan"."""
    doc = tok.doc

    def names(tokens):   # a capitalised first word of a sentence is a name only as an entity
        return [t for t in tokens if t.is_alpha and (t.is_title or t.is_upper)
                and t.pos_ in ("PROPN", "NOUN", "ADJ") and not ctx.is_state(t)
                and t.lower_ not in GROUP_NOUNS and (t.i != t.sent.start or t.ent_type_)]

    before = names(doc[tok.left_edge.i:tok.i])
    words = {t.lower_ for t in doc[tok.left_edge.i:tok.i]}
    which = "ethnic" if words & {"ethnic", "tribal"} else "clan" if "clan" in words else None
    if before:
        return before, which
    for obj in _objects(tok, {"from", "of"}):
        kind = GROUP_NOUNS.get(obj.lemma_.lower())
        found = names(doc[obj.left_edge.i:obj.i])
        if kind and found:
            return found, kind
    return [], which


def _lookup(tok: Token, before: str, which: str | None = None
            ) -> tuple[GenericWord | None, bool]:
    """Return the row of a noun given the text of its modifiers, and whether it is a two-word
    row: the longest two-word row whose modifier ends that text (or is ``which``, the clan or
    community word of a militia's "from" phrase), else the noun's own row."""
    table = generic_words()
    for form in _forms(tok):
        for modifier, word in table.double.get(form, {}).items():
            if before == modifier or before.endswith(" " + modifier) or modifier == which:
                return word, True
    for form in _forms(tok):
        if form in table.single:
            return table.single[form], False
    return None, False


def _span_start(tok: Token, ctx: _Doc, absorb: set[int]) -> int:
    """The first token of the phrase: the modifiers right before the noun that belong to it
    (not determiners, numbers, possessors, quantities, adverbs of the noun itself, nor tokens
    of other mentions): "heavily armed men", not "apparently army officers"."""
    doc = tok.doc
    start = tok.i
    for j in range(tok.i - 1, tok.left_edge.i - 1, -1):
        t = doc[j]
        if (j in ctx.by_token and j not in absorb) or t.dep_ not in SPAN_DEPS or t.like_num \
                or (t.dep_ == "advmod" and t.head.i == tok.i) \
                or t.pos_ in ("DET", "NUM", "PRON") or t.tag_ in QUANTITY_TAGS \
                or t.lower_ in QUANTITY_WORDS or (t.is_punct and t.tag_ != "HYPH"
                                                  and t.dep_ != "amod"):
            break
        start = j
    while start < tok.i and doc[start].is_punct:
        start += 1
    return start


def _in_prepositional_phrase(tok: Token) -> bool:
    """Whether a token stands inside a prepositional phrase of its clause ("toward the Lebanese
    border"): a place or a target there, not the owner of a force."""
    walk = tok
    while walk.head.i != walk.i and walk.pos_ not in ("VERB", "AUX"):
        if walk.dep_ == "pobj":
            return True
        walk = walk.head
    return False


def _owner(tok: Token, ctx: _Doc, earlier: Sequence[GenericMention]) -> str | None:
    """Return the country of the state or state force nearest a force that names no country:
    in its sentence, else the last one of the ``CONTEXT_SENTENCES`` before it ("The US would
    send troops. He declined to say how many additional troops ...")."""
    doc = tok.doc
    sents = ctx.sentence_starts
    k = bisect.bisect_right(sents, tok.i) - 1
    window_start = sents[max(0, k - CONTEXT_SENTENCES)]
    sent = tok.sent
    candidates = [m for m in [*ctx.known, *earlier]
                  if window_start <= m.tok_start < sent.end and m.country
                  and (m.kind == "state" or m.kind in OWNED_KINDS)
                  and not _in_prepositional_phrase(doc[m.tok_start:m.tok_end].root)]
    here = [m for m in candidates if m.tok_start >= sent.start]
    if here:
        return min(here, key=lambda m: abs(m.tok_start - tok.i)).country
    before = [m for m in candidates if m.tok_start < sent.start]
    return max(before, key=lambda m: m.tok_start).country if before else None


def _country(tok: Token, kind: str, ctx: _Doc, default: str | None,
             earlier: Sequence[GenericMention]) -> tuple[str | None, str | None]:
    """Return the phrase's country and where the phrase says it: ``modifier`` ("Kenyan police",
    "Nigeria's army"), ``phrase`` ("police in Kenya") or None (context, default, unknown)."""
    doc = tok.doc
    for t in reversed(doc[tok.left_edge.i:tok.i]):
        country = ctx.country_of(t)
        if country:
            return country, "modifier"
    for obj in _objects(tok, {"in", "of", "from"}):
        country = ctx.country_of(obj)
        if country:
            return country, "phrase"
    if kind in OWNED_KINDS:
        country = _owner(tok, ctx, earlier)
        if country:
            return country, None
    return default, None


def _state_force(gazetteer: Gazetteer, state: Entry, kind: str) -> Entry | None:
    """Return the gazetteer's force of a state for a kind ("Somali" + military -> Somali National
    Army), found through the state's own forms ("Somali army"), or None."""
    for form in (state.name, *state.aliases):
        for noun in FORCE_NOUNS.get(kind, ()):
            entry = gazetteer.actor(f"{form} {noun}")
            if entry is not None and entry.country == state.country \
                    and entry.kind in ("military", "police"):
                return entry
    return None


def generic_mentions(doc: Doc, gazetteer: Gazetteer, known: Sequence = (), *,
                     default_country: str | None = None) -> Iterator[GenericMention]:
    """Yield the generic actor mentions of a Doc, in text order.

    Parameters
    ----------
    doc : Doc
    gazetteer : Gazetteer
    known : sequence of Mention
        The mentions already found (names, states, units; :mod:`analysis.extractors.actors`);
        a generic mention never overlaps them, except the model's guesses (origin ``model``)
        inside a militia's group name ("Abgaal clan militia").
    default_country : str, optional
        ISO3 code of the report's main country, for a phrase that says none.

    Yields
    ------
    GenericMention

    Examples
    --------
    "Kenyan police arrested two suspected militants" yields "police" (Police Forces of Kenya,
    police, KEN) and "suspected militants" (Militants, armed_group, no country).
    """
    ctx = _Doc(doc, gazetteer, known)
    table = generic_words()
    heads = frozenset(table.single) | frozenset(table.double)
    owned: list[GenericMention] = []
    for i in where_words(doc, heads):
        tok = doc[i]
        doer = _doer_of_event(tok)      # "terrorist attacks", "a rebel ambush"
        if tok.pos_ not in NOUN_POS and not doer:
            continue
        if tok.i in ctx.by_token or (_modifies_a_noun(tok) and not doer) or _collective(tok, ctx):
            continue
        modifiers = doc[tok.left_edge.i:tok.i]
        word, two_word = _lookup(tok, _text(modifiers))
        group, which = _group(tok, ctx) if word is not None and word.group_name else ([], None)
        if group:   # "Abgaal clan militia": the row of "clan militia", named by "Abgaal"
            word, two_word = _lookup(tok, _text(t for t in modifiers if t not in group), which)
        if word is None or word.kind is None or word.not_with & ctx.sentence_words(tok):
            continue
        if doer and word.kind not in DOER_KINDS:
            continue            # "civilian deaths": the victims, not the doers
        # the model's guesses inside a militia's name give way to it ("Abgaal clan militia")
        absorb = {t.i for t in group if t.i in ctx.by_token
                  and ctx.by_token[t.i].origin in ("model", "lone")}
        if any(t.i in ctx.by_token for t in group if t.i not in absorb):
            continue            # a clan the gazetteer names is its own actor
        if not group and _phrase_named(tok, ctx):
            continue
        start = _span_start(tok, ctx, absorb)
        country, said = _country(tok, word.kind, ctx, default_country, owned)
        if word.needs_qualifier and not (said == "modifier" or two_word):
            continue
        if not said and tok.is_title and tok.i != tok.sent.start:
            continue            # "the Army said", "Rebel Without A Pause": part of a name
        state = gazetteer.state_of(country) if country else None
        force = _state_force(gazetteer, state, word.kind) if state and word.kind in OWNED_KINDS \
            else None
        if force is not None:
            name, kind, country, affiliation = (force.name, force.kind, force.country,
                                                force.affiliation)
        else:
            template = word.group_name if group else word.name
            name = _fill(template, state, " ".join(t.text for t in group))
            kind = word.kind
            affiliation = state.name if state and kind in OWNED_KINDS else None
        span = doc[min([start, *(t.i for t in group if t.i < tok.i)]):tok.i + 1]
        found = GenericMention(span.start_char, span.end_char, span.text, name, kind, country,
                               affiliation, span.start, span.end)
        if said and kind in OWNED_KINDS:
            owned.append(found)     # "Kenyan soldiers ... the soldiers": the same force
        yield found
