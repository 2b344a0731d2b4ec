"""Titles and roles written before a person's name ("Maj. Gen.", "President", "spokesman"),
from ``resources/titles.csv``: who a name is, and that "Gen Medina" is a man, not a city."""
from __future__ import annotations

import functools

from spacy.tokens import Span

from analysis.resources import bundled, read_csv


@functools.lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Return the titles and roles of ``resources/titles.csv``, longest first."""
    found = [row["title"] for row in read_csv(bundled("titles.csv"), ["title"])]
    return tuple(sorted(found, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Return the words of every title ("Maj.", "Gen.", "Prime", "Minister")."""
    return frozenset(w for title in titles() for w in title.split())


def titles_before(span: Span) -> tuple[str, ...]:
    """Return the titles written right before a person's name ("Maj. Gen.", "spokesman")."""
    doc = span.doc
    start = span.sent.start
    if span.start == start or doc[span.start - 1].text not in title_words():
        return ()                       # no title ends right before the name
    before = doc[start:span.start].text.rstrip()  # not doc.text: O(length) per call
    found = []
    while True:
        for title in titles():
            if before.endswith(title) and (len(before) == len(title)
                                           or not before[-len(title) - 1].isalnum()):
                found.insert(0, title)
                before = before[:-len(title)].rstrip()
                break
        else:
            return tuple(found)


def titled(span: Span) -> bool:
    """Whether a name is written right after a person's title ("Gen Medina", "President
    Lincoln"): a person, whatever the model tagged it."""
    return bool(titles_before(span))
