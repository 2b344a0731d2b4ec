"""The event trigger lexicon and the words around it, read from ``analysis/resources/``.

``triggers.csv`` lists trigger phrases (verbs and nouns, single words and phrases) with their
PLOVER type and mode, whether they are weak (only an event when nothing stronger in their clause
says so), the object class they need ("send" + troops is MOBILIZE, + supplies AID), whether they
are symmetric ("meet", "clash") and what they do to their victims ("kill": killed).
``event_objects.csv`` holds the object classes, ``event_support_verbs.csv`` the light and motion
verbs, partitives and other word lists the argument rules use, ``event_types.csv`` per-type
settings.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import NamedTuple

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from analysis.extractors.token_words import where_exact
from analysis.resources import bundled, file_stamp, read_csv

NAME_LABELS = ("ORG", "PERSON", "GPE", "FAC", "LOC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT",
               "NORP", "DATE", "TIME")


DOER_EVENT_TYPES = {"ASSAULT", "COERCE"}


class Trigger(NamedTuple):
    """A lexicon entry: the phrase's lemmas, the head's part of speech, PLOVER type and mode.

    ``object`` names an object class the trigger needs ("send" + troops); ``symmetric`` triggers
    ("meet", "clash") with two coordinated sources give both directions.
    """

    phrase: str
    pos: str
    event_type: str
    mode: str | None
    weak: bool
    object: str | None = None
    symmetric: bool = False
    effect: str | None = None   # "killed" or "wounded": what the trigger does to its victims
    senses: tuple[str, ...] = ()  # other readings it may have ("sport": "beat X 6-4"), see
    #                               analysis.extractors.events.senses


@functools.lru_cache(maxsize=None)  # one entry per resource file
def _table(name: str) -> dict[str, frozenset[str]]:
    """Read a two-column resource CSV (key, value) into ``key -> {values}``."""
    out: dict[str, set[str]] = {}
    rows = read_csv(bundled(name))
    for row in rows:
        key, value = list(row.values())[:2]
        out.setdefault(key, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


def object_classes() -> dict[str, frozenset[str]]:
    """Return ``class -> lemmas`` of ``resources/event_objects.csv`` ("forces" -> troop, ...)."""
    return _table("event_objects.csv")


def support_verbs() -> dict[str, frozenset[str]]:
    """Return ``kind -> lemmas`` of ``resources/event_support_verbs.csv``.

    ``light`` verbs carry a nominal trigger as object ("launched strikes"); ``motion`` verbs carry
    it as a purpose ("left for a deployment"); ``partitive`` nouns stand for the group in their
    "of" / "from" phrase ("members of the FMLN"), ``membership`` verbs for the one they name
    ("a gang belonging to the EPL"), ``resident`` nouns for the state of their "in" phrase
    ("officials in Ethiopia", "officials in Moscow"); ``perpetrator`` verbs ("attributed to"), ``responsibility``
    nouns ("claimed responsibility for") and ``participant`` words ("involved in", "behind") lay
    an event at someone; ``control`` phrasal verbs hand their complement to their object ("called
    on X to stop"); ``fatal`` words make a harming trigger a killing ("stabbed to death");
    ``scene`` nouns keep the event a trigger modifies real ("the attack site", "bombing
    victims"), where other nouns make it a kind ("murder music"); ``undergo`` verbs have their
    victim as subject ("five soldiers died"), ``theme_subject`` verbs the forces they move
    ("troops arrived"); ``reference`` determiners make a nominal trigger name an event told
    before ("the meeting", :mod:`analysis.extractors.events.references`).
    """
    return _table("event_support_verbs.csv")


# senses that need no cue words: "criticism" reads a trigger whose object is an ``abstract`` noun
# as ACCUSE ("attacked the spending bill"); "cause" makes a trigger an event only beside a sign
# of violence ("injured in the blast", not "injured in training")
CUELESS_SENSES = ("criticism", "cause")


@functools.lru_cache(maxsize=1)
def sense_cues() -> dict[str, dict[str, frozenset[str]]]:
    """Return ``sense -> where -> words`` of ``resources/trigger_senses.csv``: the words that
    tell a trigger's other readings ("sport": "award" in its sentence), and where to look for
    them (``sentence``, ``phrase``, ``pattern``, ``modifier``, ``object``, ``subject``,
    ``particle``, ``cause``); sense ``evidence`` lists the signs of violence that keep a
    violent reading whatever the sentence's other cues, ``hazard`` / ``sentence`` the floods,
    crashes and diseases that leave a death with no actor out of the events."""
    out: dict[str, dict[str, set[str]]] = {}
    for row in read_csv(bundled("trigger_senses.csv"), ["sense", "where", "word"]):
        out.setdefault(row["sense"], {}).setdefault(row["where"], set()).add(row["word"])
    return {k: {w: frozenset(v) for w, v in d.items()} for k, d in out.items()}


def sense_names() -> tuple[str, ...]:
    """Return the senses a trigger may list in its ``senses`` column."""
    return tuple(sorted(set(sense_cues()) - {"evidence"})) + CUELESS_SENSES


TRIGGER_COLUMNS = ["phrase", "pos", "event_type", "mode", "weak", "object", "symmetric",
                   "effect", "senses"]
REMOVE = "-"    # an analyst's row with this event type takes a bundled trigger out


def _read_triggers(path, *, user: bool) -> list[tuple[int, Trigger | None]]:
    """Read a trigger CSV into (line, Trigger) pairs; None for a row that removes a trigger.
    Every value is checked, and a wrong one stops with the file, its line and the reason."""
    from analysis.errors import WorkbookError

    rows = [{c: (r.get(c) or "").strip() for c in TRIGGER_COLUMNS}
            for r in read_csv(path, TRIGGER_COLUMNS[:3])]
    types, classes = set(event_types()), set(object_classes()) if user else None
    out = []
    for line, r in enumerate(rows, start=2):
        def bad(reason: str):
            return WorkbookError("E040", path=f"{path}:{line}", reason=reason)

        if not r["phrase"]:
            raise bad("empty phrase")
        if r["pos"] not in ("VERB", "NOUN"):
            raise bad(f"pos {r['pos']!r} is not VERB or NOUN")
        if user and r["event_type"] == REMOVE:
            out.append((line, Trigger(r["phrase"].lower(), r["pos"], REMOVE, None, False)))
            continue
        if user and r["event_type"] not in types:
            raise bad(f"event_type {r['event_type']!r} is not a PLOVER type "
                      f"({', '.join(sorted(types))}) or {REMOVE!r} to remove a trigger")
        for flag in ("weak", "symmetric"):
            if r[flag] not in ("", "yes", "no"):
                raise bad(f"{flag} {r[flag]!r} is not yes, no or empty")
        if r["effect"] not in ("", "killed", "wounded"):
            raise bad(f"effect {r['effect']!r} is not killed, wounded or empty")
        unknown = set(r["senses"].split()) - set(sense_names())
        if unknown:
            raise bad(f"senses {' '.join(sorted(unknown))!r} not among "
                      f"{', '.join(sense_names())}")
        if user and r["object"] and r["object"] not in classes:
            raise bad(f"object {r['object']!r} is not an object class of event_objects.csv "
                      f"({', '.join(sorted(classes))})")
        out.append((line, Trigger(r["phrase"].lower() if user else r["phrase"], r["pos"],
                                  r["event_type"], r["mode"] or None, r["weak"] == "yes",
                                  r["object"] or None, r["symmetric"] == "yes",
                                  r["effect"] or None, tuple(r["senses"].split()))))
    return out


def lexicon(user_csv: str | None = None) -> tuple[Trigger, ...]:
    """Return the trigger lexicon of ``resources/triggers.csv``, with an analyst's CSV over it.

    Parameters
    ----------
    user_csv : str, optional
        A CSV with the columns of ``triggers.csv`` (``phrase``, ``pos`` and ``event_type``
        required). Its rows for a phrase and part of speech replace every bundled row for them
        (in the bundled row's place, so they keep its precedence); a row whose ``event_type`` is
        ``-`` removes the phrase; rows for new phrases come last.

    Raises
    ------
    WorkbookError
        E040 naming the file and line of a wrong value.
    """
    return _lexicon(file_stamp(user_csv))


@functools.lru_cache(maxsize=8)
def _lexicon(stamp: tuple[str, int] | None) -> tuple[Trigger, ...]:
    shipped = [t for _, t in _read_triggers(bundled("triggers.csv"), user=False)]
    if stamp is None:
        return tuple(shipped)
    user_csv = stamp[0]
    mine: dict[tuple[str, str], list[Trigger]] = {}
    for _, trig in _read_triggers(user_csv, user=True):
        mine.setdefault((trig.phrase, trig.pos), []).append(trig)
    out, placed = [], set()
    for trig in [*shipped, *(t for ts in mine.values() for t in ts)]:
        key = (trig.phrase, trig.pos)
        if key not in mine:
            out.append(trig)
        elif key not in placed:
            placed.add(key)
            out += [t for t in mine[key] if t.event_type != REMOVE]
    return tuple(out)


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, str]]:
    """Return ``event_type -> {of_role, deep_target}`` of ``resources/event_types.csv``.

    ``of_role`` is the role of an "of" phrase after a nominal trigger ("the arrest of X" is the
    target, "the withdrawal of X" the source); ``deep_target`` says whether an actor named deeper
    in the trigger's object may be its target (violence and coercion hit what they reach);
    ``adjectival`` whether a participle used as an adjective is an event ("the murdered mayor"
    is, "the Iran-backed group" is a description); ``actorless`` whether an asserted event of the
    type stands with neither source nor target ("a bomb exploded", "a curfew was imposed");
    ``figures`` the number categories a figure of the sentence links to an event of the type by
    ("killed wounded" for ASSAULT).
    """
    return {r["event_type"]: r for r in read_csv(
        bundled("event_types.csv"), ["event_type", "of_role", "deep_target", "adjectival",
                                     "actorless", "figures"])}


@functools.lru_cache(maxsize=1)
def doer_event_nouns() -> frozenset[str]:
    """Return the head nouns of the bundled lexicon's violent and coercive events ("attack",
    "ambush", "raid"), whose modifier may name their doer ("a rebel attack", "a police raid")."""
    return frozenset(t.phrase.split()[-1] for t in lexicon()
                     if t.pos == "NOUN" and t.event_type in DOER_EVENT_TYPES)


@functools.lru_cache(maxsize=1)
def figure_event_types() -> dict[str, str]:
    """Return ``number category -> event type`` of the ``figures`` column of ``event_types.csv``:
    the type of event a figure of that category belongs to ("killed" -> ASSAULT)."""
    return {category: event_type for event_type, row in event_types().items()
            for category in row["figures"].split()}


def inflections(verb: str) -> list[str]:
    """Return the regular inflections of a verb, for words the lemmatizer gets wrong
    ("machinegunned")."""
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {verb, verb + "s", verb + "es", stem + "ed", stem + "ing"}
    if len(verb) > 2 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou":
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    if verb.endswith("y"):
        forms.add(verb[:-1] + "ied")
    return sorted(forms)


def _hyphenated(word: str) -> list[str]:
    """Return a lexicon word as the tokenizer splits it ("sit-in": sit, -, in)."""
    return [w for w in re.split(r"(-)", word) if w]


class LexiconMatcher:
    """Find lexicon phrases in a Doc by an index of head lemmas and forms.

    Does what a spaCy ``Matcher`` over the lexicon would (the head word by lemma, or for verbs
    by a regular inflection the lemmatizer missed, with its part of speech; the other words by
    their lower-case form, plural allowed), two orders of magnitude faster for a lexicon of
    hundreds of phrases, since only tokens whose lemma heads a phrase are looked at.
    """

    def __init__(self, user_csv: str | None = None):
        self.by_lemma: dict[str, list] = defaultdict(list)
        self.by_lower: dict[str, list] = defaultdict(list)
        for key, trig in enumerate(lexicon(user_csv)):
            first, *rest = trig.phrase.split()
            words = _hyphenated(first) + [w for word in rest for w in _hyphenated(word)]
            # a verb is headed by its first word ("machine-gun": "gun"), a noun by its last
            head = len(_hyphenated(first)) - 1 if trig.pos == "VERB" else len(words) - 1
            pos = {trig.pos, "PROPN"} if trig.pos == "NOUN" else {trig.pos}
            others = tuple((i, (w, w + "s")) for i, w in enumerate(words) if i != head)
            entry = (key, head, len(words), pos, others)
            for lemma in {words[head], words[head].capitalize()}:
                self.by_lemma[lemma].append(entry)
            if trig.pos == "VERB":
                for form in inflections(words[head]):
                    self.by_lower[form].append(entry)
        self.lemmas, self.lowers = frozenset(self.by_lemma), frozenset(self.by_lower)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return ``(lexicon row, start, end)`` for every match, each once."""
        found: dict[tuple[int, int, int], None] = {}
        n = len(doc)
        for i in where_exact(doc, lemmas=self.lemmas, lowers=self.lowers):
            tok = doc[i]
            candidates = self.by_lemma.get(tok.lemma_, []) + self.by_lower.get(tok.lower_, [])
            if not candidates:
                continue
            tag = tok.pos_
            if tag == "NOUN" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                tag = "VERB"        # a "noun" with a subject: the tagger missed a verb
            for key, head, length, pos, others in candidates:
                start = tok.i - head
                if tag not in pos or start < 0 or start + length > n:
                    continue
                if all(doc[start + i].lower_ in forms for i, forms in others):
                    found[(key, start, start + length)] = None
        return list(found)


def _matcher(user_csv: str | None = None) -> LexiconMatcher:
    return _matcher_of(file_stamp(user_csv))


@functools.lru_cache(maxsize=8)
def _matcher_of(stamp: tuple[str, int] | None) -> LexiconMatcher:
    return LexiconMatcher(stamp[0] if stamp else None)


def triggers(doc: Doc, user_csv: str | None = None) -> list[tuple[Span, list[Trigger]]]:
    """Return the trigger spans of a Doc with their lexicon entries, longest match first, no
    overlap. A span may have several entries ("send" troops or aid), in lexicon order.
    ``user_csv``: an analyst's trigger CSV over the bundled lexicon (see :func:`lexicon`).

    Words inside names ("Carrier Strike Group") are not triggers.
    """
    named = {i for ent in doc.ents if ent.label_ in NAME_LABELS
             for i in range(ent.start, ent.end)}
    table = lexicon(user_csv)
    entries: dict[tuple[int, int], list[int]] = {}   # lexicon rows, in lexicon order below
    for key, start, end in _matcher(user_csv)(doc):
        if not any(i in named for i in range(start, end)):
            entries.setdefault((start, end), []).append(key)
    spans = filter_spans([Span(doc, s, e) for s, e in entries])
    return [(span, [table[key] for key in sorted(entries[(span.start, span.end)])])
            for span in sorted(spans, key=lambda s: s.start)]
