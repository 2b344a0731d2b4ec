"""What a report's first lines say about it when it has no front matter: its headline and the
date of its dateline.

Wire copy opens with a dateline, the place and the day it was filed ("BAMAKO, April 12, 2025 -",
"KYIV, 26 March 2025 (Steppe Courier) -"); a plain-text file often opens with its headline on a
line of its own. Only a dateline that names its year gives a date: "BAMAKO, April 12 -" could be
any year, and a guess is worse than nothing. A headline is a short first line, followed by a
blank line, that does not end like a sentence.
"""
from __future__ import annotations

import re

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][\w.'\- ]{1,40}){0,2}),\s*"
    rf"(?P<date>{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}})\b"
    r"[^\n]{0,80}?\s[-\u2013\u2014]+\s")
MAX_HEADLINE_WORDS = 20
SENTENCE_END = (".", ";", ":", ",")


def dateline_date(text: str) -> str | None:
    """Return the date of a report's dateline as written ("April 12, 2025"), or None when the
    text opens with none, or with one that names no year.

    Examples
    --------
    >>> dateline_date("BAMAKO, April 12, 2025 - Gunmen attacked a convoy ...")
    'April 12, 2025'
    >>> dateline_date("BAMAKO, April 12 (Reuters) - Gunmen ...") is None
    True
    """
    lines = [line for line in text.lstrip().splitlines()[:3] if line.strip()]
    for line in lines[:2]:          # the headline may come first
        match = DATELINE.match(line + " ")
        if match:
            return match.group("date")
    return None


def headline(text: str) -> str | None:
    """Return a report's first line when it reads as a headline: short, on its own (a blank
    line after it), not ending like a sentence, and not a dateline's paragraph.

    Examples
    --------
    >>> headline("Gunmen kill 11 in Borno village\\n\\nMAIDUGURI, March 18 - Gunmen ...")
    'Gunmen kill 11 in Borno village'
    """
    lines = text.lstrip().splitlines()
    if len(lines) < 3 or lines[1].strip():
        return None
    first = lines[0].strip()
    words = first.split()
    if not words or len(words) > MAX_HEADLINE_WORDS or first.endswith(SENTENCE_END):
        return None
    if DATELINE.match(first + " ") or first.isupper() and len(words) <= 3:
        return None                 # a dateline, or a place or a section name alone
    if not (first[0].isalnum() or first[0] in "\"'\u2018\u201c"):
        return None                 # markup ("# Heading" in a .txt is text, not a headline)
    return first
