"""Bylines, photo credits and datelines: the lines of a report that say who wrote it, who took
its pictures and where and when it was filed, never what happened.

One detector for every reader: actors named in a credit are mentions with the role ``credit``
(they never act in events), and no event, actor or date is read from a credit or the dateline.
``credits.csv`` holds the cues as regular expressions: ``what`` says what the line is (byline,
photo credit, agency), ``verbless`` marks cues that make a credit only of a line without a verb
("Jane Doe/AFP", "Photo credit Reuters"), since in a sentence with one they are ordinary words.
A short sentence whose main verb is "contribute" ("X and Y contributed to this report") is a
byline too.
"""
from __future__ import annotations

import functools
import re

from spacy.symbols import AUX, POS, VERB
from spacy.tokens import Doc, Span

from analysis.resources import bundled, read_csv

# "KYIV, March 26 (Steppe Courier) -", "Lima, 2 Oct 88 (AFP) --": where and when it was filed
DATELINE = re.compile(r"(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*|[A-Z][a-z]+(?: [A-Z][a-z]+)*"
                      r"(?: \([A-Z]+\))?),(?: [^,()\n]{1,40},)? (?:\d{1,2} [A-Z][a-z]{2,8}\.?"
                      r"(?: \d{2,4})?|[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?) \([^)\n]{1,60}\) ?"
                      r"[-–—]{1,2}")
DATELINE_WITHIN = 400   # characters from the top of the report
CONTRIBUTED_WITHIN = 20  # tokens: "X contributed" is a byline, a long sentence is not


class Cues:
    """The credit cues of ``credits.csv``: those that hold in any line, those only in verbless."""

    def __init__(self, rows: list[dict[str, str]]):
        self.anywhere = tuple(re.compile(r["pattern"]) for r in rows if not r["verbless"])
        self.verbless = tuple(re.compile(r["pattern"]) for r in rows if r["verbless"])


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    """Return the bundled credit cues (``resources/credits.csv``)."""
    return Cues(read_csv(bundled("credits.csv"), ["pattern", "what", "verbless"]))


VERB_POS = (VERB, AUX)


def is_credit(sent: Span) -> bool:
    """Return True for a byline or photo credit ("Reporting by X", "Name/AFP - Getty Images",
    "X and Y contributed to this report")."""
    found = cues()
    line = sent.text.strip()
    if any(cue.search(line) for cue in found.anywhere):
        return True
    if not any(pos in VERB_POS for (pos,) in sent.to_array([POS]).tolist()):
        return any(cue.search(line) for cue in found.verbless)
    return sent.root.lemma_ == "contribute" and len(sent) <= CONTRIBUTED_WITHIN


def credit_sentences(doc: Doc) -> set[int]:
    """Return the start tokens of the sentences of a Doc that are bylines or photo credits."""
    return {sent.start for sent in doc.sents if is_credit(sent)}


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
