"""Small helpers over spaCy spans that several extractors share."""
from __future__ import annotations

from typing import Collection

from spacy.tokens import Doc, Span


def trim(span: Span) -> Span:
    """Trim determiners, possessive endings and punctuation off the edges of an entity."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


MEMBERSHIP_GAP = 3   # words between a phrase and "belonging to", and from "to" to the name


def named_member_of(doc: Doc, end: int, links: Collection[str]) -> range:
    """Return where to look for the name a phrase ending before token ``end`` says it belongs
    to, read off the words ("insurgents apparently belonging to the ELN", 'a gang "possibly
    belonging to the EPL"'), whatever the parse made of them: the tokens after "to" / "with",
    up to the next punctuation; an empty range when no ``links`` word ("belonging", "linked")
    follows the phrase."""
    k = end
    while k < len(doc) and k - end < MEMBERSHIP_GAP and (
            doc[k].is_punct and doc[k].lower_ not in (",", ".") or doc[k].pos_ == "ADV"):
        k += 1
    if k + 1 >= len(doc) or doc[k].lemma_.lower() not in links and doc[k].lower_ not in links:
        return range(0)
    if doc[k + 1].lower_ not in ("to", "with"):
        return range(0)
    stop = k + 2
    while stop < min(k + 2 + MEMBERSHIP_GAP, len(doc)) and not doc[stop].is_punct:
        stop += 1
    return range(k + 2, stop)
