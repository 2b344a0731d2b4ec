"""The event trigger lexicon and the words around it, read from ``analysis/resources/``.

``triggers.csv`` lists trigger phrases (verbs and nouns, single words and phrases) with their
PLOVER type and mode, whether they are weak (only an event when nothing stronger in their clause
says so), the object class they need ("send" + troops is MOBILIZE, + supplies AID), whether they
are symmetric ("meet", "clash") and what they do to their victims ("kill": killed).
``event_objects.csv`` holds the object classes, ``event_support_verbs.csv`` the light and motion
verbs, partitives and other word lists the argument rules use, ``event_types.csv`` per-type
settings, ``event_credits.csv`` the cues of bylines and photo credits.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from typing import NamedTuple

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .gazetteer import RESOURCES

NAME_LABELS = ("ORG", "PERSON", "GPE", "FAC", "LOC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT",
               "NORP", "DATE", "TIME")
DATELINE = re.compile(r"(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*|[A-Z][a-z]+(?: [A-Z][a-z]+)*"
                      r"(?: \([A-Z]+\))?),(?: [^,()\n]{1,40},)? (?:\d{1,2} [A-Z][a-z]{2,8}\.?"
                      r"(?: \d{2,4})?|[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?) \([^)\n]{1,60}\) ?"
                      r"[-–—]{1,2}")
DATELINE_WITHIN = 400   # characters from the top of the report


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


@functools.lru_cache(maxsize=None)  # one entry per resource file
def _table(name: str) -> dict[str, frozenset[str]]:
    """Read a two-column resource CSV (key, value) into ``key -> {values}``."""
    out: dict[str, set[str]] = {}
    with open(RESOURCES / name, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for key, value in reader:
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
    ("a gang belonging to the EPL"); ``perpetrator`` verbs ("attributed to"), ``responsibility``
    nouns ("claimed responsibility for") and ``participant`` words ("involved in", "behind") lay
    an event at someone; ``control`` phrasal verbs hand their complement to their object ("called
    on X to stop"); ``fatal`` words make a harming trigger a killing ("stabbed to death").
    """
    return _table("event_support_verbs.csv")


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[Trigger, ...]:
    """Return the trigger lexicon of ``resources/triggers.csv``."""
    with open(RESOURCES / "triggers.csv", newline="", encoding="utf-8") as fh:
        return tuple(Trigger(r["phrase"], r["pos"], r["event_type"], r["mode"] or None,
                             r["weak"] == "yes", r.get("object") or None,
                             r.get("symmetric") == "yes", r.get("effect") or None)
                     for r in csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, str]]:
    """Return ``event_type -> {of_role, deep_target}`` of ``resources/event_types.csv``.

    ``of_role`` is the role of an "of" phrase after a nominal trigger ("the arrest of X" is the
    target, "the withdrawal of X" the source); ``deep_target`` says whether an actor named deeper
    in the trigger's object may be its target (violence and coercion hit what they reach);
    ``adjectival`` whether a participle used as an adjective is an event ("the murdered mayor"
    is, "the Iran-backed group" is a description).
    """
    with open(RESOURCES / "event_types.csv", newline="", encoding="utf-8") as fh:
        return {r["event_type"]: r for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=1)
def credit_cues() -> re.Pattern:
    """Return the pattern of byline and photo-credit cues (``resources/event_credits.csv``)."""
    with open(RESOURCES / "event_credits.csv", newline="", encoding="utf-8") as fh:
        cues = [re.escape(r["cue"]) for r in csv.DictReader(fh)]
    return re.compile(r"\b(" + "|".join(cues) + r")\b", re.IGNORECASE)


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


class LexiconMatcher:
    """Find lexicon phrases in a Doc by an index of head lemmas and forms.

    Does what a spaCy ``Matcher`` over the lexicon would (the head word by lemma, or for verbs
    by a regular inflection the lemmatizer missed, with its part of speech; the other words by
    their lower-case form, plural allowed), two orders of magnitude faster for a lexicon of
    hundreds of phrases, since only tokens whose lemma heads a phrase are looked at.
    """

    def __init__(self):
        self.by_lemma: dict[str, list] = defaultdict(list)
        self.by_lower: dict[str, list] = defaultdict(list)
        for key, trig in enumerate(lexicon()):
            words = trig.phrase.split()
            head = 0 if trig.pos == "VERB" else len(words) - 1
            pos = {trig.pos, "PROPN"} if trig.pos == "NOUN" else {trig.pos}
            others = tuple((i, (w, w + "s")) for i, w in enumerate(words) if i != head)
            entry = (key, head, len(words), pos, others)
            for lemma in {words[head], words[head].capitalize()}:
                self.by_lemma[lemma].append(entry)
            if trig.pos == "VERB":
                for form in inflections(words[head]):
                    self.by_lower[form].append(entry)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return ``(lexicon row, start, end)`` for every match, each once."""
        found: dict[tuple[int, int, int], None] = {}
        n = len(doc)
        for tok in doc:
            candidates = self.by_lemma.get(tok.lemma_, []) + self.by_lower.get(tok.lower_, [])
            for key, head, length, pos, others in candidates:
                start = tok.i - head
                if tok.pos_ not in pos or start < 0 or start + length > n:
                    continue
                if all(doc[start + i].lower_ in forms for i, forms in others):
                    found[(key, start, start + length)] = None
        return list(found)


@functools.lru_cache(maxsize=1)
def _matcher() -> LexiconMatcher:
    return LexiconMatcher()


def is_credit(sent: Span) -> bool:
    """Return True for bylines and photo credits: a line without a verb that names an agency
    or has a slash ("Jane Doe/AFP - Getty Images"), or "X and Y contributed (to this report)"."""
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return "/" in sent.text or bool(credit_cues().search(sent.text))
    return sent.root.lemma_ == "contribute" and len(sent) <= 20


def triggers(doc: Doc) -> list[tuple[Span, list[Trigger]]]:
    """Return the trigger spans of a Doc with their lexicon entries, longest match first, no
    overlap. A span may have several entries ("send" troops or aid), in lexicon order.

    Words inside names ("Carrier Strike Group") are not triggers.
    """
    named = {i for ent in doc.ents if ent.label_ in NAME_LABELS
             for i in range(ent.start, ent.end)}
    table = lexicon()
    entries: dict[tuple[int, int], list[Trigger]] = {}
    for key, start, end in _matcher()(doc):
        if not any(i in named for i in range(start, end)):
            entries.setdefault((start, end), []).append(table[key])
    spans = filter_spans([Span(doc, s, e) for s, e in entries])
    return [(span, sorted(entries[(span.start, span.end)], key=table.index))
            for span in sorted(spans, key=lambda s: s.start)]


def _head_text(doc: Doc) -> str:
    """Return the first ``DATELINE_WITHIN`` characters of a Doc without building all its text."""
    end = 0
    while end < len(doc) and doc[end].idx < DATELINE_WITHIN:
        end += 1
    return doc[:end].text[:DATELINE_WITHIN]


def dateline(doc: Doc) -> range:
    """Return the characters of the report's dateline, near its top: its place, date and agency
    are the filing's, never an event's."""
    match = DATELINE.search(_head_text(doc))
    return range(match.start(), match.end()) if match else range(0)
